import * as assert from "node:assert/strict";
import { setTimeout as sleep } from "node:timers/promises";
import { api, assertEmpty, call, grant, login, tokenRequest, useSandbox } from "./sandbox-fixture";

const ERROR_CONTENT_TYPE = "text/json; charset=utf-8";
const INVALID = 'Bearer error="invalid_token", error_description="The provided access token is invalid"';

describe("sandbox controller authentication", () => {
  describe("0.35", () => {
    const ctx = useSandbox({ realmPrefix: "/auth" });

    it("follows the discovery chain frontend → controller → login → issuer", async () => {
      const sandbox = ctx.sandbox;
      const client = await call(`${sandbox.url}/.well-known/opentalk/client`);
      assert.deepEqual(client.json, { opentalk_controller: { base_url: sandbox.controllerUrl } });
      const apiDoc = await call(`${client.json.opentalk_controller.base_url}/.well-known/opentalk/api`);
      assert.deepEqual(apiDoc.json, { opentalk_api: { v1: { base_url: "v1" } } });
      const login = await call(`${sandbox.controllerUrl}/v1/auth/login`);
      assert.deepEqual(login.json, { oidc: { name: "Frontend", url: sandbox.oidcUrl } });
    });

    it("answers calls without usable credentials with the authorizer's empty 401, a bad Bearer with OidcAuth's JSON 401", async () => {
      const sandbox = ctx.sandbox;
      assertEmpty(await api(sandbox, undefined, "GET", "/v1/users/me"), 401, "no header");
      assertEmpty(await api(sandbox, undefined, "GET", "/v1/rooms", undefined, { Authorization: "Basic eDp5" }), 401, "unparsable header");
      const forged = await api(sandbox, "not.a.jwt", "GET", "/v1/users/me");
      assert.equal(forged.status, 401);
      assert.equal(forged.headers.get("content-type"), ERROR_CONTENT_TYPE);
      assert.deepEqual(forged.json, { code: "unauthorized", message: "Authentication failed" });
      assert.equal(forged.headers.get("www-authenticate"), 'Bearer error="invalid_token", error_description="The provided access token expired"');
    });

    it("rejects an expired token with 401 once the cache lets go of it, and a new grant works again", async () => {
      const sandbox = ctx.sandbox;
      const tokens = await grant(sandbox);
      assert.equal((await api(sandbox, tokens.access_token, "GET", "/v1/users/me")).status, 200);
      sandbox.expireAccessTokens();
      const expired = await api(sandbox, tokens.access_token, "GET", "/v1/users/me");
      assert.equal(expired.status, 401);
      assert.equal(expired.headers.get("www-authenticate"), 'Bearer error="invalid_token", error_description="The provided access token expired"');
      assert.equal((await api(sandbox, (await grant(sandbox)).access_token, "GET", "/v1/users/me")).status, 200, "a new grant works again");
    });

    it("refuses a user without e-mail with 400 bad_request naming the field", async () => {
      const tokens = await grant(ctx.sandbox, "nomail");
      const response = await api(ctx.sandbox, tokens.access_token, "GET", "/v1/rooms");
      assert.equal(response.status, 400);
      assert.deepEqual(response.json, { code: "bad_request", message: "userinfo claims are missing mandatory 'email' field" });
    });

    it("answers 500 when userinfo refuses a token without the openid scope", async () => {
      const noOpenid = await tokenRequest(ctx.sandbox, { grant_type: "password", client_id: "Frontend", username: ctx.sandbox.username, password: ctx.sandbox.password, scope: "profile email" });
      const response = await api(ctx.sandbox, noOpenid.json.access_token, "GET", "/v1/users/me");
      assert.equal(response.status, 500);
      assert.deepEqual(response.json, { code: "internal_server_error", message: "An internal server error occurred" });
    });

    it("creates users just in time and serves profile and tariff", async () => {
      const tokens = await grant(ctx.sandbox, "alice@example.org");
      assert.equal(ctx.sandbox.store.user("alice@example.org"), undefined);
      const me = await api(ctx.sandbox, tokens.access_token, "GET", "/v1/users/me");
      assert.equal(me.json.email, "alice@example.org");
      assert.equal(me.json.display_name, "Alice Adams");
      assert.equal(ctx.sandbox.store.user("alice@example.org")?.id, me.json.id);
      const tariff = await api(ctx.sandbox, tokens.access_token, "GET", "/v1/users/me/tariff");
      assert.deepEqual(tariff.json.modules.core.features, ["call_in", "guests_allowed", "storage_upgradable"]);
    });

    it("accepts the deprecated login with any token it can verify, refuses a forged one", async () => {
      const tokens = await grant(ctx.sandbox);
      const ok = await api(ctx.sandbox, undefined, "POST", "/v1/auth/login", { id_token: tokens.id_token });
      assert.equal(ok.status, 200);
      assert.deepEqual(ok.json, { permissions: [] });
      assert.equal((await api(ctx.sandbox, undefined, "POST", "/v1/auth/login", { id_token: tokens.access_token })).status, 200, "only signature and exp are checked");
      const bad = await api(ctx.sandbox, undefined, "POST", "/v1/auth/login", { id_token: `${tokens.id_token}x` });
      assert.equal(bad.status, 401);
      assert.equal(bad.headers.get("www-authenticate"), 'Bearer error="invalid_token", error_description="The provided id token is invalid"');
    });

    it("rejects tokens whose session ended (introspection inactive)", async () => {
      const tokens = await grant(ctx.sandbox);
      ctx.sandbox.endSessions();
      assert.equal((await api(ctx.sandbox, tokens.access_token, "GET", "/v1/users/me")).status, 401);
    });

    it("keeps serving cached tokens while Keycloak is down, and answers 500 for new ones", async () => {
      const known = (await grant(ctx.sandbox)).access_token;
      const fresh = (await grant(ctx.sandbox)).access_token;
      assert.equal((await api(ctx.sandbox, known, "GET", "/v1/users/me")).status, 200);
      const paused = ctx.sandbox.pause("keycloak", 300);
      await sleep(50);
      assert.equal((await api(ctx.sandbox, known, "GET", "/v1/users/me")).status, 200, "from the cache");
      assert.equal((await api(ctx.sandbox, fresh, "GET", "/v1/users/me")).status, 500, "introspection fails");
      await paused;
    });
  });

  describe("0.34", () => {
    const ctx = useSandbox({ controllerVersion: "0.34" });

    it("answers a missing header with OidcAuth's JSON 401", async () => {
      const missing = await api(ctx.sandbox, undefined, "GET", "/v1/users/me");
      assert.equal(missing.status, 401);
      assert.equal(missing.headers.get("content-type"), ERROR_CONTENT_TYPE);
      assert.deepEqual(missing.json, { code: "unauthorized", message: "Unable to parse access token or invite code" });
      assert.equal(missing.headers.get("www-authenticate"), INVALID);
    });
  });

  describe("0.30", () => {
    const ctx = useSandbox({ controllerVersion: "0.30" });

    it("answers an inactive token (forged, expired, ended session) with 500: introspection without exp", async () => {
      const sandbox = ctx.sandbox;
      const forged = await api(sandbox, "garbage", "GET", "/v1/users/me");
      assert.equal(forged.status, 500);
      assert.deepEqual(forged.json, { code: "internal_server_error", message: "An internal server error occurred" });
      assert.equal(forged.headers.get("www-authenticate"), null);
      const tokens = await grant(sandbox);
      sandbox.expireAccessTokens();
      assert.equal((await api(sandbox, tokens.access_token, "GET", "/v1/users/me")).status, 500);
    });

    it("creates users just in time, names the login provider by client id and needs no login", async () => {
      const tokens = await grant(ctx.sandbox, "alice@example.org");
      assert.equal((await api(ctx.sandbox, tokens.access_token, "GET", "/v1/rooms")).status, 200);
      assert.deepEqual((await call(`${ctx.sandbox.controllerUrl}/v1/auth/login`)).json.oidc.name, "Frontend");
      assert.deepEqual((await api(ctx.sandbox, tokens.access_token, "GET", "/v1/users/me/tariff")).json.modules.core.features, ["call_in", "storage_upgradable"]);
    });

    it("keeps a missing-claim 400 for the token even after the profile is mended", async () => {
      const tokens = await grant(ctx.sandbox, "nomail");
      assert.equal((await api(ctx.sandbox, tokens.access_token, "GET", "/v1/users/me")).status, 400);
      ctx.sandbox.setUserProfile("nomail", { email: "nomail@example.org" });
      try {
        assert.equal((await api(ctx.sandbox, tokens.access_token, "GET", "/v1/users/me")).status, 400, "cached per token");
        assert.equal((await api(ctx.sandbox, (await grant(ctx.sandbox, "nomail")).access_token, "GET", "/v1/users/me")).status, 200);
      } finally {
        ctx.sandbox.setUserProfile("nomail", { email: null });
      }
    });

    it("serves GET /v1/turn without a token", async () => {
      const turn = await call(`${ctx.sandbox.controllerUrl}/v1/turn`);
      assert.equal(turn.status, 204);
    });
  });

  describe("0.29", () => {
    const ctx = useSandbox({ controllerVersion: "0.29", accessTokenTtlSeconds: 2 });

    it("demands POST /v1/auth/login first, and a token used before it stays refused (cached unknown_sub)", async () => {
      const sandbox = ctx.sandbox;
      const early = await grant(sandbox);
      const before = await api(sandbox, early.access_token, "GET", "/v1/rooms");
      assert.equal(before.status, 401);
      assert.deepEqual(before.json, { code: "unknown_sub", message: "Unknown subject in access token. Please login first!" });
      assert.equal(before.headers.get("www-authenticate"), null);
      await login(sandbox, early);
      // Tokens live 2 s here: too short for the controller to cache anything (it needs more than 10 s).
      assert.equal((await api(sandbox, early.access_token, "GET", "/v1/rooms")).status, 200, "short-lived tokens are not cached");
    });

    it("names the login provider \"default\" and wants a Bearer for TURN", async () => {
      assert.deepEqual((await call(`${ctx.sandbox.controllerUrl}/v1/auth/login`)).json, { oidc: { name: "default", url: ctx.sandbox.oidcUrl } });
      const turn = await call(`${ctx.sandbox.controllerUrl}/v1/turn`);
      assert.equal(turn.status, 401);
      assert.deepEqual(turn.json, { code: "unauthorized", message: "Unable to parse Authentication Bearer header" });
    });

    it("ends the session with the login's ID token; a login with a newer one extends it", async () => {
      const sandbox = ctx.sandbox;
      const first = await grant(sandbox);
      await login(sandbox, first);
      assert.equal((await api(sandbox, first.access_token, "GET", "/v1/users/me")).status, 200);
      await sleep(2100);
      const refreshed = (await tokenRequest(sandbox, { grant_type: "refresh_token", client_id: "Frontend", refresh_token: first.refresh_token })).json;
      const expired = await api(sandbox, refreshed.access_token, "GET", "/v1/users/me");
      assert.equal(expired.status, 401);
      assert.deepEqual(expired.json, { code: "unauthorized", message: "The session for this user has expired" });
      assert.equal(expired.headers.get("www-authenticate"), 'Bearer error="invalid_token", error_description="The user session expired"');
      await login(sandbox, refreshed);
      assert.equal((await api(sandbox, refreshed.access_token, "GET", "/v1/users/me")).status, 200, "the same token works after the new login");
    });

    it("refuses an access token without the profile claims, and a login whose ID token lacks them", async () => {
      const tokens = await grant(ctx.sandbox, "nomail");
      const response = await api(ctx.sandbox, undefined, "POST", "/v1/auth/login", { id_token: tokens.id_token });
      assert.equal(response.status, 400);
      assert.equal(response.json.code, "invalid_claims");
      const call = await api(ctx.sandbox, tokens.access_token, "GET", "/v1/users/me");
      assert.equal(call.status, 401);
      assert.deepEqual(call.json, { code: "unauthorized", message: "Authentication failed" });
    });

    it("knows no guest_access: ignored on input, absent on output, no guests feature", async () => {
      const tokens = await grant(ctx.sandbox);
      await login(ctx.sandbox, tokens);
      const room = await api(ctx.sandbox, tokens.access_token, "POST", "/v1/rooms", { guest_access: "disabled" });
      assert.equal(room.status, 200);
      assert.equal("guest_access" in room.json, false);
      const invite = await api(ctx.sandbox, tokens.access_token, "POST", `/v1/rooms/${room.json.id}/invites`, {});
      assert.equal(invite.status, 200, "invites are not gated before 0.34");
      assert.deepEqual((await api(ctx.sandbox, tokens.access_token, "GET", "/v1/users/me/tariff")).json.modules.core.features, ["call_in"]);
    });
  });

  describe("0.29 token cache", () => {
    const ctx = useSandbox({ controllerVersion: "0.29", accessTokenTtlSeconds: 60 });

    it("keeps answering unknown_sub for a token used before the login", async () => {
      const tokens = await grant(ctx.sandbox);
      assert.equal((await api(ctx.sandbox, tokens.access_token, "GET", "/v1/rooms")).json.code, "unknown_sub");
      await login(ctx.sandbox, tokens);
      assert.equal((await api(ctx.sandbox, tokens.access_token, "GET", "/v1/rooms")).json.code, "unknown_sub", "poisoned for up to 300 s");
      assert.equal((await api(ctx.sandbox, (await grant(ctx.sandbox)).access_token, "GET", "/v1/rooms")).status, 200, "a new token is fine");
    });
  });

  describe("access token lifetime", () => {
    // Whole-second expiry (exp = ⌊iat⌋ + TTL): a 1 s token may already be expired when first used.
    const ctx = useSandbox({ accessTokenTtlSeconds: 2 });

    it("lets access tokens expire by their exp claim", async () => {
      const tokens = await grant(ctx.sandbox);
      assert.equal((await api(ctx.sandbox, tokens.access_token, "GET", "/v1/users/me")).status, 200);
      await sleep(2100);
      const response = await api(ctx.sandbox, tokens.access_token, "GET", "/v1/users/me");
      assert.equal(response.status, 401);
      assert.match(response.headers.get("www-authenticate") ?? "", /expired/);
    });
  });
});
