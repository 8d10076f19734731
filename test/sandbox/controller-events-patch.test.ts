import * as assert from "node:assert/strict";
import type { ControllerVersion } from "./index";
import { api, useSandbox, userToken } from "./sandbox-fixture";

const STARTS = { datetime: "2030-01-07T08:00:00Z", timezone: "Europe/Berlin" };
const ENDS = { datetime: "2030-01-07T09:00:00Z", timezone: "Europe/Berlin" };
const FULL_TARIFF = { guestsAllowed: true, callIn: true };

function patchFixture(version: ControllerVersion) {
  const ctx = useSandbox({ controllerVersion: version });
  let token = "";
  before(async () => {
    token = await userToken(ctx.sandbox);
  });
  afterEach(() => ctx.sandbox.store.setTariff("bot@example.org", FULL_TARIFF));
  return {
    ctx,
    patch: (id: string, body: unknown, query = "?suppress_email_notification=true", headers: Record<string, string> = {}) =>
      api(ctx.sandbox, token, "PATCH", `/v1/events/${id}${query}`, body, headers),
    newEvent: async (body: object = {}) => (await api(ctx.sandbox, token, "POST", "/v1/events", { title: "Sync", description: "", is_time_independent: true, ...body })).json,
  };
}

describe("sandbox controller PATCH /v1/events/{id}", () => {
  for (const version of ["0.29", "0.30", "0.34", "0.35"] as ControllerVersion[]) {
    describe(`on every release: ${version}`, () => {
      const { ctx, patch, newEvent } = patchFixture(version);

      it("answers an empty PATCH (or one with only unknown fields) with 204 and no side effect", async () => {
        const event = await newEvent();
        for (const body of [{}, { colour: "blue" }]) {
          const response = await patch(event.id, body);
          assert.equal(response.status, 204);
          assert.equal(response.text, "");
        }
        assert.deepEqual(ctx.sandbox.store.invites(event.room.id), []);
        assert.equal(ctx.sandbox.store.event(event.id)?.updatedAt, event.updated_at);
      });

      it("updates event fields with 200 and removes a password with null", async () => {
        const event = await newEvent({ password: "pw" });
        const renamed = await patch(event.id, { title: "Renamed", description: "new", show_meeting_details: true, password: null });
        assert.equal(renamed.status, 200);
        assert.deepEqual([renamed.json.title, renamed.json.description, renamed.json.show_meeting_details], ["Renamed", "new", true]);
        assert.equal("password" in renamed.json.room, false, "null removes the password");
        assert.ok(renamed.json.updated_at > event.updated_at);
      });

      it("checks dates with 422 after applying room fields, which stay applied", async () => {
        const event = await newEvent();
        const response = await patch(event.id, { waiting_room: true, is_time_independent: false, starts_at: ENDS, ends_at: STARTS, is_all_day: false });
        assert.equal(response.status, 422);
        assert.equal(response.json.code, "invalid_event");
        assert.equal(ctx.sandbox.store.room(event.room.id)?.waitingRoom, true);
        assert.equal(ctx.sandbox.store.event(event.id)?.dates, null);
      });

      it("rejects malformed bodies and query values with 400", async () => {
        const event = await newEvent();
        const wrongType = await patch(event.id, { title: 7 });
        assert.deepEqual([wrongType.status, wrongType.json.code], [400, "invalid_json"]);
        assert.equal((await patch(event.id, { title: "x" }, "?invitees_max=-1")).status, 400);
        assert.equal((await patch(event.id, "{}", "")).status, 204);
        const wrongContentType = await patch(event.id, "{}", "", { "Content-Type": "text/plain" });
        assert.deepEqual([wrongContentType.status, wrongContentType.json.code], [400, "invalid_content_type"]);
      });
    });
  }

  describe("0.34", () => {
    const { ctx, patch, newEvent } = patchFixture("0.34");

    it("leaves a permanent invite behind once, and a new one when the room's invites are inactive or expired", async () => {
      const event = await newEvent();
      await patch(event.id, { title: "Again" });
      const invites = ctx.sandbox.store.invites(event.room.id);
      assert.equal(invites.length, 1);
      assert.deepEqual([invites[0].active, invites[0].expiration], [true, null]);
      await patch(event.id, { title: "Once more" }, "?invitees_max=5");
      assert.equal(ctx.sandbox.store.invites(event.room.id).length, 1, "a valid invite exists already");
      ctx.sandbox.store.deactivateInvite(event.room.id, invites[0].code);
      ctx.sandbox.store.createInvite(event.room.id, "2020-01-01T00:00:00Z");
      await patch(event.id, { is_adhoc: false });
      assert.equal(ctx.sandbox.store.invites(event.room.id).filter((i) => i.active && i.expiration === null).length, 1);
      const closed = await newEvent({ guest_access: "disabled" });
      await patch(closed.id, { title: "No guests" });
      assert.deepEqual(ctx.sandbox.store.invites(closed.room.id), [], "no invite where invites are not possible");
    });

    it("leaves updated_at alone when only room fields change, checking guest access like the room PATCH", async () => {
      const event = await newEvent();
      const roomOnly = await patch(event.id, { waiting_room: true, guest_access: "direct_access" });
      assert.equal(roomOnly.status, 200);
      assert.deepEqual([roomOnly.json.room.waiting_room, roomOnly.json.room.guest_access], [true, "direct_access"]);
      assert.equal(roomOnly.json.updated_at, event.updated_at);
      ctx.sandbox.store.setTariff("bot@example.org", { guestsAllowed: false, callIn: true });
      assert.equal((await patch(event.id, { waiting_room: false })).status, 200, "no guest field, no check");
      const refused = await patch(event.id, { guest_access: "waiting_room" });
      assert.deepEqual([refused.status, refused.json.code], [403, "feature_disabled"]);
      assert.equal((await patch(event.id, { e2e_encryption: true, guest_access: "disabled" })).json.room.guest_access, "disabled");
    });

    it("moves an event between time-independent and dated; a date change without recurrence_pattern drops it", async () => {
      const event = await newEvent();
      const dated = await patch(event.id, { is_time_independent: false, starts_at: STARTS, ends_at: ENDS, recurrence_pattern: ["FREQ=DAILY;COUNT=3"] });
      assert.equal(dated.status, 200);
      assert.deepEqual([dated.json.type, dated.json.is_time_independent, dated.json.starts_at, dated.json.is_all_day], ["recurring", false, STARTS, false]);
      assert.equal((await patch(event.id, { title: "Title only" })).json.type, "recurring", "the recurrence survives an event-field PATCH");
      const moved = await patch(event.id, { ends_at: { ...ENDS, datetime: "2030-01-07T09:30:00Z" } });
      assert.equal(moved.json.ends_at.datetime, "2030-01-07T09:30:00Z");
      assert.deepEqual(moved.json.starts_at, STARTS, "absent date fields stay");
      assert.equal(moved.json.type, "single", "a date PATCH without recurrence_pattern drops the recurrence");
      const back = await patch(event.id, { is_time_independent: true });
      assert.deepEqual([back.json.type, back.json.is_time_independent, "starts_at" in back.json], ["single", true, false]);
      const broken = await patch(event.id, { starts_at: STARTS });
      assert.deepEqual([broken.status, broken.json.message], [500, "tried to patch time depedent event without date"]);
    });

    it("exposes updates made in-process without the HTTP side effects", async () => {
      const event = ctx.sandbox.store.createEvent("bot@example.org", { title: "Web UI" });
      const updated = ctx.sandbox.store.updateEvent(event.id, { title: "Edited in the web UI", waitingRoom: true });
      assert.equal(updated.title, "Edited in the web UI");
      assert.equal(ctx.sandbox.store.room(event.roomId)?.waitingRoom, true);
      assert.deepEqual(ctx.sandbox.store.invites(event.roomId), []);
    });
  });

  describe("0.35", () => {
    const { ctx, patch, newEvent } = patchFixture("0.35");

    it("creates no invite any more", async () => {
      const event = await newEvent();
      assert.equal((await patch(event.id, { title: "Renamed" })).status, 200);
      assert.deepEqual(ctx.sandbox.store.invites(event.room.id), []);
    });
  });

  for (const version of ["0.29", "0.30"] as ControllerVersion[]) {
    describe(`${version} (kustos era)`, () => {
      const { ctx, patch, newEvent } = patchFixture(version);

      it("creates a permanent invite only when the room has no invite row at all", async () => {
        const event = await newEvent();
        ctx.sandbox.store.deactivateInvite(event.room.id, ctx.sandbox.store.createInvite(event.room.id).code);
        await patch(event.id, { title: "x" });
        assert.equal(ctx.sandbox.store.invites(event.room.id).length, 1, "an inactive invite counts");
        const fresh = await newEvent();
        await patch(fresh.id, { e2e_encryption: true });
        const invites = ctx.sandbox.store.invites(fresh.room.id);
        assert.deepEqual([invites.length, invites[0].active, invites[0].expiration], [1, true, null]);
      });

      it("ignores e2e_encryption unless password or waiting_room comes along", async () => {
        const event = await newEvent();
        const alone = await patch(event.id, { e2e_encryption: true });
        assert.equal(alone.status, 200);
        assert.equal(alone.json.room.e2e_encryption, false);
        assert.equal((await patch(event.id, { e2e_encryption: true, waiting_room: true })).json.room.e2e_encryption, true);
      });

      it("erases the recurrence of a dated event on any event-field PATCH without recurrence_pattern", async () => {
        const event = await newEvent({ is_time_independent: false, starts_at: STARTS, ends_at: ENDS, is_all_day: false, recurrence_pattern: ["FREQ=WEEKLY"] });
        assert.equal(event.type, "recurring");
        const retitled = await patch(event.id, { title: "Renamed" });
        assert.deepEqual([retitled.status, retitled.json.type, "recurrence_pattern" in retitled.json], [200, "single", false]);
      });

      it("wants all date fields to switch to dated (422 naming the fields sent) and refuses date fields without the switch", async () => {
        const event = await newEvent();
        const partial = await patch(event.id, { is_time_independent: false, starts_at: STARTS, ends_at: ENDS });
        assert.equal(partial.status, 422);
        assert.deepEqual(partial.json, {
          code: "validation_failed",
          message: "Some provided values are invalid",
          validation_errors: [
            { field: "starts_at", code: "value_required", message: "Must be provided when changing to time dependent events" },
            { field: "ends_at", code: "value_required", message: "Must be provided when changing to time dependent events" },
          ],
        });
        const none = await patch(event.id, { is_time_independent: false });
        assert.deepEqual(none.json, { code: "validation_failed", message: "Some provided values are invalid" });
        const ignored = await patch(event.id, { starts_at: STARTS });
        assert.deepEqual([ignored.status, ignored.json.validation_errors], [422, [{ field: "starts_at", code: "ignored_value", message: "Value would be ignored in this request" }]]);
        const full = await patch(event.id, { is_time_independent: false, starts_at: STARTS, ends_at: ENDS, is_all_day: false });
        assert.deepEqual([full.status, full.json.type], [200, "single"]);
      });
    });
  }
});
