import * as assert from "node:assert/strict";
import { api, grant, useSandbox } from "./sandbox-fixture";

const STARTS = { datetime: "2030-01-07T08:00:00Z", timezone: "Europe/Berlin" };
const ENDS = { datetime: "2030-01-07T09:00:00Z", timezone: "Europe/Berlin" };

describe("sandbox controller PATCH /v1/events/{id}", () => {
  const ctx = useSandbox();
  let token = "";
  const patch = (id: string, body: unknown, query = "?suppress_email_notification=true") => api(ctx.sandbox, token, "PATCH", `/v1/events/${id}${query}`, body);
  const newEvent = async (body: object = {}) =>
    (await api(ctx.sandbox, token, "POST", "/v1/events", { title: "Sync", description: "", is_time_independent: true, ...body })).json;
  before(async () => {
    token = (await grant(ctx.sandbox)).access_token;
  });
  afterEach(() => ctx.sandbox.store.setTariff("bot@example.org", { guestsAllowed: true, callIn: true }));

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

  it("updates event fields with 200 and leaves a permanent invite behind, once", async () => {
    const event = await newEvent({ password: "pw" });
    const renamed = await patch(event.id, { title: "Renamed", description: "new", show_meeting_details: true, password: null });
    assert.equal(renamed.status, 200);
    assert.deepEqual([renamed.json.title, renamed.json.description, renamed.json.show_meeting_details], ["Renamed", "new", true]);
    assert.equal("password" in renamed.json.room, false, "null removes the password");
    assert.ok(renamed.json.updated_at > event.updated_at);
    assert.equal(renamed.json.invitees_truncated, true, "no invitees_max");
    const invites = ctx.sandbox.store.invites(event.room.id);
    assert.equal(invites.length, 1);
    assert.deepEqual([invites[0].active, invites[0].expiration], [true, null]);
    await patch(event.id, { title: "Again" }, "?invitees_max=5");
    assert.equal(ctx.sandbox.store.invites(event.room.id).length, 1, "a valid invite exists already");
  });

  it("creates a new invite when the room's invites are inactive or expired", async () => {
    const event = await newEvent();
    const expired = ctx.sandbox.store.createInvite(event.room.id, "2020-01-01T00:00:00Z");
    const revoked = ctx.sandbox.store.deactivateInvite(event.room.id, ctx.sandbox.store.createInvite(event.room.id).code);
    await patch(event.id, { is_adhoc: false });
    const fresh = ctx.sandbox.store.invites(event.room.id).filter((i) => i.code !== expired.code && i.code !== revoked.code);
    assert.equal(fresh.length, 1);
    assert.deepEqual([fresh[0].active, fresh[0].expiration], [true, null]);
  });

  it("leaves updated_at alone when only room fields change, and applies the room PATCH's tariff quirk to them", async () => {
    const event = await newEvent();
    const roomOnly = await patch(event.id, { waiting_room: true, guest_access: "direct_access" });
    assert.equal(roomOnly.status, 200);
    assert.deepEqual([roomOnly.json.room.waiting_room, roomOnly.json.room.guest_access], [true, "direct_access"]);
    assert.equal(roomOnly.json.updated_at, event.updated_at);
    ctx.sandbox.store.setTariff("bot@example.org", { guestsAllowed: false, callIn: true });
    const refused = await patch(event.id, { waiting_room: false });
    assert.equal(refused.status, 403);
    assert.equal(refused.json.code, "feature_disabled_by_tariff");
    assert.equal((await patch(event.id, { title: "No room fields" })).status, 200, "event fields alone need no guest feature");
    const disabled = await patch(event.id, { waiting_room: false, guest_access: "disabled" });
    assert.equal(disabled.status, 200);
    assert.equal(disabled.json.room.guest_access, "disabled");
  });

  it("moves an event between time-independent and dated", async () => {
    const event = await newEvent();
    const dated = await patch(event.id, { is_time_independent: false, starts_at: STARTS, ends_at: ENDS, recurrence_pattern: ["FREQ=DAILY;COUNT=3"] });
    assert.equal(dated.status, 200);
    assert.deepEqual([dated.json.type, dated.json.is_time_independent, dated.json.starts_at, dated.json.is_all_day], ["recurring", false, STARTS, false]);
    const moved = await patch(event.id, { ends_at: { ...ENDS, datetime: "2030-01-07T09:30:00Z" } });
    assert.equal(moved.json.ends_at.datetime, "2030-01-07T09:30:00Z");
    assert.deepEqual(moved.json.starts_at, STARTS, "absent date fields stay");
    assert.equal(moved.json.type, "single", "a date PATCH without recurrence_pattern drops the recurrence");
    const back = await patch(event.id, { is_time_independent: true });
    assert.deepEqual([back.json.type, back.json.is_time_independent, "starts_at" in back.json], ["single", true, false]);
    const broken = await patch(event.id, { starts_at: STARTS });
    assert.equal(broken.status, 500, "partial dates on a time-independent event");
    assert.equal(broken.json.message, "tried to patch time depedent event without date");
  });

  it("checks dates with 422 after applying room fields, which stay applied", async () => {
    const event = await newEvent();
    const response = await patch(event.id, { waiting_room: true, is_time_independent: false, starts_at: ENDS, ends_at: STARTS });
    assert.equal(response.status, 422);
    assert.equal(response.json.code, "invalid_event");
    assert.equal(ctx.sandbox.store.room(event.room.id)?.waitingRoom, true);
    assert.equal(ctx.sandbox.store.event(event.id)?.dates, null);
  });

  it("rejects malformed bodies and query values with 400", async () => {
    const event = await newEvent();
    const wrongType = await patch(event.id, { title: 7 });
    assert.equal(wrongType.status, 400);
    assert.equal(wrongType.json.code, "invalid_json");
    assert.equal((await patch(event.id, { title: "x" }, "?invitees_max=0")).status, 400);
    assert.equal((await patch(event.id, "{}", "")).status, 204);
    const wrongContentType = await api(ctx.sandbox, token, "PATCH", `/v1/events/${event.id}`, "{}", { "Content-Type": "text/plain" });
    assert.equal(wrongContentType.json.code, "invalid_content_type");
  });

  it("exposes updates made in-process without the HTTP side effects", async () => {
    const event = ctx.sandbox.store.createEvent("bot@example.org", { title: "Web UI" });
    const updated = ctx.sandbox.store.updateEvent(event.id, { title: "Edited in the web UI", waitingRoom: true });
    assert.equal(updated.title, "Edited in the web UI");
    assert.equal(ctx.sandbox.store.room(event.roomId)?.waitingRoom, true);
    assert.deepEqual(ctx.sandbox.store.invites(event.roomId), []);
    const read = await api(ctx.sandbox, token, "GET", `/v1/events/${event.id}`);
    assert.equal(read.json.title, "Edited in the web UI");
  });
});
