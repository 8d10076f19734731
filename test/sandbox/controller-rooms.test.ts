import * as assert from "node:assert/strict";
import { api, grant, useSandbox } from "./sandbox-fixture";

describe("sandbox controller rooms", () => {
  const ctx = useSandbox();
  let token = "";
  let aliceToken = "";
  before(async () => {
    token = (await grant(ctx.sandbox)).access_token;
    aliceToken = (await grant(ctx.sandbox, "alice@example.org")).access_token;
  });
  afterEach(() => {
    ctx.sandbox.store.setTariff("bot@example.org", { guestsAllowed: true, callIn: true });
  });

  it("creates with 200, omits an absent password, keeps e2e_encryption write-only", async () => {
    const created = await api(ctx.sandbox, token, "POST", "/v1/rooms", { waiting_room: true, e2e_encryption: true });
    assert.equal(created.status, 200);
    assert.equal("password" in created.json, false);
    assert.equal("e2e_encryption" in created.json, false);
    assert.equal(created.json.guest_access, "waiting_room");
    assert.match(created.json.created_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
    assert.equal(ctx.sandbox.store.room(created.json.id)?.e2eEncryption, true);
    const read = await api(ctx.sandbox, token, "GET", `/v1/rooms/${created.json.id}`);
    assert.deepEqual(read.json, created.json);
  });

  it("answers 403, not 404, for a missing or foreign room", async () => {
    const foreign = ctx.sandbox.store.createRoom("alice@example.org");
    for (const id of [foreign.id, "00000000-0000-4000-8000-000000000000"]) {
      for (const method of ["GET", "PATCH", "DELETE"]) {
        const response = await api(ctx.sandbox, token, method, `/v1/rooms/${id}`, method === "PATCH" ? { waiting_room: true } : undefined);
        assert.equal(response.status, 403, `${method} ${id}`);
        assert.deepEqual(response.json, { code: "forbidden", message: "Access to the requested resource is forbidden" });
      }
    }
    assert.equal((await api(ctx.sandbox, aliceToken, "GET", `/v1/rooms/${foreign.id}`)).status, 200);
  });

  it("rejects bad bodies like actix and serde", async () => {
    const tooLong = await api(ctx.sandbox, token, "POST", "/v1/rooms", { password: "ü".repeat(128) });
    assert.equal(tooLong.status, 400);
    assert.equal(tooLong.json.code, "invalid_json");
    assert.equal((await api(ctx.sandbox, token, "POST", "/v1/rooms", { password: "ü".repeat(127) })).status, 200, "254 bytes are fine");
    assert.equal((await api(ctx.sandbox, token, "POST", "/v1/rooms", { password: "" })).json.code, "invalid_json");
    const wrongType = await api(ctx.sandbox, token, "POST", "/v1/rooms", { waiting_room: "yes" });
    assert.deepEqual(wrongType.json, { code: "invalid_json", message: 'Json deserialize error: invalid type: string "yes", expected a boolean at line 1 column 21' });
    const wrongContentType = await api(ctx.sandbox, token, "POST", "/v1/rooms", "{}", { "Content-Type": "text/plain" });
    assert.equal(wrongContentType.status, 400);
    assert.equal(wrongContentType.json.code, "invalid_content_type");
    const badId = await api(ctx.sandbox, token, "GET", "/v1/rooms/not-a-uuid");
    assert.equal(badId.status, 400);
    assert.equal(badId.json, undefined, "actix path errors are plain text");
    assert.match(badId.headers.get("content-type") ?? "", /^text\/plain/);
  });

  it("applies tariff gates, including PATCH's guests_allowed quirk", async () => {
    ctx.sandbox.store.setTariff("bot@example.org", { guestsAllowed: false, callIn: false });
    const sip = await api(ctx.sandbox, token, "POST", "/v1/rooms", { enable_sip: true, guest_access: "disabled" });
    assert.equal(sip.status, 403);
    assert.equal(sip.json.code, "feature_disabled_by_tariff");
    assert.equal((await api(ctx.sandbox, token, "POST", "/v1/rooms", {})).status, 403, "default guest_access needs guests");
    const room = await api(ctx.sandbox, token, "POST", "/v1/rooms", { guest_access: "disabled" });
    assert.equal(room.status, 200);
    const patch = await api(ctx.sandbox, token, "PATCH", `/v1/rooms/${room.json.id}`, { waiting_room: true });
    assert.equal(patch.status, 403, "even a PATCH not touching guest_access needs the feature");
    const disabled = await api(ctx.sandbox, token, "PATCH", `/v1/rooms/${room.json.id}`, { waiting_room: true, guest_access: "disabled" });
    assert.equal(disabled.status, 200);
    assert.equal(disabled.json.waiting_room, true);
  });

  it("patches password set and removal; an empty PATCH is a 500", async () => {
    const room = await api(ctx.sandbox, token, "POST", "/v1/rooms", {});
    const set = await api(ctx.sandbox, token, "PATCH", `/v1/rooms/${room.json.id}`, { password: "secret" });
    assert.equal(set.json.password, "secret");
    const removed = await api(ctx.sandbox, token, "PATCH", `/v1/rooms/${room.json.id}`, { password: null });
    assert.equal("password" in removed.json, false);
    assert.equal((await api(ctx.sandbox, token, "PATCH", `/v1/rooms/${room.json.id}`, {})).status, 500);
  });

  it("deletes with 204 and cascades, but 409 while an event holds the room", async () => {
    const room = await api(ctx.sandbox, token, "POST", "/v1/rooms", { enable_sip: true });
    await api(ctx.sandbox, token, "POST", `/v1/rooms/${room.json.id}/invites`, {});
    ctx.sandbox.store.attachEvent(room.json.id, "11111111-1111-4111-8111-111111111111");
    const conflict = await api(ctx.sandbox, token, "DELETE", `/v1/rooms/${room.json.id}`);
    assert.equal(conflict.status, 409);
    assert.deepEqual(conflict.json, { code: "conflict", message: `Unable to delete room with id ${room.json.id} due to conflicting event` });
    ctx.sandbox.store.attachEvent(room.json.id, null);
    assert.equal((await api(ctx.sandbox, token, "DELETE", `/v1/rooms/${room.json.id}`)).status, 204);
    assert.equal(ctx.sandbox.store.sipConfig(room.json.id), undefined);
    assert.deepEqual(ctx.sandbox.store.invites(room.json.id), []);
    assert.equal((await api(ctx.sandbox, token, "GET", `/v1/rooms/${room.json.id}`)).status, 403);
  });

  describe("pagination", () => {
    const paged = useSandbox();
    let pagedToken = "";
    before(async () => {
      pagedToken = (await grant(paged.sandbox)).access_token;
      for (let i = 0; i < 250; i++) paged.sandbox.store.createRoom("bot@example.org");
      paged.sandbox.store.createRoom("alice@example.org");
    });

    it("pages 250 rooms by 30 with only a Link header", async () => {
      const base = `${paged.sandbox.controllerUrl}/v1/rooms`;
      const first = await api(paged.sandbox, pagedToken, "GET", "/v1/rooms");
      assert.equal(first.json.length, 30);
      assert.equal(first.headers.get("link"), `<${base}?per_page=30&page=2>; rel="next",<${base}?per_page=30&page=9>; rel="last"`);
      assert.equal(first.headers.get("x-total-count"), null);
      const middle = await api(paged.sandbox, pagedToken, "GET", "/v1/rooms?per_page=30&page=3");
      assert.equal(
        middle.headers.get("link"),
        `<${base}?per_page=30&page=1>; rel="first",<${base}?per_page=30&page=2>; rel="prev",<${base}?per_page=30&page=4>; rel="next",<${base}?per_page=30&page=9>; rel="last"`,
      );
      const last = await api(paged.sandbox, pagedToken, "GET", "/v1/rooms?per_page=30&page=9");
      assert.equal(last.json.length, 10);
      assert.doesNotMatch(last.headers.get("link") ?? "", /rel="next"/);
      const ids = new Set<string>();
      for (let page = 1; page <= 3; page++) {
        for (const room of (await api(paged.sandbox, pagedToken, "GET", `/v1/rooms?per_page=100&page=${page}`)).json) ids.add(room.id);
      }
      assert.equal(ids.size, 250, "all own rooms, none of alice's, no duplicates");
    });

    it("refuses per_page and page out of range with plain text 400", async () => {
      for (const query of ["per_page=0", "per_page=101", "page=0", "page=x"]) {
        const response = await api(paged.sandbox, pagedToken, "GET", `/v1/rooms?${query}`);
        assert.equal(response.status, 400, query);
        assert.equal(response.json, undefined, query);
      }
    });
  });
});
