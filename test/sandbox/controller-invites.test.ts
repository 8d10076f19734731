import * as assert from "node:assert/strict";
import { api, grant, useSandbox } from "./sandbox-fixture";

const GATE_BODY = {
  code: "service_unavailable",
  message: "Invites are not available: either the guest feature is disabled, guest access is disabled for this room or the room is encrypted",
};

describe("sandbox controller invites", () => {
  const ctx = useSandbox();
  let token = "";
  before(async () => {
    token = (await grant(ctx.sandbox)).access_token;
  });
  const newRoom = async (settings: object = {}): Promise<string> => (await api(ctx.sandbox, token, "POST", "/v1/rooms", settings)).json.id;
  const verify = (code: unknown) => api(ctx.sandbox, undefined, "POST", "/v1/invite/verify", { invite_code: code });

  it("creates active invites with 200, past expiry accepted, and verifies them", async () => {
    const roomId = await newRoom({ password: "pw" });
    const created = await api(ctx.sandbox, token, "POST", `/v1/rooms/${roomId}/invites`, { expiration: "2099-01-01T00:00:00Z" });
    assert.equal(created.status, 200);
    assert.equal(created.json.active, true);
    assert.equal(created.json.room_id, roomId);
    assert.equal(created.json.expiration, "2099-01-01T00:00:00Z");
    assert.deepEqual((await verify(created.json.invite_code)).json, { room_id: roomId, password_required: true });
    const past = await api(ctx.sandbox, token, "POST", `/v1/rooms/${roomId}/invites`, { expiration: "2001-01-01T00:00:00Z" });
    assert.equal(past.status, 200);
    assert.equal(past.json.active, true, "expiry is never materialised");
    assert.equal((await verify(past.json.invite_code)).status, 404);
    assert.equal((await verify("not-a-uuid")).status, 400);
    assert.equal((await verify("00000000-0000-4000-8000-000000000000")).status, 404);
  });

  it("clears an omitted expiration on PUT, soft-deletes, and never re-activates", async () => {
    const roomId = await newRoom();
    const invite = (await api(ctx.sandbox, token, "POST", `/v1/rooms/${roomId}/invites`, { expiration: "2099-01-01T00:00:00Z" })).json;
    const path = `/v1/rooms/${roomId}/invites/${invite.invite_code}`;
    const cleared = await api(ctx.sandbox, token, "PUT", path, {});
    assert.equal(cleared.status, 200);
    assert.equal(cleared.json.expiration, null);
    assert.equal((await api(ctx.sandbox, token, "DELETE", path)).status, 204);
    assert.equal((await api(ctx.sandbox, token, "DELETE", path)).status, 204, "repeat DELETE");
    const afterDelete = await api(ctx.sandbox, token, "GET", path);
    assert.equal(afterDelete.json.active, false);
    const put = await api(ctx.sandbox, token, "PUT", path, { expiration: "2099-01-01T00:00:00Z" });
    assert.equal(put.json.active, false);
    assert.equal((await verify(invite.invite_code)).status, 404);
    assert.equal((await api(ctx.sandbox, token, "GET", `/v1/rooms/${roomId}/invites/00000000-0000-4000-8000-000000000000`)).status, 404);
  });

  it("lists inactive invites too, newest update first, with a Link header", async () => {
    const roomId = await newRoom();
    const codes: string[] = [];
    for (let i = 0; i < 3; i++) codes.push((await api(ctx.sandbox, token, "POST", `/v1/rooms/${roomId}/invites`, {})).json.invite_code);
    await api(ctx.sandbox, token, "DELETE", `/v1/rooms/${roomId}/invites/${codes[0]}`);
    const list = await api(ctx.sandbox, token, "GET", `/v1/rooms/${roomId}/invites?per_page=2`);
    assert.deepEqual(list.json.map((i: { invite_code: string }) => i.invite_code), [codes[0], codes[2]]);
    assert.match(list.headers.get("link") ?? "", /page=2>; rel="next"/);
  });

  it("closes the gate: writes 403, reads 404, verify 404", async () => {
    const encrypted = await newRoom({ e2e_encryption: true });
    const noGuests = await newRoom({ guest_access: "disabled" });
    const open = await newRoom();
    const code = (await api(ctx.sandbox, token, "POST", `/v1/rooms/${open}/invites`, {})).json.invite_code;
    for (const roomId of [encrypted, noGuests]) {
      const write = await api(ctx.sandbox, token, "POST", `/v1/rooms/${roomId}/invites`, {});
      assert.equal(write.status, 403);
      assert.deepEqual(write.json, GATE_BODY);
      const read = await api(ctx.sandbox, token, "GET", `/v1/rooms/${roomId}/invites`);
      assert.equal(read.status, 404);
      assert.deepEqual(read.json, GATE_BODY);
    }
    ctx.sandbox.store.setTariff("bot@example.org", { guestsAllowed: false, callIn: true });
    try {
      assert.equal((await api(ctx.sandbox, token, "GET", `/v1/rooms/${open}/invites/${code}`)).status, 404);
      assert.equal((await api(ctx.sandbox, token, "DELETE", `/v1/rooms/${open}/invites/${code}`)).status, 403);
      assert.equal((await verify(code)).status, 404);
    } finally {
      ctx.sandbox.store.setTariff("bot@example.org", { guestsAllowed: true, callIn: true });
    }
    assert.equal((await verify(code)).status, 200);
  });

  it("keeps invites owner-only", async () => {
    const foreign = ctx.sandbox.store.createRoom("alice@example.org");
    assert.equal((await api(ctx.sandbox, token, "POST", `/v1/rooms/${foreign.id}/invites`, {})).status, 403);
    assert.equal((await api(ctx.sandbox, token, "GET", `/v1/rooms/${foreign.id}/invites`)).status, 403);
  });
});
