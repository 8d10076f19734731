import * as assert from "node:assert/strict";
import { api, assertEmpty, grant, useSandbox } from "./sandbox-fixture";

describe("sandbox controller room names (0.35)", () => {
  const ctx = useSandbox({ controllerVersion: "0.35", roomAliasSuffix: () => "x7k2" });
  let token = "";
  before(async () => {
    token = (await grant(ctx.sandbox)).access_token;
  });

  it("derives the alias from an optional name, shows it after the id, and routes by it", async () => {
    const named = await api(ctx.sandbox, token, "POST", "/v1/rooms", { name: "team-sync.2" });
    assert.equal(named.status, 200);
    assert.deepEqual(Object.keys(named.json).slice(0, 2), ["id", "alias"]);
    assert.equal(named.json.alias, "team-sync.2_x7k2");
    assert.equal("name" in named.json, false, "RoomResource carries the alias, not the name");
    assert.deepEqual((await api(ctx.sandbox, token, "GET", "/v1/rooms/team-sync.2_x7k2")).json, named.json);
    const plain = await api(ctx.sandbox, token, "POST", "/v1/rooms", {});
    assert.equal("alias" in plain.json, false, "no name, no alias");
    assertEmpty(await api(ctx.sandbox, token, "GET", "/v1/rooms/unknown-alias_x7k2"), 403);
  });

  it("renames with PATCH and removes the alias with name: null", async () => {
    const room = (await api(ctx.sandbox, token, "POST", "/v1/rooms", { name: "before" })).json;
    const renamed = await api(ctx.sandbox, token, "PATCH", `/v1/rooms/${room.id}`, { name: "after" });
    assert.equal(renamed.json.alias, "after_x7k2");
    const removed = await api(ctx.sandbox, token, "PATCH", `/v1/rooms/${room.id}`, { name: null });
    assert.equal(removed.status, 200);
    assert.equal("alias" in removed.json, false);
    assert.equal(ctx.sandbox.store.room(room.id)?.alias, null);
  });

  it("refuses names outside 3–40 of a-z0-9.- or shaped like a UUID with 400 invalid_json", async () => {
    for (const name of ["ab", "x".repeat(41), "Team", "team sync", "team_sync", "00000000-0000-4000-8000-000000000000", 7]) {
      const response = await api(ctx.sandbox, token, "POST", "/v1/rooms", { name });
      assert.equal(response.status, 400, String(name));
      assert.equal(response.json.code, "invalid_json", String(name));
    }
    assert.equal((await api(ctx.sandbox, token, "POST", "/v1/rooms", { name: "x".repeat(40) })).status, 200);
  });

  it("takes room_name on events and shows the alias in the event's room", async () => {
    const event = await api(ctx.sandbox, token, "POST", "/v1/events", { title: "Weekly", description: "", is_time_independent: true, room_name: "weekly" });
    assert.equal(event.status, 200);
    assert.equal(event.json.room.alias, "weekly_x7k2");
    assert.deepEqual(Object.keys(event.json.room).slice(0, 2), ["id", "alias"]);
    const info = await api(ctx.sandbox, token, "GET", "/v1/rooms/weekly_x7k2/event");
    assert.equal(info.json.id, event.json.id);
  });

  it("verifies names for registered users only", async () => {
    const verify = (body: unknown, accessToken: string | undefined) => api(ctx.sandbox, accessToken, "POST", "/v1/rooms/name/verify", body);
    const ok = await verify({ name: "fresh-name" }, token);
    assert.equal(ok.status, 200);
    assert.deepEqual(ok.json, { available: true });
    assert.equal((await verify({ name: "No" }, token)).json.code, "invalid_json");
    assertEmpty(await verify({ name: "fresh-name" }, undefined), 401);
  });

  describe("without alias suffixes", () => {
    const bare = useSandbox({ roomAliasSuffix: "none" });

    it("uses the bare name as alias; a name another room holds is a 409 (unverified status)", async () => {
      const bareToken = (await grant(bare.sandbox)).access_token;
      assert.equal((await api(bare.sandbox, bareToken, "POST", "/v1/rooms", { name: "lobby" })).json.alias, "lobby");
      const taken = await api(bare.sandbox, bareToken, "POST", "/v1/rooms", { name: "lobby" });
      assert.equal(taken.status, 409);
      assert.equal(taken.json.code, "conflict");
      assert.deepEqual((await api(bare.sandbox, bareToken, "POST", "/v1/rooms/name/verify", { name: "lobby" })).json, { available: false });
      assert.equal(bare.sandbox.store.rooms().length, 1);
    });
  });

  describe("before 0.35", () => {
    const old = useSandbox({ controllerVersion: "0.34", roomAliasSuffix: () => "x7k2" });

    it("ignores name and room_name, shows no alias and has no name check", async () => {
      const oldToken = (await grant(old.sandbox)).access_token;
      const room = await api(old.sandbox, oldToken, "POST", "/v1/rooms", { name: "ignored" });
      assert.equal(room.status, 200);
      assert.equal("alias" in room.json, false);
      assertEmpty(await api(old.sandbox, oldToken, "POST", "/v1/rooms/name/verify", { name: "ignored" }), 403);
    });
  });
});
