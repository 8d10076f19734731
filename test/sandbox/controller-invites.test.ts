import * as assert from "node:assert/strict";
import type { ControllerVersion } from "./index";
import { api, assertEmpty, useSandbox, userToken } from "./sandbox-fixture";

const GATE_BODY = {
  code: "service_unavailable",
  message: "Invites are not available: either the guest feature is disabled, guest access is disabled for this room or the room is encrypted",
};
const NOBODY = "00000000-0000-4000-8000-000000000000";

describe("sandbox controller invites", () => {
  for (const version of ["0.29", "0.30", "0.34"] as ControllerVersion[]) {
    describe(`${version}: the invite API`, () => {
      const ctx = useSandbox({ controllerVersion: version });
      let token = "";
      before(async () => {
        token = await userToken(ctx.sandbox);
      });
      const newRoom = async (settings: object = {}): Promise<string> => (await api(ctx.sandbox, token, "POST", "/v1/rooms", settings)).json.id;
      const verify = (code: unknown) => api(ctx.sandbox, undefined, "POST", "/v1/invite/verify", { invite_code: code });

      it("creates active invites with 200, past expiry accepted, and verifies them", async () => {
        const roomId = await newRoom({ password: "pw" });
        const created = await api(ctx.sandbox, token, "POST", `/v1/rooms/${roomId}/invites`, { expiration: "2099-01-01T00:00:00Z" });
        assert.equal(created.status, 200);
        assert.deepEqual([created.json.active, created.json.room_id, created.json.expiration], [true, roomId, "2099-01-01T00:00:00Z"]);
        assert.deepEqual((await verify(created.json.invite_code)).json, { room_id: roomId, password_required: true });
        const past = await api(ctx.sandbox, token, "POST", `/v1/rooms/${roomId}/invites`, { expiration: "2001-01-01T00:00:00Z" });
        assert.equal(past.json.active, true, "expiry is never materialised");
        assert.equal((await verify(past.json.invite_code)).status, 404);
        assert.equal((await verify("not-a-uuid")).status, 400);
      });

      it("clears an omitted expiration on PUT, soft-deletes, and never re-activates", async () => {
        const roomId = await newRoom();
        const invite = (await api(ctx.sandbox, token, "POST", `/v1/rooms/${roomId}/invites`, { expiration: "2099-01-01T00:00:00Z" })).json;
        const path = `/v1/rooms/${roomId}/invites/${invite.invite_code}`;
        const cleared = await api(ctx.sandbox, token, "PUT", path, {});
        assert.deepEqual([cleared.status, cleared.json.expiration], [200, null]);
        assert.equal((await api(ctx.sandbox, token, "DELETE", path)).status, 204);
        assert.equal((await api(ctx.sandbox, token, "DELETE", path)).status, 204, "repeat DELETE");
        assert.equal((await api(ctx.sandbox, token, "GET", path)).json.active, false);
        assert.equal((await api(ctx.sandbox, token, "PUT", path, { expiration: "2099-01-01T00:00:00Z" })).json.active, false);
        assert.equal((await verify(invite.invite_code)).status, 404);
      });

      it("lists inactive invites too, newest update first, with a Link header", async () => {
        const roomId = await newRoom();
        const codes: string[] = [];
        for (let i = 0; i < 3; i++) codes.push((await api(ctx.sandbox, token, "POST", `/v1/rooms/${roomId}/invites`, {})).json.invite_code);
        await api(ctx.sandbox, token, "DELETE", `/v1/rooms/${roomId}/invites/${codes[0]}`);
        const list = await api(ctx.sandbox, token, "GET", `/v1/rooms/${roomId}/invites?per_page=2`);
        assert.deepEqual(list.json.map((i: { invite_code: string }) => i.invite_code), [codes[0], codes[2]]);
        assert.match(list.headers.get("link") ?? "", /per_page=2&page=2>; rel="next"/);
      });

      it("keeps invites owner-only, with empty 403s", async () => {
        const foreign = ctx.sandbox.store.createRoom("alice@example.org");
        assertEmpty(await api(ctx.sandbox, token, "POST", `/v1/rooms/${foreign.id}/invites`, {}), 403);
        assertEmpty(await api(ctx.sandbox, token, "GET", `/v1/rooms/${foreign.id}/invites`), 403);
      });
    });
  }

  for (const version of ["0.29", "0.30"] as ControllerVersion[]) {
    describe(`${version}: no guest gate, missing rows are 500`, () => {
      const ctx = useSandbox({ controllerVersion: version });
      let token = "";
      before(async () => {
        token = await userToken(ctx.sandbox);
      });

      it("creates invites for encrypted rooms and without any guest feature", async () => {
        ctx.sandbox.store.setTariff("bot@example.org", { guestsAllowed: false, callIn: true });
        const roomId = (await api(ctx.sandbox, token, "POST", "/v1/rooms", { e2e_encryption: true })).json.id;
        const invite = await api(ctx.sandbox, token, "POST", `/v1/rooms/${roomId}/invites`, {});
        assert.equal(invite.status, 200);
        assert.equal((await api(ctx.sandbox, undefined, "POST", "/v1/invite/verify", { invite_code: invite.json.invite_code })).status, 200);
      });

      it("answers unknown codes with 500, another room's code with 404 (GET, PUT) or 500 (DELETE), a malformed one with a text 404", async () => {
        const roomId = (await api(ctx.sandbox, token, "POST", "/v1/rooms", {})).json.id;
        const other = ctx.sandbox.store.createInvite((await api(ctx.sandbox, token, "POST", "/v1/rooms", {})).json.id).code;
        for (const method of ["GET", "PUT", "DELETE"]) {
          const unknown = await api(ctx.sandbox, token, method, `/v1/rooms/${roomId}/invites/${NOBODY}`, method === "PUT" ? {} : undefined);
          assert.deepEqual([unknown.status, unknown.json.code], [500, "internal_server_error"], method);
          const foreign = await api(ctx.sandbox, token, method, `/v1/rooms/${roomId}/invites/${other}`, method === "PUT" ? {} : undefined);
          assert.equal(foreign.status, method === "DELETE" ? 500 : 404, `${method} another room's code`);
        }
        const malformed = await api(ctx.sandbox, token, "GET", `/v1/rooms/${roomId}/invites/nope`);
        assert.equal(malformed.status, 404);
        assert.equal(malformed.headers.get("content-type"), "text/plain; charset=utf-8");
        const verify = await api(ctx.sandbox, undefined, "POST", "/v1/invite/verify", { invite_code: NOBODY });
        assert.equal(verify.status, 500);
      });
    });
  }

  describe("0.34: the guest gate", () => {
    const ctx = useSandbox({ controllerVersion: "0.34" });
    let token = "";
    before(async () => {
      token = await userToken(ctx.sandbox);
    });

    it("closes the gate: writes 403, reads 404, verify 404; unknown codes 404; malformed ones an empty 403", async () => {
      const encrypted = (await api(ctx.sandbox, token, "POST", "/v1/rooms", { e2e_encryption: true, guest_access: "disabled" })).json.id;
      const noGuests = (await api(ctx.sandbox, token, "POST", "/v1/rooms", { guest_access: "disabled" })).json.id;
      const open = (await api(ctx.sandbox, token, "POST", "/v1/rooms", {})).json.id;
      const code = (await api(ctx.sandbox, token, "POST", `/v1/rooms/${open}/invites`, {})).json.invite_code;
      for (const roomId of [encrypted, noGuests]) {
        const write = await api(ctx.sandbox, token, "POST", `/v1/rooms/${roomId}/invites`, {});
        assert.deepEqual([write.status, write.json], [403, GATE_BODY]);
        const read = await api(ctx.sandbox, token, "GET", `/v1/rooms/${roomId}/invites`);
        assert.deepEqual([read.status, read.json], [404, GATE_BODY]);
      }
      assert.equal((await api(ctx.sandbox, token, "GET", `/v1/rooms/${open}/invites/${NOBODY}`)).status, 404);
      assertEmpty(await api(ctx.sandbox, token, "GET", `/v1/rooms/${open}/invites/nope`), 403);
      ctx.sandbox.store.setTariff("bot@example.org", { guestsAllowed: false, callIn: true });
      try {
        assert.equal((await api(ctx.sandbox, token, "GET", `/v1/rooms/${open}/invites/${code}`)).status, 404);
        assert.equal((await api(ctx.sandbox, token, "DELETE", `/v1/rooms/${open}/invites/${code}`)).status, 403);
        assert.equal((await api(ctx.sandbox, undefined, "POST", "/v1/invite/verify", { invite_code: code })).status, 404);
      } finally {
        ctx.sandbox.store.setTariff("bot@example.org", { guestsAllowed: true, callIn: true });
      }
      assert.equal((await api(ctx.sandbox, undefined, "POST", "/v1/invite/verify", { invite_code: code })).status, 200);
      assert.equal((await api(ctx.sandbox, undefined, "POST", "/v1/invite/verify", { invite_code: NOBODY })).status, 404);
    });
  });
});
