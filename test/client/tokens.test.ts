import assert from "node:assert/strict";
import type { HttpRequest, HttpResponse, HttpTransport } from "../../provider/client/http-transport";
import { KeycloakTokenSource, PasswordGrant } from "../../provider/client/token-source";
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

  describe("renewing early, while Keycloak holds the renewal", () => {
    const sandbox = useSandbox({ accessTokenTtlSeconds: 10 });

    /** Polls the sandbox until `done()`; the test's timeout ends a wait that never comes true. */
    async function until(done: () => boolean): Promise<void> {
      while (!done()) await sleep(10);
    }

    it("keeps sending the still-valid token while the renewal is under way, instead of holding every call back", async function () {
      this.timeout(30_000);
      const s = sandbox();
      const client = newClient(s);
      await client.currentUser();
      // A 10 s token lives 9 s by the client's reckoning (a second off for whole-second expiry): it is renewed from
      // 7 s on, a fifth of its life early, serves callers until 8 s (half that margin before it expires) and is
      // accepted by the controller for 9 s at least. 7.05 s after the first grant was answered the renewal is due,
      // and a second remains to send calls with the old token.
      await sleep(7_050);
      s.clearRequests();
      // Keycloak holds the renewal for 2 s: every call sent with the old token meanwhile arrives during the grant.
      s.addFault({ service: "keycloak", method: "POST", path: "/protocol/openid-connect/token$", delayMs: 2_000, count: 1 });
      const first = client.listRooms();
      await until(() => s.traffic().peakInFlight.keycloak > 0);
      await Promise.all([first, ...Array.from({ length: 5 }, () => client.listRooms())]);
      assert.ok(s.traffic().controllerRequestsDuringTokenGrants > 0, "the calls went out while Keycloak was answering the renewal");
      await until(() => tokenRequests(s) === 1);
      assert.deepEqual(s.requests({ service: "controller" }).filter((r) => r.status === 401), []);
      await client.listRooms();
      assert.equal(tokenRequests(s), 1, "one renewal, and the new token serves the next call");
    });
  });

  describe("with an expired refresh token", () => {
    // Keycloak's expiry is whole seconds (exp = ⌊iat⌋ + TTL), so a 1 s token may live a few milliseconds: too short
    // for the controller login that follows the grant on a busy machine. 2 s live more than one.
    const sandbox = useSandbox({ accessTokenTtlSeconds: 2, refreshTokenTtlSeconds: 2 });

    it("goes straight to a fresh password login", async function () {
      this.timeout(10_000);
      const s = sandbox();
      const client = newClient(s);
      await client.currentUser();
      await sleep(2_100);
      s.clearRequests();
      await client.listRooms();
      const grants = s.requests({ service: "keycloak", method: "POST" });
      assert.deepEqual(grants.map((r) => r.status), [200], "no doomed refresh attempt");
      assert.equal(s.requests({ service: "controller", method: "POST" }).filter((r) => r.path === "/v1/auth/login").length, 1);
    });
  });

  describe("on OpenTalk 0.30, which answers a rejected token with 500", () => {
    const sandbox = useSandbox({ controllerVersion: "0.30" });

    it("gets a new token once and replays a read, as after a 401", async () => {
      const s = sandbox();
      const client = newClient(s);
      await client.capabilities();
      await client.currentUser();
      s.expireAccessTokens();
      s.clearRequests();
      await client.listRooms();
      const rooms = s.requests({ service: "controller", method: "GET" }).filter((r) => r.path.startsWith("/v1/rooms"));
      assert.deepEqual(rooms.map((r) => r.status), [500, 200]);
      assert.equal(tokenRequests(s), 1);
    });

    it("does not replay a create on a 500: it might have been carried out", async () => {
      const s = sandbox();
      const client = newClient(s);
      await client.capabilities();
      await client.currentUser();
      s.expireAccessTokens();
      s.clearRequests();
      await assert.rejects(client.createRoom({}), /answered 500 to POST \/v1\/rooms/);
      assert.equal(s.requests({ service: "controller", method: "POST" }).filter((r) => r.path === "/v1/rooms").length, 1);
    });
  });

  describe("as a Keycloak service account, with 4-second tokens on OpenTalk 0.29", () => {
    const SERVICE_ACCOUNT = { clientId: "pulumi-ci", clientSecret: "ci-secret-8803", profile: { email: "ci@example.org", givenName: "CI", familyName: "Bot" } };
    const sandbox = useSandbox({ controllerVersion: "0.29", accessTokenTtlSeconds: 4, serviceAccounts: [SERVICE_ACCOUNT] });

    it("asks for a new token before each expiry (there is no refresh token), logging in to the controller after each", async function () {
      this.timeout(20_000);
      const s = sandbox();
      s.clearRequests();
      const client = newClient(s, { OPENTALK_USERNAME: undefined, OPENTALK_PASSWORD: undefined, OPENTALK_CLIENT_ID: SERVICE_ACCOUNT.clientId, OPENTALK_CLIENT_SECRET: SERVICE_ACCOUNT.clientSecret });
      const until = Date.now() + 6_000;
      while (Date.now() < until) {
        await client.listRooms();
        await sleep(100);
      }
      // A 4 s token lives up to 3 s (whole-second exp) and is renewed a fifth early: a grant about every 2.2 s.
      const grants = tokenRequests(s);
      assert.ok(grants >= 2 && grants <= 4, `a grant per 2.2 s or so, saw ${grants}`);
      assert.equal(s.requests({ service: "controller", method: "POST" }).filter((r) => r.path === "/v1/auth/login").length, grants, "a login after each");
      assert.deepEqual(s.requests({ service: "controller" }).filter((r) => r.status === 401), []);
    });
  });

  describe("early renewal on the clock (5-minute tokens)", () => {
    /** Keycloak as a queue of answers the test releases one by one; the clock is the test's. */
    function keycloak() {
      const grants: Array<{ form: URLSearchParams; answer: (token: string) => void }> = [];
      const http = {
        send: (req: HttpRequest) =>
          new Promise<HttpResponse>((resolve) => {
            grants.push({
              form: new URLSearchParams(req.body),
              answer: (token) => resolve({ status: 200, headers: {}, text: JSON.stringify({ access_token: token, expires_in: 300, refresh_token: `refresh-${token}`, refresh_expires_in: 1800 }) }),
            });
          }),
      } as unknown as HttpTransport;
      return { http, grants };
    }

    // Tokens are registered as secrets process-wide: plain words like "first" would be scrubbed from every later
    // test's messages ("first name" → "*** name").
    const FIRST_TOKEN = "access-token-of-the-first-grant";
    const SECOND_TOKEN = "access-token-of-the-renewal";

    it("serves the current token while one renewal runs, and makes callers wait only near expiry", async () => {
      let now = 0;
      const { http, grants } = keycloak();
      const source = new KeycloakTokenSource(
        { http, oidc: async () => ({ issuer: "https://kc", clientId: "Frontend", tokenEndpoint: "https://kc/token" }), logger: { debug() {}, warn() {} }, afterGrant: async () => {}, now: () => now },
        new PasswordGrant("bot@example.org", "pw-123456"),
      );
      const first = source.token();
      await new Promise(setImmediate);
      grants[0]!.answer(FIRST_TOKEN);
      assert.equal(await first, FIRST_TOKEN);

      // 299 s of life (a second off for whole-second expiry); renewed from 269 s, served until 284 s.
      now = 270_000;
      assert.equal(await source.token(), FIRST_TOKEN, "still valid: no waiting");
      await new Promise(setImmediate);
      assert.equal(grants.length, 2, "one renewal started");
      assert.equal(grants[1]!.form.get("grant_type"), "refresh_token");
      now = 280_000;
      assert.equal(await source.token(), FIRST_TOKEN);
      assert.equal(grants.length, 2, "and only one");

      now = 285_000;
      let settled = false;
      const late = source.token().then((token) => ((settled = true), token));
      await new Promise(setImmediate);
      assert.equal(settled, false, "so close to expiry a caller waits for the renewal");
      grants[1]!.answer(SECOND_TOKEN);
      assert.equal(await late, SECOND_TOKEN);
      assert.equal(await source.token(), SECOND_TOKEN);
      assert.equal(grants.length, 2);
    });
  });
});
