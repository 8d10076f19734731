import * as assert from "node:assert/strict";
import { api, assertEmpty, call, grant, useSandbox } from "./sandbox-fixture";

const FULL_TARIFF = { guestsAllowed: true, callIn: true };

describe("sandbox controller guests by the room link (0.35)", () => {
  const ctx = useSandbox({ controllerVersion: "0.35" });
  let token = "";
  let aliceToken = "";
  before(async () => {
    token = (await grant(ctx.sandbox)).access_token;
    aliceToken = (await grant(ctx.sandbox, "alice@example.org")).access_token;
  });
  afterEach(() => ctx.sandbox.store.setTariff("bot@example.org", FULL_TARIFF));

  const guestCheck = (roomId: string, accessToken?: string) => api(ctx.sandbox, accessToken, "GET", `/v1/rooms/${roomId}/event`);
  const adminCheck = async (roomId: string): Promise<boolean> => (await call(`${ctx.sandbox.adminUrl}/rooms/${roomId}/guest-can-join`)).json.guestCanJoin;

  it("lets a visitor without a token read the event info of a room that admits guests", async () => {
    const event = (await api(ctx.sandbox, token, "POST", "/v1/events", { title: "Open", description: "", is_time_independent: true, password: "pw" })).json;
    const asGuest = await guestCheck(event.room.id);
    assert.equal(asGuest.status, 200);
    assert.deepEqual(asGuest.json, { id: event.id, room_id: event.room.id, title: "Open", is_adhoc: false, e2e_encryption: false, password_required: true });
    assert.equal((await guestCheck(event.room.id, token)).json.password_required, false, "role-aware: the owner needs no password");
    assert.equal((await guestCheck(event.room.id, aliceToken)).json.password_required, true, "an unrelated user is a guest");
    assert.equal(ctx.sandbox.guestCanJoin(event.room.id), true);
    assert.equal(await adminCheck(event.room.id), true);
    const plain = (await api(ctx.sandbox, token, "POST", "/v1/rooms", {})).json;
    assert.equal((await guestCheck(plain.id)).status, 404, "admitted, but the room has no event");
  });

  it("refuses guests with an empty 401 when the room is closed, encrypted, unknown or the tariff has no guests", async () => {
    const closed = ctx.sandbox.store.createEvent("bot@example.org", { guestAccess: "disabled" });
    const encrypted = ctx.sandbox.store.createEvent("bot@example.org", { guestAccess: "disabled", e2eEncryption: true });
    const open = ctx.sandbox.store.createEvent("bot@example.org");
    for (const roomId of [closed.roomId, encrypted.roomId, "00000000-0000-4000-8000-000000000000"]) {
      assertEmpty(await guestCheck(roomId), 401, roomId);
      assert.equal(ctx.sandbox.guestCanJoin(roomId), false, roomId);
    }
    assertEmpty(await guestCheck(closed.roomId, aliceToken), 403, "a registered stranger is denied");
    ctx.sandbox.store.setTariff("bot@example.org", { guestsAllowed: false, callIn: true });
    assertEmpty(await guestCheck(open.roomId), 401, "the owner's tariff decides");
    assert.equal(ctx.sandbox.guestCanJoin(open.roomId), false);
  });

  it("answers every invite-API call with an empty 410, with or without a token, but a bad Bearer with a JSON 401", async () => {
    const room = ctx.sandbox.store.createRoom("bot@example.org");
    const code = ctx.sandbox.store.createInvite(room.id).code;
    for (const [method, path] of [["GET", "invites"], ["POST", "invites"], ["GET", `invites/${code}`], ["PUT", `invites/${code}`], ["DELETE", `invites/${code}`]]) {
      assertEmpty(await api(ctx.sandbox, token, method, `/v1/rooms/${room.id}/${path}`, method === "POST" || method === "PUT" ? {} : undefined), 410, `${method} ${path}`);
      assertEmpty(await api(ctx.sandbox, undefined, method, `/v1/rooms/00000000-0000-4000-8000-000000000000/${path}`), 410, `${method} ${path} without token`);
    }
    const bad = await api(ctx.sandbox, "forged", "GET", `/v1/rooms/${room.id}/invites`);
    assert.equal(bad.status, 401);
    assert.equal(bad.json.code, "unauthorized");
  });

  it("still verifies old invite codes of rooms that admit guests", async () => {
    const open = ctx.sandbox.store.createRoom("bot@example.org", { password: "pw" });
    const closed = ctx.sandbox.store.createRoom("bot@example.org", { guestAccess: "disabled" });
    const verify = (code: string) => api(ctx.sandbox, undefined, "POST", "/v1/invite/verify", { invite_code: code });
    assert.deepEqual((await verify(ctx.sandbox.store.createInvite(open.id).code)).json, { room_id: open.id, password_required: true });
    assert.equal((await verify(ctx.sandbox.store.createInvite(closed.id).code)).status, 404);
    assert.equal((await verify("00000000-0000-4000-8000-000000000000")).status, 404);
  });

  it("redirects start_invited to start (308) and the roomserver variant with 301", async () => {
    const room = ctx.sandbox.store.createRoom("bot@example.org");
    const redirect = await api(ctx.sandbox, undefined, "POST", `/v1/rooms/${room.id}/start_invited`, {});
    assert.equal(redirect.status, 308);
    assert.equal(redirect.headers.get("location"), `/v1/rooms/${room.id}/start`);
    assert.equal(redirect.text, "");
    assert.equal((await api(ctx.sandbox, undefined, "POST", `/v1/rooms/${room.id}/roomserver/start_invited`, {})).status, 301);
  });

  describe("before 0.35", () => {
    const old = useSandbox({ controllerVersion: "0.34" });

    it("lets nobody in by the room link alone", async () => {
      const event = old.sandbox.store.createEvent("bot@example.org");
      const response = await api(old.sandbox, undefined, "GET", `/v1/rooms/${event.roomId}/event`);
      assert.equal(response.status, 401);
      assert.equal(response.json.code, "unauthorized");
      assert.equal(old.sandbox.guestCanJoin(event.roomId), false);
      assertEmpty(await api(old.sandbox, (await grant(old.sandbox, "alice@example.org")).access_token, "GET", `/v1/rooms/${event.roomId}/event`), 403);
    });
  });
});
