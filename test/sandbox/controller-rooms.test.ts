import * as assert from "node:assert/strict";
import type { ControllerVersion } from "./index";
import { api, assertEmpty, useSandbox, userToken } from "./sandbox-fixture";

const FULL_TARIFF = { guestsAllowed: true, callIn: true };
const NOBODY = "00000000-0000-4000-8000-000000000000";

describe("sandbox controller rooms", () => {
  for (const version of ["0.29", "0.30", "0.34", "0.35"] as ControllerVersion[]) {
    describe(`on every release: ${version}`, () => {
      const ctx = useSandbox({ controllerVersion: version });
      let token = "";
      before(async () => {
        token = await userToken(ctx.sandbox);
      });

      it("answers a missing, foreign or malformed room with an empty 403 before reading the body", async () => {
        const foreign = ctx.sandbox.store.createRoom("alice@example.org");
        for (const id of [foreign.id, NOBODY, "not-a-uuid"]) {
          for (const method of ["GET", "PATCH", "DELETE"]) {
            const response = await api(ctx.sandbox, token, method, `/v1/rooms/${id}`, method === "PATCH" ? "{broken" : undefined);
            assertEmpty(response, 403, `${method} ${id}`);
          }
        }
        assertEmpty(await api(ctx.sandbox, token, "PUT", `/v1/rooms/${(await api(ctx.sandbox, token, "POST", "/v1/rooms", {})).json.id}`, {}), 403, "no policy for PUT");
        assertEmpty(await api(ctx.sandbox, token, "GET", "/v1/nothing/here"), 403, "unrouted /v1 path");
        assertEmpty(await api(ctx.sandbox, token, "GET", "/nothing/here"), 404, "outside /v1");
      });

      it("counts password bytes, refuses bad bodies like actix and serde, and answers PATCH {} with 500", async () => {
        const tooLong = await api(ctx.sandbox, token, "POST", "/v1/rooms", { password: "ü".repeat(128) });
        assert.equal(tooLong.status, 400);
        assert.match(tooLong.json.message, /^Json deserialize error: Room password must not be longer than 255 characters at line 1 column \d+$/);
        const room = await api(ctx.sandbox, token, "POST", "/v1/rooms", { password: "ü".repeat(127) });
        assert.equal(room.status, 200, "254 bytes are fine");
        assert.equal((await api(ctx.sandbox, token, "POST", "/v1/rooms", { password: "" })).json.code, "invalid_json");
        const wrongType = await api(ctx.sandbox, token, "POST", "/v1/rooms", { waiting_room: "yes" });
        assert.deepEqual(wrongType.json, { code: "invalid_json", message: 'Json deserialize error: invalid type: string "yes", expected a boolean at line 1 column 21' });
        assert.equal((await api(ctx.sandbox, token, "POST", "/v1/rooms", "{}", { "Content-Type": "text/plain" })).json.code, "invalid_content_type");
        const empty = await api(ctx.sandbox, token, "PATCH", `/v1/rooms/${room.json.id}`, {});
        assert.equal(empty.status, 500);
        assert.equal(empty.json.code, "internal_server_error");
        const removed = await api(ctx.sandbox, token, "PATCH", `/v1/rooms/${room.json.id}`, { password: null });
        assert.equal("password" in removed.json, false);
      });

      it("deletes with 204 and cascades, but 409 while an event holds the room", async () => {
        const room = await api(ctx.sandbox, token, "POST", "/v1/rooms", { enable_sip: true });
        ctx.sandbox.store.createInvite(room.json.id);
        ctx.sandbox.store.attachEvent(room.json.id, "11111111-1111-4111-8111-111111111111");
        const conflict = await api(ctx.sandbox, token, "DELETE", `/v1/rooms/${room.json.id}`);
        assert.equal(conflict.status, 409);
        assert.deepEqual(conflict.json, { code: "conflict", message: `Unable to delete room with id ${room.json.id} due to conflicting event` });
        ctx.sandbox.store.attachEvent(room.json.id, null);
        assert.equal((await api(ctx.sandbox, token, "DELETE", `/v1/rooms/${room.json.id}`)).status, 204);
        assert.equal(ctx.sandbox.store.sipConfig(room.json.id), undefined);
        assert.deepEqual(ctx.sandbox.store.invites(room.json.id), []);
        assertEmpty(await api(ctx.sandbox, token, "GET", `/v1/rooms/${room.json.id}`), 403);
      });
    });
  }

  describe("0.30 (before guest access)", () => {
    const ctx = useSandbox({ controllerVersion: "0.30" });
    let token = "";
    before(async () => {
      token = await userToken(ctx.sandbox);
    });
    afterEach(() => ctx.sandbox.store.setTariff("bot@example.org", FULL_TARIFF));

    it("creates rooms without guest_access, enable_sip gated by the call_in tariff only", async () => {
      const created = await api(ctx.sandbox, token, "POST", "/v1/rooms", { e2e_encryption: true, enable_sip: true, guest_access: "disabled" });
      assert.equal(created.status, 200);
      assert.deepEqual(Object.keys(created.json), ["id", "created_by", "created_at", "waiting_room"]);
      assert.ok(ctx.sandbox.store.sipConfig(created.json.id), "e2ee does not stop enable_sip before 0.34");
      ctx.sandbox.store.setTariff("bot@example.org", { guestsAllowed: false, callIn: false });
      const refused = await api(ctx.sandbox, token, "POST", "/v1/rooms", { enable_sip: true });
      assert.equal(refused.status, 403);
      assert.deepEqual(refused.json, { code: "feature_disabled_by_tariff", message: "The user's tariff does not include the core::call_in feature" });
      assert.equal((await api(ctx.sandbox, token, "PATCH", `/v1/rooms/${created.json.id}`, { waiting_room: true })).status, 200, "no guest check");
    });
  });

  describe("0.34 (guest access)", () => {
    const ctx = useSandbox({ controllerVersion: "0.34" });
    let token = "";
    before(async () => {
      token = await userToken(ctx.sandbox);
    });
    afterEach(() => ctx.sandbox.store.setTariff("bot@example.org", FULL_TARIFF));

    it("creates with 200, defaults guest_access to waiting_room, keeps e2e_encryption write-only", async () => {
      const created = await api(ctx.sandbox, token, "POST", "/v1/rooms", { waiting_room: true, e2e_encryption: true, guest_access: "disabled" });
      assert.equal(created.status, 200);
      assert.deepEqual(Object.keys(created.json), ["id", "created_by", "created_at", "waiting_room", "guest_access"]);
      assert.match(created.json.created_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
      assert.equal(ctx.sandbox.store.room(created.json.id)?.e2eEncryption, true);
      assert.deepEqual((await api(ctx.sandbox, token, "GET", `/v1/rooms/${created.json.id}`)).json, created.json);
      assert.equal((await api(ctx.sandbox, token, "POST", "/v1/rooms", {})).json.guest_access, "waiting_room");
    });

    it("refuses end-to-end encryption with guest access, even a defaulted one", async () => {
      for (const body of [{ e2e_encryption: true }, { e2e_encryption: true, guest_access: "direct_access" }]) {
        const response = await api(ctx.sandbox, token, "POST", "/v1/rooms", body);
        assert.equal(response.status, 400);
        assert.deepEqual(response.json, { code: "invalid_guest_access", message: "Guest access cannot be enabled for encrypted rooms" });
      }
    });

    it("gates guests by the tariff with feature_disabled, and call-in by guest access", async () => {
      ctx.sandbox.store.setTariff("bot@example.org", { guestsAllowed: false, callIn: true });
      const guests = await api(ctx.sandbox, token, "POST", "/v1/rooms", {});
      assert.equal(guests.status, 403);
      assert.deepEqual(guests.json, { code: "feature_disabled", message: 'The feature "core::guests_allowed" is disabled' });
      const room = await api(ctx.sandbox, token, "POST", "/v1/rooms", { guest_access: "disabled" });
      assert.equal(room.status, 200);
      ctx.sandbox.store.setTariff("bot@example.org", FULL_TARIFF);
      const sip = await api(ctx.sandbox, token, "POST", "/v1/rooms", { enable_sip: true, guest_access: "disabled" });
      assert.equal(sip.status, 403);
      assert.deepEqual(sip.json, { code: "service_unavailable", message: "call-in is not available for rooms without guest access" });
      ctx.sandbox.store.setTariff("bot@example.org", { guestsAllowed: true, callIn: false });
      const noCallIn = await api(ctx.sandbox, token, "POST", "/v1/rooms", { enable_sip: true });
      assert.deepEqual(noCallIn.json, { code: "feature_disabled", message: 'The feature "core::call_in" is disabled' });
    });

    it("checks a PATCH only when it sends guest_access or e2e_encryption, against the owner's tariff", async () => {
      const room = (await api(ctx.sandbox, token, "POST", "/v1/rooms", {})).json;
      ctx.sandbox.store.setTariff("bot@example.org", { guestsAllowed: false, callIn: true });
      assert.equal((await api(ctx.sandbox, token, "PATCH", `/v1/rooms/${room.id}`, { waiting_room: true })).status, 200, "no guest fields, no check");
      assert.equal((await api(ctx.sandbox, token, "PATCH", `/v1/rooms/${room.id}`, { guest_access: "waiting_room" })).json.code, "feature_disabled", "unchanged, still checked");
      assert.equal((await api(ctx.sandbox, token, "PATCH", `/v1/rooms/${room.id}`, { guest_access: "disabled" })).status, 200);
      ctx.sandbox.store.setTariff("bot@example.org", FULL_TARIFF);
      await api(ctx.sandbox, token, "PATCH", `/v1/rooms/${room.id}`, { guest_access: "waiting_room" });
      assert.equal((await api(ctx.sandbox, token, "PATCH", `/v1/rooms/${room.id}`, { e2e_encryption: true })).json.code, "invalid_guest_access", "merged with the stored guest access");
      assert.equal((await api(ctx.sandbox, token, "PATCH", `/v1/rooms/${room.id}`, { e2e_encryption: true, guest_access: "disabled" })).status, 200);
    });
  });

  describe("pagination", () => {
    const paged = useSandbox();
    let pagedToken = "";
    before(async () => {
      pagedToken = await userToken(paged.sandbox);
      for (let i = 0; i < 250; i++) paged.sandbox.store.createRoom("bot@example.org");
      paged.sandbox.store.createRoom("alice@example.org");
    });

    it("pages 250 rooms by 30 with only a Link header: next and last only while more pages exist", async () => {
      const base = `${paged.sandbox.controllerUrl}/v1/rooms`;
      const first = await api(paged.sandbox, pagedToken, "GET", "/v1/rooms");
      assert.equal(first.json.length, 30);
      assert.equal(first.headers.get("link"), `<${base}?page=2>; rel="next",<${base}?page=9>; rel="last"`);
      assert.equal(first.headers.get("x-total-count"), null);
      const middle = await api(paged.sandbox, pagedToken, "GET", "/v1/rooms?per_page=30&page=3");
      assert.equal(
        middle.headers.get("link"),
        `<${base}?per_page=30&page=1>; rel="first",<${base}?per_page=30&page=2>; rel="prev",<${base}?per_page=30&page=4>; rel="next",<${base}?per_page=30&page=9>; rel="last"`,
      );
      const last = await api(paged.sandbox, pagedToken, "GET", "/v1/rooms?page=9&per_page=30");
      assert.equal(last.json.length, 10);
      assert.equal(last.headers.get("link"), `<${base}?per_page=30&page=1>; rel="first",<${base}?per_page=30&page=8>; rel="prev"`);
      const beyond = await api(paged.sandbox, pagedToken, "GET", "/v1/rooms?page=12");
      assert.deepEqual(beyond.json, []);
      assert.match(beyond.headers.get("link") ?? "", /page=11>; rel="prev"$/, "prev is page − 1, even past the end");
      const one = await api(paged.sandbox, pagedToken, "GET", "/v1/rooms?per_page=100&page=3");
      assert.equal(one.json.length, 50);
      const ids = new Set<string>();
      for (let page = 1; page <= 3; page++) {
        for (const room of (await api(paged.sandbox, pagedToken, "GET", `/v1/rooms?per_page=100&page=${page}`)).json) ids.add(room.id);
      }
      assert.equal(ids.size, 250, "all own rooms, none of alice's, no duplicates");
    });

    it("sends an empty Link header when everything fits on one page", async () => {
      const alice = await userToken(paged.sandbox, "alice@example.org");
      const response = await api(paged.sandbox, alice, "GET", "/v1/rooms");
      assert.equal(response.json.length, 1);
      assert.equal(response.headers.get("link"), "");
    });

    it("refuses per_page and page out of range with plain text 400", async () => {
      for (const [query, text] of [["per_page=0", "Page size is outside the allowed range (1..=100)"], ["per_page=101", "Page size is outside the allowed range (1..=100)"], ["page=0", "Page number is outside"], ["page=x", "invalid digit"]]) {
        const response = await api(paged.sandbox, pagedToken, "GET", `/v1/rooms?${query}`);
        assert.equal(response.status, 400, query);
        assert.equal(response.headers.get("content-type"), "text/plain; charset=utf-8", query);
        assert.ok(response.text.startsWith(`Query deserialize error: ${text}`), `${query}: ${response.text}`);
      }
    });
  });
});
