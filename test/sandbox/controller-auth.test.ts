import * as assert from "node:assert/strict";
import { setTimeout as sleep } from "node:timers/promises";
import { api, call, grant, useSandbox } from "./sandbox-fixture";

const ERROR_CONTENT_TYPE = "text/json; charset=utf-8";

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
      assert.equal((await call(`${sandbox.url}/anything`)).headers.get("content-type"), "text/html", "nginx's try_files fallback");
    });

    it("rejects a missing, unparsable, forged or expired Bearer token with the controller's 401s", async () => {
      const sandbox = ctx.sandbox;
      const missing = await api(sandbox, undefined, "GET", "/v1/users/me");
      assert.equal(missing.status, 401);
      assert.equal(missing.headers.get("content-type"), ERROR_CONTENT_TYPE);
      assert.deepEqual(missing.json, { code: "unauthorized", message: "Unable to parse access token or invite code" });
      assert.equal(missing.headers.get("www-authenticate"), 'Bearer error="invalid_token", error_description="The provided access token is invalid"');
      const forged = await api(sandbox, "not.a.jwt", "GET", "/v1/users/me");
      assert.deepEqual(forged.json, { code: "unauthorized", message: "Authentication failed" });
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

    it("creates users just in time and serves profile and tariff", async () => {
      const tokens = await grant(ctx.sandbox, "alice@example.org");
      assert.equal(ctx.sandbox.store.user("alice@example.org"), undefined);
      const me = await api(ctx.sandbox, tokens.access_token, "GET", "/v1/users/me");
      assert.equal(me.json.email, "alice@example.org");
      assert.equal(me.json.display_name, "Alice Adams");
      assert.equal(ctx.sandbox.store.user("alice@example.org")?.id, me.json.id);
      const tariff = await api(ctx.sandbox, tokens.access_token, "GET", "/v1/users/me/tariff");
      assert.deepEqual(tariff.json.modules.core.features, ["call_in", "guests_allowed"]);
    });

    it("accepts the deprecated login with a valid ID token and refuses a forged one", async () => {
      const tokens = await grant(ctx.sandbox);
      const ok = await api(ctx.sandbox, undefined, "POST", "/v1/auth/login", { id_token: tokens.id_token });
      assert.equal(ok.status, 200);
      assert.deepEqual(ok.json, { permissions: [] });
      const bad = await api(ctx.sandbox, undefined, "POST", "/v1/auth/login", { id_token: tokens.access_token });
      assert.equal(bad.status, 401);
    });

    it("rejects tokens whose session ended (introspection inactive)", async () => {
      const tokens = await grant(ctx.sandbox);
      ctx.sandbox.endSessions();
      assert.equal((await api(ctx.sandbox, tokens.access_token, "GET", "/v1/users/me")).status, 401);
    });
  });

  describe("0.29", () => {
    const ctx = useSandbox({ controllerVersion: "0.29" });

    it("demands POST /v1/auth/login before any Bearer call", async () => {
      const tokens = await grant(ctx.sandbox);
      const before = await api(ctx.sandbox, tokens.access_token, "GET", "/v1/rooms");
      assert.equal(before.status, 401);
      assert.deepEqual(before.json, { code: "unknown_sub", message: "Unknown subject in access token. Please login first!" });
      assert.equal((await api(ctx.sandbox, undefined, "POST", "/v1/auth/login", { id_token: tokens.id_token })).status, 200);
      assert.equal((await api(ctx.sandbox, tokens.access_token, "GET", "/v1/rooms")).status, 200);
    });

    it("refuses a login whose ID token lacks the e-mail with invalid_claims", async () => {
      const tokens = await grant(ctx.sandbox, "nomail");
      const response = await api(ctx.sandbox, undefined, "POST", "/v1/auth/login", { id_token: tokens.id_token });
      assert.equal(response.status, 400);
      assert.equal(response.json.code, "invalid_claims");
    });

    it("knows no guest_access: ignored on input, absent on output", async () => {
      const tokens = await grant(ctx.sandbox);
      await api(ctx.sandbox, undefined, "POST", "/v1/auth/login", { id_token: tokens.id_token });
      const room = await api(ctx.sandbox, tokens.access_token, "POST", "/v1/rooms", { guest_access: "disabled" });
      assert.equal(room.status, 200);
      assert.equal("guest_access" in room.json, false);
      const invite = await api(ctx.sandbox, tokens.access_token, "POST", `/v1/rooms/${room.json.id}/invites`, {});
      assert.equal(invite.status, 200, "invites are not gated by guest_access before 0.35");
    });
  });

  describe("access token lifetime", () => {
    const ctx = useSandbox({ accessTokenTtlSeconds: 1 });

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
