import * as assert from "node:assert/strict";
import type { ControllerVersion } from "./index";
import { api, assertEmpty, useSandbox, userToken } from "./sandbox-fixture";

const FULL_TARIFF = { guestsAllowed: true, callIn: true };

describe("sandbox controller SIP configs", () => {
  for (const version of ["0.29", "0.30"] as ControllerVersion[]) {
    describe(`${version}: no policy covers /sip`, () => {
      const ctx = useSandbox({ controllerVersion: version });

      it("answers every SIP call of the owner with an empty 403, though enable_sip works", async () => {
        const token = await userToken(ctx.sandbox);
        const room = await api(ctx.sandbox, token, "POST", "/v1/rooms", { enable_sip: true });
        assert.equal(room.status, 200);
        assert.ok(ctx.sandbox.store.sipConfig(room.json.id), "enable_sip made a config");
        for (const method of ["GET", "PUT", "DELETE"]) {
          assertEmpty(await api(ctx.sandbox, token, method, `/v1/rooms/${room.json.id}/sip`, method === "PUT" ? { lobby: true } : undefined), 403, method);
        }
        assert.ok(ctx.sandbox.store.sipConfig(room.json.id), "nothing deleted");
      });
    });
  }

  for (const version of ["0.34", "0.35"] as ControllerVersion[]) {
    describe(`${version}: the owner manages SIP`, () => {
      const ctx = useSandbox({ controllerVersion: version });
      let token = "";
      before(async () => {
        token = await userToken(ctx.sandbox);
      });
      afterEach(() => ctx.sandbox.store.setTariff("bot@example.org", FULL_TARIFF));

      it("creates with 201 and random 10-digit id and PIN, updates with 200, deletes with 204", async () => {
        const roomId = (await api(ctx.sandbox, token, "POST", "/v1/rooms", {})).json.id;
        const path = `/v1/rooms/${roomId}/sip`;
        const none = await api(ctx.sandbox, token, "GET", path);
        assert.equal(none.status, 404);
        assert.equal(none.json.code, "not_found");
        const empty = await api(ctx.sandbox, token, "PUT", path, {});
        assert.equal(empty.status, 400, "password or lobby is required");
        assert.match(empty.json.message, /expected object with either password or lobby value which is non-null/);
        const created = await api(ctx.sandbox, token, "PUT", path, { lobby: false });
        assert.equal(created.status, 201);
        assert.match(created.json.sip_id, /^\d{10}$/);
        assert.match(created.json.password, /^\d{10}$/);
        assert.deepEqual([created.json.lobby, created.json.room], [false, roomId]);
        const updated = await api(ctx.sandbox, token, "PUT", path, { lobby: true, password: "0123456789" });
        assert.equal(updated.status, 200);
        assert.deepEqual(updated.json, { ...created.json, lobby: true, password: "0123456789" });
        assert.equal((await api(ctx.sandbox, token, "PUT", path, { password: "12" })).status, 400);
        assert.equal((await api(ctx.sandbox, token, "DELETE", path)).status, 204);
        assert.equal((await api(ctx.sandbox, token, "DELETE", path)).status, 204, "also without a config");
        assert.equal((await api(ctx.sandbox, token, "GET", path)).status, 404);
      });

      it("refuses call-in for encrypted rooms, rooms without guest access and tariffs without call_in or guests", async () => {
        const encrypted = (await api(ctx.sandbox, token, "POST", "/v1/rooms", { e2e_encryption: true, guest_access: "disabled" })).json.id;
        const get = await api(ctx.sandbox, token, "GET", `/v1/rooms/${encrypted}/sip`);
        assert.equal(get.status, 404);
        assert.deepEqual(get.json, { code: "service_unavailable", message: "Call-in not available for end-to-end encrypted room" });
        const put = await api(ctx.sandbox, token, "PUT", `/v1/rooms/${encrypted}/sip`, { lobby: true });
        assert.deepEqual([put.status, put.json.message], [403, "call-in is not available for encrypted rooms"]);
        const closed = (await api(ctx.sandbox, token, "POST", "/v1/rooms", { guest_access: "disabled" })).json.id;
        for (const method of ["GET", "PUT"]) {
          const response = await api(ctx.sandbox, token, method, `/v1/rooms/${closed}/sip`, method === "PUT" ? { lobby: true } : undefined);
          assert.deepEqual([response.status, response.json.message], [403, "call-in is not available for rooms without guest access"], method);
        }
        const open = (await api(ctx.sandbox, token, "POST", "/v1/rooms", {})).json.id;
        ctx.sandbox.store.setTariff("bot@example.org", { guestsAllowed: true, callIn: false });
        const noCallIn = await api(ctx.sandbox, token, "PUT", `/v1/rooms/${open}/sip`, { lobby: true });
        assert.deepEqual([noCallIn.status, noCallIn.json.code], [403, "feature_disabled"]);
        assert.equal((await api(ctx.sandbox, token, "DELETE", `/v1/rooms/${open}/sip`)).status, 403);
        ctx.sandbox.store.setTariff("bot@example.org", { guestsAllowed: false, callIn: true });
        assert.equal((await api(ctx.sandbox, token, "PUT", `/v1/rooms/${open}/sip`, { lobby: true })).json.message, 'The feature "core::guests_allowed" is disabled');
      });

      it("keeps other people's SIP configs behind an empty 403", async () => {
        const foreign = ctx.sandbox.store.createRoom("alice@example.org", { enableSip: true });
        assertEmpty(await api(ctx.sandbox, token, "GET", `/v1/rooms/${foreign.id}/sip`), 403);
      });
    });
  }
});
