import assert from "node:assert/strict";
import { closeClients, newClient, tokenRequests, useSandbox } from "../support/sandbox-fixture";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("OpenTalkClient: tokens", () => {
  afterEach(closeClients);

  describe("one login per process", () => {
    const sandbox = useSandbox();

    it("makes exactly one token request for 50 concurrent first calls", async () => {
      const s = sandbox();
      s.clearRequests();
      const client = newClient(s);
      const results = await Promise.all(Array.from({ length: 50 }, () => client.listRooms()));
      assert.equal(results.length, 50);
      assert.equal(tokenRequests(s), 1);
      assert.equal(s.requests({ service: "controller", method: "POST" }).filter((r) => r.path === "/v1/auth/login").length, 1);
    });

    it("gets a new token once and replays the request when the controller answers 401", async () => {
      const s = sandbox();
      const client = newClient(s);
      await client.currentUser();
      s.clearRequests();
      s.addFault({ service: "controller", method: "GET", path: "^/v1/rooms", status: 401, count: 1 });
      await client.listRooms();
      const rooms = s.requests({ service: "controller", method: "GET" }).filter((r) => r.path.startsWith("/v1/rooms"));
      assert.deepEqual(rooms.map((r) => r.status), [401, 200]);
      assert.equal(tokenRequests(s), 1, "one re-authentication");
    });

    it("does not loop when the controller keeps answering 401", async () => {
      const s = sandbox();
      const client = newClient(s);
      await client.currentUser();
      s.clearRequests();
      s.addFault({ service: "controller", method: "GET", path: "^/v1/rooms", status: 401, count: 5 });
      await assert.rejects(client.listRooms(), /GET \S+\/v1\/rooms\S* did not come from the OpenTalk controller: HTTP 401/);
      assert.equal(s.requests({ service: "controller" }).filter((r) => r.path.startsWith("/v1/rooms")).length, 2);
      s.clearFaults();
    });
  });

  describe("with 2-second access tokens", () => {
    const sandbox = useSandbox({ accessTokenTtlSeconds: 2, refreshTokenTtlSeconds: 60 });

    it("refreshes before expiry across a longer run, so no call is ever refused", async function () {
      this.timeout(20_000);
      const s = sandbox();
      s.clearRequests();
      const client = newClient(s);
      const until = Date.now() + 5_000;
      while (Date.now() < until) {
        await client.listRooms();
        await sleep(100);
      }
      assert.deepEqual(s.requests({ service: "controller" }).filter((r) => r.status === 401), []);
      assert.ok(tokenRequests(s) >= 3, `expected refreshes, saw ${tokenRequests(s)} token requests`);
      // OpenTalk 0.29 ends a session with the ID token it was opened with: every grant is followed by a login.
      assert.equal(s.requests({ service: "controller", method: "POST" }).filter((r) => r.path === "/v1/auth/login").length, tokenRequests(s),
        "a controller login after every grant, refreshes included");
    });

    it("logs in again when Keycloak refuses the refresh token (session ended)", async () => {
      const s = sandbox();
      const client = newClient(s);
      await client.currentUser();
      s.clearRequests();
      s.endSessions();
      await client.listRooms();
      const grants = s.requests({ service: "keycloak", method: "POST" }).map((r) => r.status);
      assert.deepEqual(grants, [400, 200], "a refused refresh, then a password login");
      const calls = s.requests({ service: "controller", method: "GET" }).filter((r) => r.path.startsWith("/v1/rooms"));
      assert.deepEqual(calls.map((r) => r.status), [401, 200], "the rejected call is replayed once");
    });
  });

  describe("renewing early, 100 ms from Keycloak and the controller", () => {
    const sandbox = useSandbox({ accessTokenTtlSeconds: 4, latencyMs: 100 });

    it("keeps sending the still-valid token while the renewal is under way, instead of holding every call back", async function () {
      this.timeout(20_000);
      const s = sandbox();
      const client = newClient(s);
      await client.currentUser();
      // A 4 s token is renewed from 2.2 s on (a fifth of its life early, after a second off for whole-second expiry).
      await sleep(2_400);
      s.clearRequests();
      await Promise.all(Array.from({ length: 5 }, () => client.listRooms()));
      await sleep(300);
      assert.equal(tokenRequests(s), 1, "one renewal");
      assert.equal(s.traffic().controllerRequestsDuringTokenGrants, 5, "the calls went out while Keycloak was answering the renewal");
      assert.deepEqual(s.requests({ service: "controller" }).filter((r) => r.status === 401), []);
      await client.listRooms();
      assert.equal(tokenRequests(s), 1, "the new token serves the next call");
    });
  });

  describe("with an expired refresh token", () => {
    const sandbox = useSandbox({ accessTokenTtlSeconds: 1, refreshTokenTtlSeconds: 1 });

    it("goes straight to a fresh password login", async function () {
      this.timeout(10_000);
      const s = sandbox();
      const client = newClient(s);
      await client.currentUser();
      await sleep(1_500);
      s.clearRequests();
      await client.listRooms();
      const grants = s.requests({ service: "keycloak", method: "POST" });
      assert.deepEqual(grants.map((r) => r.status), [200], "no doomed refresh attempt");
      assert.equal(s.requests({ service: "controller", method: "POST" }).filter((r) => r.path === "/v1/auth/login").length, 1);
    });
  });
});
