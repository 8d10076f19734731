import * as assert from "node:assert/strict";
import type { ControllerVersion } from "./index";
import { api, assertEmpty, grant, useSandbox, userToken } from "./sandbox-fixture";

const DATED = {
  is_time_independent: false,
  starts_at: { datetime: "2030-01-07T09:00:00+01:00", timezone: "Europe/Berlin" },
  ends_at: { datetime: "2030-01-07T10:00:00+01:00", timezone: "Europe/Berlin" },
};
const TIME_INDEPENDENT = { title: "Standing meeting", description: "", is_time_independent: true };
const FULL_TARIFF = { guestsAllowed: true, callIn: true };

describe("sandbox controller events", () => {
  const ctx = useSandbox();
  let token = "";
  let aliceToken = "";
  const post = (body: unknown) => api(ctx.sandbox, token, "POST", "/v1/events?suppress_email_notification=true", body);
  before(async () => {
    token = (await grant(ctx.sandbox)).access_token;
    aliceToken = (await grant(ctx.sandbox, "alice@example.org")).access_token;
  });
  afterEach(() => ctx.sandbox.store.setTariff("bot@example.org", FULL_TARIFF));

  describe("POST /v1/events", () => {
    it("creates a time-independent event with its room and SIP config, answering 200 with the controller's fields", async () => {
      const created = await post({ ...TIME_INDEPENDENT, password: "s3cret" });
      assert.equal(created.status, 200);
      const event = created.json;
      assert.deepEqual(Object.keys(event), [
        "id", "created_by", "created_at", "updated_by", "updated_at", "title", "description", "room", "invitees_truncated", "invitees",
        "is_time_independent", "type", "invite_status", "is_favorite", "can_edit", "is_adhoc", "show_meeting_details",
      ]);
      const room = ctx.sandbox.store.room(event.room.id);
      const sip = ctx.sandbox.store.sipConfig(event.room.id);
      assert.ok(room && sip, "room and SIP config exist");
      assert.equal(room.eventId, event.id);
      assert.deepEqual(event.room, {
        id: room.id, password: "s3cret", waiting_room: false, guest_access: "waiting_room", e2e_encryption: false,
        call_in: { tel: "+49 30 1234567", id: sip.sipId, password: sip.password },
      });
      assert.match(sip.sipId, /^\d{10}$/);
      assert.equal(event.created_by.email, "bot@example.org");
      assert.equal(event.created_at, event.updated_at);
      assert.match(event.created_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
      assert.deepEqual(
        [event.type, event.is_time_independent, event.invitees, event.invitees_truncated, event.invite_status, event.can_edit, event.is_favorite],
        ["single", true, [], false, "accepted", true, false],
      );
      assert.deepEqual([event.is_adhoc, event.show_meeting_details], [false, false]);
      assert.equal(ctx.sandbox.store.event(event.id)?.roomId, room.id);
    });

    it("accepts dated events without is_all_day and ignores date fields of time-independent ones", async () => {
      const dated = await post({ title: "x", description: "", ...DATED });
      assert.equal(dated.status, 200);
      assert.equal(dated.json.is_all_day, false);
      const ignored = await post({ ...TIME_INDEPENDENT, is_all_day: true, recurrence_pattern: ["FREQ=DAILY"] });
      assert.deepEqual([ignored.status, ignored.json.is_time_independent], [200, true]);
    });

    it("creates dated single and recurring events, dates normalised to UTC", async () => {
      const single = (await post({ title: "Kick-off", description: "d", ...DATED })).json;
      assert.deepEqual([single.type, single.is_time_independent, single.is_all_day, "recurrence_pattern" in single], ["single", false, false, false]);
      assert.deepEqual(single.starts_at, { datetime: "2030-01-07T08:00:00Z", timezone: "Europe/Berlin" });
      const weekly = (await post({ title: "Weekly", description: "", ...DATED, recurrence_pattern: ["RRULE:FREQ=WEEKLY;BYDAY=MO"] })).json;
      assert.equal(weekly.type, "recurring");
      assert.deepEqual(weekly.recurrence_pattern, ["RRULE:FREQ=WEEKLY;BYDAY=MO"]);
      assert.deepEqual(weekly.ends_at, { datetime: "2030-01-07T09:00:00Z", timezone: "Europe/Berlin" }, "the first occurrence's end");
      const allDay = await post({ title: "Offsite", description: "", ...DATED, is_all_day: true, starts_at: { datetime: "2030-02-01T00:00:00Z", timezone: "UTC" }, ends_at: { datetime: "2030-02-02T00:00:00Z", timezone: "UTC" } });
      assert.equal(allDay.status, 200);
      assert.equal(allDay.json.is_all_day, true);
    });

    it("refuses malformed bodies with 400 invalid_json", async () => {
      const cases: Array<[unknown, RegExp]> = [
        [{ description: "", is_time_independent: true }, /missing field `title`/],
        [{ title: "x", is_time_independent: true }, /missing field `description`/],
        [{ title: "x", description: "" }, /untagged enum EventDateKind/],
        [{ title: "x", description: "", is_time_independent: false }, /untagged enum EventDateKind/],
        [{ ...TIME_INDEPENDENT, title: "t".repeat(256) }, /Event title must not be longer than 255 characters/],
        [{ ...TIME_INDEPENDENT, title: "ü".repeat(128) }, /Event title must not be longer than 255 characters/],
        [{ ...TIME_INDEPENDENT, description: "d".repeat(4097) }, /Event description must not be longer than 4096 characters/],
        [{ ...TIME_INDEPENDENT, password: "" }, /Room password must have at least 1 characters/],
        [{ ...TIME_INDEPENDENT, guest_access: "open" }, /unknown variant `open`/],
        [{ ...TIME_INDEPENDENT, ...DATED, starts_at: { datetime: "2030-01-07T09:00:00Z", timezone: "Mars/Olympus" } }, /timezone/],
        [{ ...TIME_INDEPENDENT, ...DATED, recurrence_pattern: ["FREQ=DAILY", "FREQ=DAILY", "FREQ=DAILY", "FREQ=DAILY", "FREQ=DAILY"] }, /Too many recurrence rules found. Max: 4, found: 5/],
        [{ ...TIME_INDEPENDENT, ...DATED, recurrence_pattern: [`FREQ=DAILY;X-NOTE=${"ä".repeat(510)}`] }, /Recurrence rule string is too long. Max length: 1024, found length: 1038/],
      ];
      for (const [body, message] of cases) {
        const response = await post(body);
        assert.equal(response.status, 400, JSON.stringify(body).slice(0, 80));
        assert.equal(response.json.code, "invalid_json");
        assert.match(response.json.message, message);
      }
      assert.equal((await post({ ...TIME_INDEPENDENT, title: "ü".repeat(127), description: "d".repeat(4096) })).status, 200);
    });

    it("refuses impossible dates with 422 invalid_event", async () => {
      const cases: Array<[unknown, string]> = [
        [{ ...DATED, starts_at: DATED.ends_at, ends_at: DATED.starts_at }, "ends_at must not be before starts_at"],
        [{ ...DATED, is_all_day: true }, "is_all_day requires starts_at/ends_at to be set at the start of the day"],
        [{ ...DATED, recurrence_pattern: ["RRULE:FREQ=HOURLY"] }, "Frequencies below 'DAILY' are not supported"],
        [{ ...DATED, recurrence_pattern: ["DTSTART:20300107T090000"] }, "Invalid recurrence pattern"],
        [{ ...DATED, recurrence_pattern: ["RRULE:INTERVAL=2"] }, "Invalid recurrence pattern"],
        [{ ...DATED, recurrence_pattern: ["RRULE:FREQ=WEEKLY;UNTIL=20300301T000000"] }, "Invalid recurrence pattern"],
        [{ ...DATED, recurrence_pattern: ["EXDATE:20300114T080000Z"] }, "Invalid recurrence pattern"],
        [{ ...DATED, recurrence_pattern: ["RRULE:FREQ=HOURLY", "garbage"] }, "Invalid recurrence pattern"],
        [{ ...DATED, recurrence_pattern: ["RRULE:FREQ=DAILY;COUNT=0"] }, "recurrence_pattern does not yield any dates"],
      ];
      for (const [dates, message] of cases) {
        const response = await post({ title: "x", description: "", ...(dates as object) });
        assert.equal(response.status, 422, message);
        assert.deepEqual(response.json, { code: "invalid_event", message });
      }
    });

    it("applies the guest-access rules: tariff, and no guests in encrypted rooms", async () => {
      const encrypted = await post({ ...TIME_INDEPENDENT, e2e_encryption: true });
      assert.equal(encrypted.status, 400);
      assert.deepEqual(encrypted.json, { code: "invalid_guest_access", message: "Guest access cannot be enabled for encrypted rooms" });
      const closed = await post({ ...TIME_INDEPENDENT, e2e_encryption: true, guest_access: "disabled" });
      assert.equal(closed.status, 200);
      assert.equal(closed.json.room.e2e_encryption, true);
      assert.equal("call_in" in closed.json.room, false, "no dial-in into encrypted rooms");
      ctx.sandbox.store.setTariff("bot@example.org", { guestsAllowed: false, callIn: true });
      const refused = await post(TIME_INDEPENDENT);
      assert.equal(refused.status, 403);
      assert.equal(refused.json.code, "feature_disabled");
      assert.equal((await post({ ...TIME_INDEPENDENT, guest_access: "disabled" })).status, 200);
    });

    it("creates the SIP config even without call_in, but shows call_in only when dial-in is possible", async () => {
      ctx.sandbox.store.setTariff("bot@example.org", { guestsAllowed: true, callIn: false });
      const noCallIn = (await post(TIME_INDEPENDENT)).json;
      assert.equal("call_in" in noCallIn.room, false);
      assert.ok(ctx.sandbox.store.sipConfig(noCallIn.room.id), "the controller does not check the tariff here");
      ctx.sandbox.store.setTariff("bot@example.org", FULL_TARIFF);
      const guestsOff = (await post({ ...TIME_INDEPENDENT, guest_access: "disabled" })).json;
      assert.equal("call_in" in guestsOff.room, false, "dial-in users are guests (≥ 0.34)");
      assert.ok((await api(ctx.sandbox, token, "GET", `/v1/events/${noCallIn.id}`)).json.room.call_in, "the tariff is read at each request");
    });
  });

  describe("GET /v1/events/{id}", () => {
    it("shows the owner the event; without invitees_max the invitees count as truncated, invitees_max=0 is a 400", async () => {
      const created = (await post(TIME_INDEPENDENT)).json;
      const read = await api(ctx.sandbox, token, "GET", `/v1/events/${created.id}`);
      assert.equal(read.status, 200);
      assert.deepEqual(read.json, { ...created, invitees_truncated: true });
      assert.deepEqual((await api(ctx.sandbox, token, "GET", `/v1/events/${created.id}?invitees_max=10`)).json, created);
      for (const query of ["invitees_max=0", "invitees_max=101", "invitees_max=x"]) {
        const bad = await api(ctx.sandbox, token, "GET", `/v1/events/${created.id}?${query}`);
        assert.equal(bad.status, 400, query);
        assert.match(bad.headers.get("content-type") ?? "", /^text\/plain/);
      }
    });

    it("answers a missing, foreign or malformed event with an empty 403", async () => {
      const foreign = ctx.sandbox.store.createEvent("alice@example.org");
      for (const id of [foreign.id, "00000000-0000-4000-8000-000000000000", "nope"]) {
        for (const [method, body] of [["GET", undefined], ["PATCH", { title: "mine" }], ["DELETE", undefined]] as const) {
          assertEmpty(await api(ctx.sandbox, token, method, `/v1/events/${id}`, body), 403, `${method} ${id}`);
        }
      }
      assert.equal((await api(ctx.sandbox, aliceToken, "GET", `/v1/events/${foreign.id}`)).status, 200);
    });
  });

  describe("GET /v1/rooms/{id}/event", () => {
    it("gives the event info of an event room, 404 for a plain room and 403 for a foreign one", async () => {
      const created = (await post({ ...TIME_INDEPENDENT, password: "pw" })).json;
      const info = await api(ctx.sandbox, token, "GET", `/v1/rooms/${created.room.id}/event`);
      assert.equal(info.status, 200);
      assert.deepEqual(info.json, { id: created.id, room_id: created.room.id, title: created.title, is_adhoc: false, e2e_encryption: false, password_required: false });
      const plain = (await api(ctx.sandbox, token, "POST", "/v1/rooms", {})).json;
      const none = await api(ctx.sandbox, token, "GET", `/v1/rooms/${plain.id}/event`);
      assert.equal(none.status, 404);
      assert.deepEqual(none.json, { code: "not_found", message: "A requested resource could not be found" });
      const foreign = ctx.sandbox.store.createEvent("alice@example.org", { guestAccess: "disabled" });
      assertEmpty(await api(ctx.sandbox, token, "GET", `/v1/rooms/${foreign.roomId}/event`), 403);
    });
  });

  describe("DELETE /v1/events/{id}", () => {
    it("deletes the event with room, SIP config and invites (hard), while the room alone cannot be deleted", async () => {
      const created = (await post(TIME_INDEPENDENT)).json;
      const roomId = created.room.id;
      ctx.sandbox.store.createInvite(roomId);
      const conflict = await api(ctx.sandbox, token, "DELETE", `/v1/rooms/${roomId}`);
      assert.equal(conflict.status, 409);
      assert.equal(conflict.json.code, "conflict");
      const deleted = await api(ctx.sandbox, token, "DELETE", `/v1/events/${created.id}?suppress_email_notification=true`);
      assert.equal(deleted.status, 204);
      assert.equal(deleted.text, "");
      assert.equal(ctx.sandbox.store.event(created.id), undefined);
      assert.equal(ctx.sandbox.store.room(roomId), undefined);
      assert.equal(ctx.sandbox.store.sipConfig(roomId), undefined);
      assert.deepEqual(ctx.sandbox.store.invites(roomId), []);
      assertEmpty(await api(ctx.sandbox, token, "GET", `/v1/events/${created.id}`), 403);
      assertEmpty(await api(ctx.sandbox, token, "DELETE", `/v1/events/${created.id}`), 403, "gone: like a foreign event");
      assertEmpty(await api(ctx.sandbox, token, "DELETE", `/v1/events/${created.id}?suppress_email_notification=yes`), 403, "authorization before the query");
      const other = (await post(TIME_INDEPENDENT)).json;
      assert.equal((await api(ctx.sandbox, token, "DELETE", `/v1/events/${other.id}?suppress_email_notification=yes`)).status, 400);
    });
  });
});

describe("sandbox controller events without a dial-in number", () => {
  const ctx = useSandbox({ callInTel: null });

  it("never shows call_in", async () => {
    const token = (await grant(ctx.sandbox)).access_token;
    const created = await api(ctx.sandbox, token, "POST", "/v1/events", TIME_INDEPENDENT);
    assert.equal(created.status, 200);
    assert.equal("call_in" in created.json.room, false);
    assert.ok(ctx.sandbox.store.sipConfig(created.json.room.id));
  });
});

describe("sandbox controller events before 0.34", () => {
  for (const version of ["0.29", "0.30"] as ControllerVersion[]) {
    describe(version, () => {
      const ctx = useSandbox({ controllerVersion: version });
      let token = "";
      const post = (body: unknown) => api(ctx.sandbox, token, "POST", "/v1/events?suppress_email_notification=true", body);
      before(async () => {
        token = await userToken(ctx.sandbox);
      });
      afterEach(() => ctx.sandbox.store.setTariff("bot@example.org", FULL_TARIFF));

      it("wants is_all_day, starts_at and ends_at for a dated event (400 bad_request)", async () => {
        for (const body of [{ title: "x", description: "", ...DATED }, { title: "x", description: "", is_time_independent: false, is_all_day: false }]) {
          const response = await post(body);
          assert.equal(response.status, 400);
          assert.deepEqual(response.json, { code: "bad_request", message: "time dependent events must have title, description, is_all_day, starts_at and ends_at set" });
        }
        assert.equal((await post({ title: "x", description: "", ...DATED, is_all_day: false })).status, 200);
        assert.equal((await post({ title: "x", description: "" })).json.message, "Json deserialize error: missing field `is_time_independent` at line 1 column 30");
      });

      it(`refuses date fields of a time-independent event as ${version} does`, async () => {
        const message = "time independent events must not have is_all_day, starts_at, ends_at or recurrence_pattern set";
        const withRecurrence = await post({ ...TIME_INDEPENDENT, recurrence_pattern: ["FREQ=DAILY"] });
        assert.deepEqual([withRecurrence.status, withRecurrence.json.message], [400, message]);
        const withAllDay = await post({ ...TIME_INDEPENDENT, is_all_day: false });
        if (version === "0.29") assert.deepEqual([withAllDay.status, withAllDay.json.message], [400, message]);
        else assert.equal(withAllDay.status, 200, "0.30 ignores is_all_day/starts_at/ends_at here");
        assert.equal((await post({ ...TIME_INDEPENDENT, recurrence_pattern: [] })).status, 200, "an empty pattern is none");
      });

      it("shows no guest_access, always creates SIP, and shows call_in without guest conditions", async () => {
        ctx.sandbox.store.setTariff("bot@example.org", { guestsAllowed: false, callIn: true });
        const created = await post({ ...TIME_INDEPENDENT, guest_access: "disabled" });
        assert.equal(created.status, 200);
        assert.deepEqual(Object.keys(created.json.room), ["id", "waiting_room", "e2e_encryption", "call_in"]);
        const encrypted = await post({ ...TIME_INDEPENDENT, e2e_encryption: true });
        assert.equal(encrypted.status, 200, "no invalid_guest_access before 0.34");
        assert.equal("call_in" in encrypted.json.room, false);
        assert.ok(ctx.sandbox.store.sipConfig(encrypted.json.room.id));
        const info = await api(ctx.sandbox, token, "GET", `/v1/events/${created.json.id}?invitees_max=0`);
        assert.deepEqual([info.status, info.json.invitees_truncated], [200, true], "invitees_max is a u32 defaulting to 0");
        assert.equal((await api(ctx.sandbox, token, "GET", `/v1/events/${created.json.id}?invitees_max=5`)).json.invitees_truncated, false);
      });
    });
  }
});
