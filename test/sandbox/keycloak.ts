/**
 * The Keycloak listener: one realm under `{base}/realms/{realm}`, where `{base}` carries the optional
 * `/auth` prefix of Keycloak ≤ 16 (and of OpenTalk's QA setup). Serves discovery, JWKS, the token
 * endpoint, introspection, userinfo and logout; everything else answers like Keycloak's 404.
 */
import { emptyResponse, Handler, jsonResponse, Router, SandboxRequest, SandboxResponse } from "./http-server";
import { authenticateClient } from "./keycloak-client-auth";
import { noStoreJson, oauthError, readForm } from "./keycloak-responses";
import { handleTokenRequest, TokenEndpointOptions } from "./keycloak-token-endpoint";
import type { Realm } from "./realm";
import type { TokenSigner } from "./tokens";

export interface KeycloakOptions extends TokenEndpointOptions {
  realmPrefix: "" | "/auth";
}

export function createKeycloakApp(realm: Realm, signer: TokenSigner, options: KeycloakOptions): Handler {
  const router = new Router()
    .add("GET", "/.well-known/openid-configuration", () => jsonResponse(200, discoveryDocument(realm.issuer)))
    .add("GET", "/protocol/openid-connect/certs", () => jsonResponse(200, signer.jwks(), { "Cache-Control": "no-cache" }))
    .add("POST", "/protocol/openid-connect/token", (req) => handleTokenRequest(realm, options, req))
    .add("POST", "/protocol/openid-connect/token/introspect", (req) => introspect(realm, req))
    .add("GET", "/protocol/openid-connect/userinfo", (req) => userinfo(realm, req))
    .add("POST", "/protocol/openid-connect/userinfo", (req) => userinfo(realm, req))
    .add("POST", "/protocol/openid-connect/logout", (req) => logout(realm, req));

  return async (req) => {
    const realmsRoot = `${options.realmPrefix}/realms/`;
    const pathname = req.url.pathname;
    if (!pathname.startsWith(realmsRoot)) return unknownResource();
    const rest = pathname.slice(realmsRoot.length);
    const slash = rest.indexOf("/");
    const realmName = decodeURIComponent(slash === -1 ? rest : rest.slice(0, slash));
    if (realmName !== realm.settings.realm) return jsonResponse(404, { error: "Realm does not exist" });
    const match = router.match(req.method, slash === -1 ? "" : rest.slice(slash));
    if (match.kind === "found") return match.handler({ ...req, params: match.params });
    return match.kind === "wrong-method" ? emptyResponse(405) : unknownResource();
  };
}

function unknownResource(): SandboxResponse {
  return jsonResponse(404, { error: "Unable to find matching target resource method", error_description: "For more on this error consult the server log." });
}

function discoveryDocument(issuer: string): Record<string, unknown> {
  const oidc = `${issuer}/protocol/openid-connect`;
  return {
    issuer,
    authorization_endpoint: `${oidc}/auth`,
    token_endpoint: `${oidc}/token`,
    introspection_endpoint: `${oidc}/token/introspect`,
    userinfo_endpoint: `${oidc}/userinfo`,
    end_session_endpoint: `${oidc}/logout`,
    jwks_uri: `${oidc}/certs`,
    grant_types_supported: ["authorization_code", "implicit", "refresh_token", "password", "client_credentials"],
    response_types_supported: ["code", "none", "id_token", "token", "id_token token", "code id_token", "code token", "code id_token token"],
    subject_types_supported: ["public", "pairwise"],
    id_token_signing_alg_values_supported: ["RS256"],
    userinfo_signing_alg_values_supported: ["RS256", "none"],
    token_endpoint_auth_methods_supported: ["private_key_jwt", "client_secret_basic", "client_secret_post", "tls_client_auth", "client_secret_jwt"],
    introspection_endpoint_auth_methods_supported: ["private_key_jwt", "client_secret_basic", "client_secret_post", "tls_client_auth", "client_secret_jwt"],
    claims_supported: ["aud", "sub", "iss", "auth_time", "name", "given_name", "family_name", "preferred_username", "email", "acr"],
    scopes_supported: ["openid", "profile", "email", "roles", "web-origins", "acr", "basic", "address", "phone", "offline_access", "microprofile-jwt", "organization"],
    code_challenge_methods_supported: ["plain", "S256"],
  };
}

async function introspect(realm: Realm, req: SandboxRequest): Promise<SandboxResponse> {
  const form = readForm(req.body);
  const client = authenticateClient(realm.clients, req.headers.authorization, form);
  if (!client.ok) return client.response;
  const token = form.get("token") ?? "";
  const access = await realm.checkAccessToken(token);
  if (access.ok) {
    return noStoreJson(200, { ...access.claims, client_id: access.claims.azp, username: access.account.username.toLowerCase(), token_type: "Bearer", active: true });
  }
  const refresh = await realm.checkRefreshToken(token, client.clientId);
  if (refresh.ok) return noStoreJson(200, { active: true, typ: "Refresh", sub: refresh.account.sub, sid: refresh.session.id, client_id: client.clientId, token_type: "Refresh" });
  return noStoreJson(200, { active: false });
}

async function userinfo(realm: Realm, req: SandboxRequest): Promise<SandboxResponse> {
  const header = req.headers.authorization;
  const token = header?.toLowerCase().startsWith("bearer ") ? header.slice(7).trim() : req.method === "POST" ? readForm(req.body).get("access_token") : null;
  if (!token) return oauthError(401, "invalid_request", "Token not provided");
  const check = await realm.checkAccessToken(token);
  if (!check.ok) {
    return oauthError(401, "invalid_token", "Token verification failed", {
      "WWW-Authenticate": `Bearer realm="${realm.settings.realm}", error="invalid_token", error_description="Token verification failed"`,
    });
  }
  // Keycloak ≥ 20: a token granted without the `openid` scope may not read userinfo.
  if (!String(check.claims.scope ?? "").split(" ").includes("openid")) return oauthError(403, "insufficient_scope", "Missing openid scope");
  return noStoreJson(200, realm.userinfo(check.account));
}

async function logout(realm: Realm, req: SandboxRequest): Promise<SandboxResponse> {
  const form = readForm(req.body);
  const client = authenticateClient(realm.clients, req.headers.authorization, form);
  if (!client.ok) return client.response;
  const refreshToken = form.get("refresh_token");
  if (!refreshToken) return oauthError(400, "invalid_request", "No refresh token");
  const check = await realm.checkRefreshToken(refreshToken, client.clientId);
  if (!check.ok) return oauthError(400, "invalid_grant", check.description);
  realm.endSession(check.session);
  return emptyResponse(204);
}
