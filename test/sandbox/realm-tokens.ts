/**
 * The tokens the realm hands out and the token endpoint's success bodies, shaped as Keycloak shapes them
 * (API-NOTES §2; `TokenManager.java` @ 90a8409c): RS256 access and ID tokens, an HS512 refresh token.
 */
import * as crypto from "node:crypto";
import type { RealmAccount, RealmSettings } from "./realm";
import type { RealmClient } from "./realm-clients";
import type { SessionRecord } from "./state";
import type { TokenSigner } from "./tokens";

export class TokenMinter {
  constructor(
    private readonly signer: TokenSigner,
    private readonly settings: RealmSettings,
    private readonly issuer: () => string,
    /** Told every access token id, so `expireAccessTokens()` can find them. */
    private readonly onAccessToken: (jti: string) => void,
  ) {}

  /** Password and refresh grants: access, refresh and (with `openid`) ID token of a user session. */
  async forSession(session: SessionRecord, account: RealmAccount, sessionEndsAtMs: number): Promise<Record<string, unknown>> {
    const nowSeconds = Math.floor(Date.now() / 1000);
    const refreshExpiresIn = Math.max(0, Math.min(this.settings.refreshTokenTtlSeconds, Math.floor((sessionEndsAtMs - Date.now()) / 1000)));
    const common = { iss: this.issuer(), sub: account.sub, azp: session.clientId, sid: session.id };
    const accessToken = await this.accessToken(nowSeconds, common, session.scope, account);
    const refreshToken = await this.signer.signRefresh({
      exp: Math.floor(sessionEndsAtMs / 1000),
      iat: nowSeconds,
      jti: crypto.randomUUID(),
      ...common,
      aud: this.issuer(),
      typ: "Refresh",
      scope: session.scope,
    });
    const body: Record<string, unknown> = {
      access_token: accessToken,
      expires_in: this.settings.accessTokenTtlSeconds,
      refresh_expires_in: refreshExpiresIn,
      refresh_token: refreshToken,
      token_type: "Bearer",
    };
    if (session.scope.split(" ").includes("openid")) body.id_token = await this.idToken(nowSeconds, common, session.clientId, accessToken, account);
    body["not-before-policy"] = 0;
    body.session_state = session.id;
    body.scope = session.scope;
    return body;
  }

  /**
   * `client_credentials`: Keycloak marks the service account's user session TRANSIENT unless the client turned on
   * refresh tokens for this grant (services/…/oidc/grants/ClientCredentialsGrantType.java @ 0312c39b), so the
   * answer has no refresh token (`refresh_expires_in: 0`), no `session_state`, and the tokens no `sid`; the access
   * token names the client (the service-account client scope's `client_id`, `clientHost`, `clientAddress` mappers).
   */
  async forServiceAccount(client: RealmClient, account: RealmAccount, scope: string): Promise<Record<string, unknown>> {
    const nowSeconds = Math.floor(Date.now() / 1000);
    const common = { iss: this.issuer(), sub: account.sub, azp: client.clientId };
    const accessToken = await this.accessToken(nowSeconds, common, scope, account, { client_id: client.clientId, clientHost: "127.0.0.1", clientAddress: "127.0.0.1" });
    const body: Record<string, unknown> = { access_token: accessToken, expires_in: this.settings.accessTokenTtlSeconds, refresh_expires_in: 0, token_type: "Bearer" };
    if (scope.split(" ").includes("openid")) body.id_token = await this.idToken(nowSeconds, common, client.clientId, accessToken, account);
    body["not-before-policy"] = 0;
    body.scope = scope;
    return body;
  }

  private accessToken(nowSeconds: number, common: Record<string, unknown>, scope: string, account: RealmAccount, extra: Record<string, unknown> = {}): Promise<string> {
    const jti = crypto.randomUUID();
    this.onAccessToken(jti);
    return this.signer.signRs256({
      // Keycloak computes `exp` from whole seconds (Time.currentTime() + lifespan), so a token may live up to a
      // second less than `expires_in` says. Clients must allow for that; the sandbox does the same odd thing.
      exp: nowSeconds + this.settings.accessTokenTtlSeconds,
      iat: nowSeconds,
      jti,
      ...common,
      aud: "account",
      typ: "Bearer",
      acr: "1",
      realm_access: { roles: [`default-roles-${this.settings.realm.toLowerCase()}`, "offline_access", "uma_authorization"] },
      resource_access: { account: { roles: ["manage-account", "manage-account-links", "view-profile"] } },
      scope,
      ...extra,
      ...profileClaims(account),
    });
  }

  private idToken(nowSeconds: number, common: Record<string, unknown>, clientId: string, accessToken: string, account: RealmAccount): Promise<string> {
    return this.signer.signRs256({
      exp: nowSeconds + this.settings.accessTokenTtlSeconds,
      iat: nowSeconds,
      jti: crypto.randomUUID(),
      ...common,
      aud: clientId,
      typ: "ID",
      at_hash: crypto.createHash("sha256").update(accessToken).digest().subarray(0, 16).toString("base64url"),
      acr: "1",
      ...profileClaims(account),
    });
  }
}

/** The profile and email scopes' claims; a user without e-mail or names gets none of those. */
export function profileClaims(account: RealmAccount): Record<string, unknown> {
  const claims: Record<string, unknown> = {};
  // The email scope's mapper always emits the flag; sandbox users with an address count as verified.
  if (account.email !== undefined || account.serviceAccountOf !== undefined) claims.email_verified = account.email !== undefined && account.serviceAccountOf === undefined;
  const name = [account.givenName, account.familyName].filter((n) => n !== undefined).join(" ");
  if (name !== "") claims.name = name;
  claims.preferred_username = account.username.toLowerCase();
  if (account.givenName !== undefined) claims.given_name = account.givenName;
  if (account.familyName !== undefined) claims.family_name = account.familyName;
  if (account.email !== undefined) claims.email = account.email.toLowerCase();
  return claims;
}
