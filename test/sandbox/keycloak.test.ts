import * as assert from "node:assert/strict";
import { createRemoteJWKSet, decodeJwt, decodeProtectedHeader, jwtVerify } from "jose";
import { setTimeout as sleep } from "node:timers/promises";
import { call, grant, tokenRequest, useSandbox } from "./sandbox-fixture";

const PASSWORD_GRANT = { grant_type: "password", client_id: "Frontend", username: "bot@example.org", password: "bot-password-123", scope: "openid profile email" };

describe("sandbox Keycloak", () => {
  describe("token endpoint errors, in Keycloak's check order", () => {
    const ctx = useSandbox({ clientSecret: "s3cret" });
    const withSecret = { ...PASSWORD_GRANT, client_secret: "s3cret" };
    const cases: Array<[string, Record<string, string> | URLSearchParams, number, string, string | undefined]> = [
      ["grant_type missing", { client_id: "Frontend" }, 400, "invalid_request", "Missing form parameter: grant_type"],
      ["grant_type unknown", { grant_type: "magic", client_id: "Frontend" }, 400, "unsupported_grant_type", "Unsupported grant_type"],
      ["client_id missing", { grant_type: "password" }, 400, "invalid_client", "Missing client_id parameter"],
      ["client unknown", { ...withSecret, client_id: "Other" }, 401, "invalid_client", "Invalid client or Invalid client credentials"],
      ["secret missing", PASSWORD_GRANT, 401, "unauthorized_client", "Client secret not provided in request"],
      ["secret wrong", { ...withSecret, client_secret: "nope" }, 401, "unauthorized_client", "Invalid client or Invalid client credentials"],
      ["parameter repeated", new URLSearchParams([...Object.entries(withSecret), ["scope", "openid"]]), 400, "invalid_request", "duplicated parameter"],
      ["scope unknown", { ...withSecret, scope: "openid bogus" }, 400, "invalid_scope", "Invalid scopes: openid bogus"],
      ["password wrong", { ...withSecret, password: "wrong" }, 401, "invalid_grant", "Invalid user credentials"],
      ["user unknown", { ...withSecret, username: "ghost" }, 401, "invalid_grant", "Invalid user credentials"],
      ["refresh token missing", { grant_type: "refresh_token", client_id: "Frontend", client_secret: "s3cret" }, 400, "invalid_request", "No refresh token"],
      ["refresh token garbage", { grant_type: "refresh_token", client_id: "Frontend", client_secret: "s3cret", refresh_token: "abc.def.ghi" }, 400, "invalid_grant", "Invalid refresh token"],
    ];
    for (const [name, form, status, error, description] of cases) {
      it(`answers ${status} ${error} when the ${name}`, async () => {
        const response = await tokenRequest(ctx.sandbox, form);
        assert.equal(response.status, status);
        assert.deepEqual(response.json, { error, error_description: description });
        assert.equal(response.headers.get("cache-control"), "no-store");
      });
    }

    it("accepts the secret via HTTP Basic too", async () => {
      const { client_secret: _secret, ...form } = withSecret;
      const response = await tokenRequest(ctx.sandbox, form, { Authorization: `Basic ${Buffer.from("Frontend:s3cret").toString("base64")}` });
      assert.equal(response.status, 200);
    });

    it("answers 404 Realm does not exist for another realm", async () => {
      const response = await call(ctx.sandbox.oidcUrl.replace(/opentalk$/, "other") + "/protocol/openid-connect/token", { method: "POST" });
      assert.equal(response.status, 404);
      assert.deepEqual(response.json, { error: "Realm does not exist" });
    });
  });

  describe("configurable refusals", () => {
    const noDirect = useSandbox({ directAccessGrants: false });
    const newKeycloak = useSandbox({ wrongPasswordStatus: 400, users: [{ username: "off", password: "pw-123", email: "off@example.org", givenName: "O", familyName: "F", enabled: false }, { username: "on", password: "pw-123" }] });

    it("refuses the password grant when direct access grants are off", async () => {
      const response = await tokenRequest(noDirect.sandbox, PASSWORD_GRANT);
      assert.equal(response.status, 400);
      assert.deepEqual(response.json, { error: "unauthorized_client", error_description: "Client not allowed for direct access grants" });
    });

    it("answers bad credentials with 400 like Keycloak 26.6, and a disabled account with Account disabled", async () => {
      const wrong = await tokenRequest(newKeycloak.sandbox, { ...PASSWORD_GRANT, username: "on", password: "x" });
      assert.equal(wrong.status, 400);
      assert.equal(wrong.json.error, "invalid_grant");
      const disabled = await tokenRequest(newKeycloak.sandbox, { ...PASSWORD_GRANT, username: "off", password: "pw-123" });
      assert.equal(disabled.status, 400);
      assert.deepEqual(disabled.json, { error: "invalid_grant", error_description: "Account disabled" });
    });
  });

  describe("tokens", () => {
    const ctx = useSandbox({ realmPrefix: "/auth", accessTokenTtlSeconds: 60, refreshTokenTtlSeconds: 120 });

    it("serves discovery and JWKS under /auth/realms/opentalk", async () => {
      const sandbox = ctx.sandbox;
      assert.match(sandbox.oidcUrl, /^http:\/\/127\.0\.0\.1:\d+\/auth\/realms\/opentalk$/);
      const discovery = await call(`${sandbox.oidcUrl}/.well-known/openid-configuration`);
      assert.equal(discovery.json.issuer, sandbox.oidcUrl);
      assert.equal(discovery.json.token_endpoint, `${sandbox.oidcUrl}/protocol/openid-connect/token`);
      assert.equal(discovery.json.introspection_endpoint, `${sandbox.oidcUrl}/protocol/openid-connect/token/introspect`);
      const jwks = await call(discovery.json.jwks_uri);
      assert.deepEqual(jwks.json.keys.map((k: { use: string; alg: string }) => `${k.use}/${k.alg}`), ["sig/RS256", "enc/RSA-OAEP"]);
    });

    it("issues the Keycloak response shape and claims verifiable with the JWKS", async () => {
      const sandbox = ctx.sandbox;
      const response = await tokenRequest(sandbox, PASSWORD_GRANT);
      assert.equal(response.status, 200);
      assert.deepEqual(Object.keys(response.json), ["access_token", "expires_in", "refresh_expires_in", "refresh_token", "token_type", "id_token", "not-before-policy", "session_state", "scope"]);
      assert.equal(response.json.expires_in, 60);
      assert.equal(response.json.refresh_expires_in, 120);
      assert.equal(response.json.scope, "openid profile email");
      const jwks = createRemoteJWKSet(new URL(`${sandbox.oidcUrl}/protocol/openid-connect/certs`));
      const { payload, protectedHeader } = await jwtVerify(response.json.access_token, jwks, { issuer: sandbox.oidcUrl, audience: "account" });
      assert.equal(protectedHeader.alg, "RS256");
      assert.ok(protectedHeader.kid);
      assert.equal(payload.typ, "Bearer");
      assert.equal(payload.azp, "Frontend");
      assert.equal(payload.sid, response.json.session_state);
      assert.equal(payload.email, "bot@example.org");
      assert.equal(payload.given_name, "Room");
      assert.equal(payload.family_name, "Bot");
      assert.equal(payload.name, "Room Bot");
      assert.match(String(payload.sub), /^[0-9a-f-]{36}$/);
      assert.ok(Array.isArray((payload.realm_access as { roles: unknown }).roles));
      const id = await jwtVerify(response.json.id_token, jwks, { issuer: sandbox.oidcUrl, audience: "Frontend" });
      assert.equal(id.payload.typ, "ID");
      assert.equal(decodeProtectedHeader(response.json.refresh_token).alg, "HS512");
      const again = decodeJwt((await grant(sandbox)).access_token);
      assert.equal(again.sub, payload.sub, "the same user keeps the same sub");
    });

    it("omits the id_token and claims a user lacks", async () => {
      const noOpenid = await tokenRequest(ctx.sandbox, { ...PASSWORD_GRANT, scope: "profile email" });
      assert.equal(noOpenid.json.id_token, undefined);
      assert.equal(noOpenid.json.scope, "profile email");
      const nomail = decodeJwt((await grant(ctx.sandbox, "nomail")).access_token);
      assert.equal(nomail.email, undefined);
      assert.equal(nomail.email_verified, undefined);
      assert.equal(nomail.given_name, "No");
    });

    it("rotates tokens on refresh and refuses refresh after the session ends", async () => {
      const sandbox = ctx.sandbox;
      const first = await grant(sandbox);
      const refreshed = await tokenRequest(sandbox, { grant_type: "refresh_token", client_id: "Frontend", refresh_token: first.refresh_token });
      assert.equal(refreshed.status, 200);
      assert.notEqual(refreshed.json.access_token, first.access_token);
      assert.notEqual(refreshed.json.refresh_token, first.refresh_token);
      assert.equal(decodeJwt(refreshed.json.access_token).sid, decodeJwt(first.access_token).sid);
      sandbox.endSessions();
      const ended = await tokenRequest(sandbox, { grant_type: "refresh_token", client_id: "Frontend", refresh_token: refreshed.json.refresh_token });
      assert.equal(ended.status, 400);
      assert.deepEqual(ended.json, { error: "invalid_grant", error_description: "Session not active" });
    });

    it("answers introspection and userinfo like Keycloak", async () => {
      const sandbox = ctx.sandbox;
      const tokens = await grant(sandbox);
      const introspect = (token: string) =>
        call(`${sandbox.oidcUrl}/protocol/openid-connect/token/introspect`, { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: new URLSearchParams({ client_id: "Frontend", token }) });
      assert.equal((await introspect(tokens.access_token)).json.active, true);
      assert.deepEqual((await introspect("garbage")).json, { active: false });
      const userinfo = await call(`${sandbox.oidcUrl}/protocol/openid-connect/userinfo`, { headers: { Authorization: `Bearer ${tokens.access_token}` } });
      assert.equal(userinfo.json.email, "bot@example.org");
      const bad = await call(`${sandbox.oidcUrl}/protocol/openid-connect/userinfo`, { headers: { Authorization: "Bearer nope" } });
      assert.equal(bad.status, 401);
      assert.deepEqual(bad.json, { error: "invalid_token", error_description: "Token verification failed" });
      assert.match(bad.headers.get("www-authenticate") ?? "", /error="invalid_token"/);
    });
  });

  describe("expiry", () => {
    const ctx = useSandbox({ accessTokenTtlSeconds: 1, refreshTokenTtlSeconds: 1 });

    it("lets refresh tokens expire with Token is not active", async () => {
      const tokens = await grant(ctx.sandbox);
      await sleep(2100);
      const response = await tokenRequest(ctx.sandbox, { grant_type: "refresh_token", client_id: "Frontend", refresh_token: tokens.refresh_token });
      assert.equal(response.status, 400);
      assert.deepEqual(response.json, { error: "invalid_grant", error_description: "Token is not active" });
    });
  });
});

