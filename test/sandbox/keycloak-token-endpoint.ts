/**
 * `POST {issuer}/protocol/openid-connect/token`, grants `password` and `refresh_token`. The checks run
 * in Keycloak's order (API-NOTES §2: realm → grant_type → client auth → duplicated parameters →
 * grant), because a client that tells errors apart by status sees only the first failing check.
 */
import type { SandboxRequest, SandboxResponse } from "./http-server";
import { authenticateClient } from "./keycloak-client-auth";
import { noStoreJson, oauthError, readForm } from "./keycloak-responses";
import type { Realm } from "./realm";

export interface TokenEndpointOptions {
  /** Status for unknown users and wrong passwords: 401 up to Keycloak 26.5, 400 from 26.6. */
  wrongPasswordStatus: 400 | 401;
}

export async function handleTokenRequest(realm: Realm, options: TokenEndpointOptions, req: SandboxRequest): Promise<SandboxResponse> {
  const form = readForm(req.body);
  const grantType = form.get("grant_type");
  if (grantType === null || grantType === "") return oauthError(400, "invalid_request", "Missing form parameter: grant_type");
  if (grantType !== "password" && grantType !== "refresh_token") return oauthError(400, "unsupported_grant_type", "Unsupported grant_type");

  const client = authenticateClient(realm.settings, req.headers.authorization, form);
  if (!client.ok) return client.response;

  if ([...new Set(form.keys())].some((key) => form.getAll(key).length > 1)) return oauthError(400, "invalid_request", "duplicated parameter");

  return grantType === "password" ? passwordGrant(realm, options, form) : refreshGrant(realm, form, client.clientId);
}

async function passwordGrant(realm: Realm, options: TokenEndpointOptions, form: URLSearchParams): Promise<SandboxResponse> {
  if (!realm.settings.directAccessGrants) return oauthError(400, "unauthorized_client", "Client not allowed for direct access grants");
  const requestedScope = form.get("scope") ?? undefined;
  const scope = realm.grantedScope(requestedScope);
  if (scope === undefined) return oauthError(400, "invalid_scope", `Invalid scopes: ${requestedScope ?? ""}`);
  const username = form.get("username");
  if (username === null || username === "") return oauthError(401, "invalid_request", "Missing parameter: username");
  const account = realm.findAccountByLogin(username);
  const badCredentials = oauthError(options.wrongPasswordStatus, "invalid_grant", "Invalid user credentials");
  if (!account) return badCredentials;
  if (!account.enabled) return oauthError(400, "invalid_grant", "Account disabled");
  if (form.get("password") !== account.password) return badCredentials;
  const session = realm.startSession(account, scope);
  return noStoreJson(200, await realm.issueTokens(session, account));
}

async function refreshGrant(realm: Realm, form: URLSearchParams, clientId: string): Promise<SandboxResponse> {
  const refreshToken = form.get("refresh_token");
  if (refreshToken === null || refreshToken === "") return oauthError(400, "invalid_request", "No refresh token");
  const check = await realm.checkRefreshToken(refreshToken, clientId);
  if (!check.ok) return oauthError(400, "invalid_grant", check.description);
  if (!check.account.enabled) return oauthError(400, "invalid_grant", "Account disabled");
  realm.touchSession(check.session);
  return noStoreJson(200, await realm.issueTokens(check.session, check.account));
}
