import * as assert from "node:assert/strict";
import { api, grant, useSandbox } from "./sandbox-fixture";

describe("sandbox controller SIP configs", () => {
  const ctx = useSandbox();
  let token = "";
  before(async () => {
    token = (await grant(ctx.sandbox)).access_token;
  });

  it("creates with 201 and random 10-digit id and PIN, updates with 200, deletes with 204", async () => {
    const roomId = (await api(ctx.sandbox, token, "POST", "/v1/rooms", {})).json.id;
    const path = `/v1/rooms/${roomId}/sip`;
    assert.equal((await api(ctx.sandbox, token, "GET", path)).status, 404);
    const created = await api(ctx.sandbox, token, "PUT", path, {});
    assert.equal(created.status, 201);
    assert.match(created.json.sip_id, /^\d{10}$/);
    assert.match(created.json.password, /^\d{10}$/);
    assert.equal(created.json.lobby, false);
    assert.equal(created.json.room, roomId);
    const updated = await api(ctx.sandbox, token, "PUT", path, { lobby: true, password: "0123456789" });
    assert.equal(updated.status, 200);
    assert.deepEqual(updated.json, { ...created.json, lobby: true, password: "0123456789" });
    assert.equal((await api(ctx.sandbox, token, "PUT", path, { password: "12" })).status, 400);
    assert.equal((await api(ctx.sandbox, token, "DELETE", path)).status, 204);
    assert.equal((await api(ctx.sandbox, token, "GET", path)).status, 404);
  });

  it("has no SIP for encrypted rooms and none without call-in", async () => {
    const encrypted = (await api(ctx.sandbox, token, "POST", "/v1/rooms", { e2e_encryption: true })).json.id;
    const get = await api(ctx.sandbox, token, "GET", `/v1/rooms/${encrypted}/sip`);
    assert.equal(get.status, 404);
    assert.equal(get.json.code, "service_unavailable");
    const put = await api(ctx.sandbox, token, "PUT", `/v1/rooms/${encrypted}/sip`, {});
    assert.equal(put.status, 403);
    assert.equal(put.json.code, "service_unavailable");
    ctx.sandbox.store.setTariff("bot@example.org", { guestsAllowed: true, callIn: false });
    const plain = (await api(ctx.sandbox, token, "POST", "/v1/rooms", {})).json.id;
    const refused = await api(ctx.sandbox, token, "PUT", `/v1/rooms/${plain}/sip`, {});
    assert.equal(refused.status, 403);
    assert.equal(refused.json.code, "feature_disabled_by_tariff");
  });
});