describe("sandbox Keycloak service accounts", () => {
  const ctx = useSandbox({
    clientSecret: "frontend-secret",
    serviceAccounts: [
      { clientId: "provisioner", clientSecret: "prov-secret", profile: { email: "Provisioner@example.org", givenName: "Pro", familyName: "Visioner" } },
      { clientId: "bare-robot", clientSecret: "bare-secret" },
      { clientId: "no-sa", clientSecret: "no-sa-secret", serviceAccountsEnabled: false },
    ],
  });
  const clientCredentials = (form: Record<string, string>, headers: Record<string, string> = {}) => tokenRequest(ctx.sandbox, { grant_type: "client_credentials", ...form }, headers);

  it("issues a service-account token without refresh token, with an id_token only for openid", async () => {
    const response = await clientCredentials({ client_id: "provisioner", client_secret: "prov-secret", scope: "openid" });
    assert.equal(response.status, 200);
    assert.deepEqual(Object.keys(response.json), ["access_token", "expires_in", "refresh_expires_in", "token_type", "id_token", "not-before-policy", "scope"]);
    assert.equal(response.json.refresh_expires_in, 0);
    assert.equal(response.json.scope, "openid profile email");
    const claims = decodeJwt(response.json.access_token);
    assert.deepEqual([claims.azp, claims.preferred_username, claims.email, claims.given_name, claims.client_id], ["provisioner", "service-account-provisioner", "provisioner@example.org", "Pro", "provisioner"]);
    assert.equal(claims.sid, undefined, "a transient session");
    assert.equal(decodeJwt(response.json.id_token).aud, "provisioner");
    const basic = await clientCredentials({}, { Authorization: `Basic ${Buffer.from("provisioner:prov-secret").toString("base64")}` });
    assert.equal(basic.status, 200);
    assert.equal(basic.json.id_token, undefined, "no openid, no id_token");
    const bare = decodeJwt((await clientCredentials({ client_id: "bare-robot", client_secret: "bare-secret" })).json.access_token);
    assert.deepEqual([bare.email, bare.given_name, bare.email_verified], [undefined, undefined, false]);
  });

  it("refuses like Keycloak: wrong secret, public client, client without service accounts", async () => {
    const cases: Array<[Record<string, string>, number, string, string]> = [
      [{ client_id: "provisioner", client_secret: "nope" }, 401, "unauthorized_client", "Invalid client or Invalid client credentials"],
      [{ client_id: "no-sa", client_secret: "no-sa-secret" }, 401, "unauthorized_client", "Client not enabled to retrieve service account"],
      [{ client_id: "Frontend", client_secret: "frontend-secret" }, 401, "unauthorized_client", "Client not enabled to retrieve service account"],
      [{ client_id: "provisioner", client_secret: "prov-secret", scope: "bogus" }, 400, "invalid_scope", "Invalid scopes: bogus"],
    ];
    for (const [form, status, error, description] of cases) {
      const response = await clientCredentials(form);
      assert.equal(response.status, status, description);
      assert.deepEqual(response.json, { error, error_description: description });
    }
    const password = await tokenRequest(ctx.sandbox, { grant_type: "password", client_id: "provisioner", client_secret: "prov-secret", username: "service-account-provisioner", password: "" });
    assert.deepEqual(password.json, { error: "unauthorized_client", error_description: "Client not allowed for direct access grants" });
  });

  it("answers userinfo for service-account tokens only with openid, and serves profile changes made over the admin API", async () => {
    const userinfo = (token: string) => call(`${ctx.sandbox.oidcUrl}/protocol/openid-connect/userinfo`, { headers: { Authorization: `Bearer ${token}` } });
    const plain = (await clientCredentials({ client_id: "bare-robot", client_secret: "bare-secret" })).json.access_token;
    assert.deepEqual((await userinfo(plain)).json, { error: "insufficient_scope", error_description: "Missing openid scope" });
    const withOpenid = (await clientCredentials({ client_id: "bare-robot", client_secret: "bare-secret", scope: "openid" })).json.access_token;
    assert.equal((await userinfo(withOpenid)).json.email, undefined);
    const put = await call(`${ctx.sandbox.adminUrl}/users/service-account-bare-robot`, { method: "PUT", body: JSON.stringify({ email: "robot@example.org", firstName: "Ro", lastName: "Bot" }) });
    assert.equal(put.status, 204);
    assert.deepEqual([(await userinfo(withOpenid)).json.email, (await userinfo(withOpenid)).json.family_name], ["robot@example.org", "Bot"]);
    assert.equal((await call(`${ctx.sandbox.adminUrl}/users/ghost`, { method: "PUT", body: "{}" })).status, 404);
  });
});

describe("sandbox Keycloak service accounts of a public frontend", () => {
  const ctx = useSandbox();

  it("refuses client_credentials for the public client", async () => {
    const response = await tokenRequest(ctx.sandbox, { grant_type: "client_credentials", client_id: "Frontend" });
    assert.equal(response.status, 401);
    assert.deepEqual(response.json, { error: "unauthorized_client", error_description: "Public client not allowed to retrieve service account" });
  });
});
