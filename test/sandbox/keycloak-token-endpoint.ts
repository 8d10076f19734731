/**
 * `POST {issuer}/protocol/openid-connect/token`, grants `password`, `refresh_token` and `client_credentials`.
 * The checks run in Keycloak's order (API-NOTES §2: realm → grant_type → client auth → duplicated parameters →
 * grant), because a client that tells errors apart by status sees only the first failing check.
 */
import type { SandboxRequest, SandboxResponse } from "./http-server";
import { authenticateClient } from "./keycloak-client-auth";
import { noStoreJson, oauthError, readForm } from "./keycloak-responses";
import type { Realm } from "./realm";
import type { RealmClient } from "./realm-clients";

export interface TokenEndpointOptions {
  /** Status for unknown users and wrong passwords: 401 up to Keycloak 26.5, 400 from 26.6. */
  wrongPasswordStatus: 400 | 401;
}

const GRANT_TYPES = ["password", "refresh_token", "client_credentials"];

export async function handleTokenRequest(realm: Realm, options: TokenEndpointOptions, req: SandboxRequest): Promise<SandboxResponse> {
  const form = readForm(req.body);
  const grantType = form.get("grant_type");
  if (grantType === null || grantType === "") return oauthError(400, "invalid_request", "Missing form parameter: grant_type");
  if (!GRANT_TYPES.includes(grantType)) return oauthError(400, "unsupported_grant_type", "Unsupported grant_type");

  const auth = authenticateClient(realm.clients, req.headers.authorization, form);
  if (!auth.ok) return auth.response;

  if ([...new Set(form.keys())].some((key) => form.getAll(key).length > 1)) return oauthError(400, "invalid_request", "duplicated parameter");

  if (grantType === "password") return passwordGrant(realm, options, form, auth.client);
  if (grantType === "client_credentials") return clientCredentialsGrant(realm, form, auth.client);
  return refreshGrant(realm, form, auth.clientId);
}

async function passwordGrant(realm: Realm, options: TokenEndpointOptions, form: URLSearchParams, client: RealmClient): Promise<SandboxResponse> {
  if (!client.directAccessGrants) return oauthError(400, "unauthorized_client", "Client not allowed for direct access grants");
  const requestedScope = form.get("scope") ?? undefined;
  const scope = realm.grantedScope(requestedScope);
  if (scope === undefined) return oauthError(400, "invalid_scope", `Invalid scopes: ${requestedScope ?? ""}`);
  const username = form.get("username");
  if (username === null || username === "") return oauthError(401, "invalid_request", "Missing parameter: username");
  const account = realm.findAccountByLogin(username);
  const badCredentials = oauthError(options.wrongPasswordStatus, "invalid_grant", "Invalid user credentials");
  // A service-account user has no password (API-NOTES §3: Keycloak 26.4+ refuses them here outright).
  if (!account || account.serviceAccountOf !== undefined) return badCredentials;
  if (!account.enabled) return oauthError(400, "invalid_grant", "Account disabled");
  if (form.get("password") !== account.password) return badCredentials;
  const session = realm.startSession(account, scope, client.clientId);
  return noStoreJson(200, await realm.issueTokens(session, account));
}

/**
 * Keycloak's `ClientCredentialsGrantType.process` (services/src/main/java/org/keycloak/protocol/oidc/grants/
 * ClientCredentialsGrantType.java @ 0312c39b): public and service-account-less clients get 401
 * `unauthorized_client`; the requested scope is checked as for the password grant.
 */
async function clientCredentialsGrant(realm: Realm, form: URLSearchParams, client: RealmClient): Promise<SandboxResponse> {
  if (client.secret === undefined) return oauthError(401, "unauthorized_client", "Public client not allowed to retrieve service account");
  if (!client.serviceAccountsEnabled) return oauthError(401, "unauthorized_client", "Client not enabled to retrieve service account");
  const account = realm.serviceAccountOf(client.clientId);
  if (!account) return oauthError(401, "invalid_request", "The associated service account for the client does not exist");
  const requestedScope = form.get("scope") ?? undefined;
  const scope = realm.grantedScope(requestedScope);
  if (scope === undefined) return oauthError(400, "invalid_scope", `Invalid scopes: ${requestedScope ?? ""}`);
  return noStoreJson(200, await realm.issueServiceAccountTokens(client, account, scope));
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
