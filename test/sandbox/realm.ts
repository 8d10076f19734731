/**
 * The Keycloak realm's brain, without HTTP: users, sessions, the tokens they get, and the checks
 * Keycloak's introspection and userinfo endpoints make. The controller uses the same checks in-process
 * where the real one calls introspection and userinfo over HTTP (it caches the result per token, so a
 * briefly unreachable Keycloak does not change its answers for tokens already in use).
 */
import * as crypto from "node:crypto";
import type { SandboxState, SessionRecord } from "./state";
import type { TokenSigner } from "./tokens";
import type { SandboxTariff, SandboxUser } from "./types";

export interface RealmAccount {
  username: string;
  password: string;
  email?: string;
  givenName?: string;
  familyName?: string;
  enabled: boolean;
  tariff: SandboxTariff;
  /** Stable per realm and username, so a restarted sandbox (or a fresh one) gives the same user the same `sub`. */
  sub: string;
}

export interface RealmSettings {
  realm: string;
  clientId: string;
  clientSecret?: string;
  directAccessGrants: boolean;
  accessTokenTtlSeconds: number;
  refreshTokenTtlSeconds: number;
}

export type AccessTokenCheck =
  | { ok: true; claims: Record<string, unknown>; account: RealmAccount; session: SessionRecord }
  | { ok: false; reason: "invalid" | "expired" };

export type RefreshTokenCheck = { ok: true; session: SessionRecord; account: RealmAccount } | { ok: false; description: string };

/** Keycloak's default SSO Session Max (10 h): `refresh_expires_in` never reaches past it. */
const SSO_SESSION_MAX_MS = 36_000_000;

/** Client scopes a stock Keycloak realm knows; anything else is `invalid_scope`. */
const KNOWN_SCOPES = new Set(["openid", "profile", "email", "roles", "web-origins", "acr", "basic", "address", "phone", "offline_access", "microprofile-jwt", "organization"]);
/** Default scopes are always granted; of the optional ones only these appear in the `scope` claim. */
const OPTIONAL_SCOPES_IN_CLAIM = ["address", "phone", "offline_access", "microprofile-jwt", "organization"];

export class Realm {
  readonly accounts: RealmAccount[];
  /** Set once the Keycloak listener knows its port. */
  issuer = "";
  /** `jti`s made to look expired by `expireAccessTokens()`; their JWTs are otherwise still valid. */
  private readonly forciblyExpired = new Set<string>();
  private readonly issuedAccessTokenIds = new Set<string>();

  constructor(
    private readonly state: SandboxState,
    private readonly signer: TokenSigner,
    readonly settings: RealmSettings,
    users: SandboxUser[],
  ) {
    this.accounts = users.map((u) => ({
      username: u.username,
      password: u.password,
      email: u.email,
      givenName: u.givenName,
      familyName: u.familyName,
      enabled: u.enabled ?? true,
      tariff: { ...(u.tariff ?? { guestsAllowed: true, callIn: true }) },
      sub: stableUuid(`${settings.realm}/${u.username.toLowerCase()}`),
    }));
  }

  /** Keycloak matches the username case-insensitively and, by default, accepts the e-mail address too. */
  findAccountByLogin(login: string): RealmAccount | undefined {
    const wanted = login.toLowerCase();
    return this.accounts.find((a) => a.username.toLowerCase() === wanted || a.email?.toLowerCase() === wanted);
  }

  accountBySub(sub: string): RealmAccount | undefined {
    return this.accounts.find((a) => a.sub === sub);
  }

  /** `undefined` when a requested scope is unknown (the caller answers `invalid_scope`). */
  grantedScope(requested: string | undefined): string | undefined {
    const wanted = (requested ?? "").split(" ").filter((s) => s !== "");
    if (wanted.some((s) => !KNOWN_SCOPES.has(s))) return undefined;
    const granted = [...(wanted.includes("openid") ? ["openid"] : []), "profile", "email", ...OPTIONAL_SCOPES_IN_CLAIM.filter((s) => wanted.includes(s))];
    return granted.join(" ");
  }

  startSession(account: RealmAccount, scope: string): SessionRecord {
    const now = Date.now();
    const session: SessionRecord = {
      id: crypto.randomUUID(),
      sub: account.sub,
      clientId: this.settings.clientId,
      scope,
      startedAtMs: now,
      idleExpiresAtMs: this.idleDeadline(),
      active: true,
    };
    this.state.data.sessions.push(session);
    this.state.changed();
    return session;
  }

  touchSession(session: SessionRecord): void {
    session.idleExpiresAtMs = this.idleDeadline();
    this.state.changed();
  }

  /** On a whole second (like token `exp`), so refresh token and session run out together. */
  private idleDeadline(): number {
    return Math.ceil((Date.now() + this.settings.refreshTokenTtlSeconds * 1000) / 1000) * 1000;
  }

  findSession(id: unknown): SessionRecord | undefined {
    return this.state.data.sessions.find((s) => s.id === id);
  }

  isSessionActive(session: SessionRecord | undefined): session is SessionRecord {
    return session !== undefined && session.active && session.idleExpiresAtMs > Date.now() && session.startedAtMs + SSO_SESSION_MAX_MS > Date.now();
  }

  endSession(session: SessionRecord): void {
    session.active = false;
    this.state.changed();
  }

  endSessions(): void {
    for (const session of this.state.data.sessions) session.active = false;
    this.state.changed();
  }

  /** Every access token issued so far now fails as expired; new grants and refreshes still work. */
  expireAccessTokens(): void {
    for (const jti of this.issuedAccessTokenIds) this.forciblyExpired.add(jti);
    this.issuedAccessTokenIds.clear();
  }

  /** The token endpoint's success body, exactly as Keycloak shapes it. */
  async issueTokens(session: SessionRecord, account: RealmAccount): Promise<Record<string, unknown>> {
    const nowSeconds = Math.floor(Date.now() / 1000);
    // Keycloak computes `exp` from whole seconds (Time.currentTime() + lifespan), so a token may live up to a
    // second less than `expires_in` says. Clients must allow for that; the sandbox does the same odd thing.
    const expiresAt = (lifespanSeconds: number): number => nowSeconds + lifespanSeconds;
    const sessionEndsAtMs = Math.min(session.idleExpiresAtMs, session.startedAtMs + SSO_SESSION_MAX_MS);
    const refreshExpiresIn = Math.max(0, Math.min(this.settings.refreshTokenTtlSeconds, Math.floor((sessionEndsAtMs - Date.now()) / 1000)));
    const common = { iss: this.issuer, sub: account.sub, azp: session.clientId, sid: session.id };
    const accessJti = crypto.randomUUID();
    this.issuedAccessTokenIds.add(accessJti);
    const accessToken = await this.signer.signRs256({
      exp: expiresAt(this.settings.accessTokenTtlSeconds),
      iat: nowSeconds,
      jti: accessJti,
      ...common,
      aud: "account",
      typ: "Bearer",
      acr: "1",
      realm_access: { roles: [`default-roles-${this.settings.realm.toLowerCase()}`, "offline_access", "uma_authorization"] },
      resource_access: { account: { roles: ["manage-account", "manage-account-links", "view-profile"] } },
      scope: session.scope,
      ...this.profileClaims(account),
    });
    const refreshToken = await this.signer.signRefresh({
      exp: Math.floor(sessionEndsAtMs / 1000),
      iat: nowSeconds,
      jti: crypto.randomUUID(),
      ...common,
      aud: this.issuer,
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
    if (session.scope.split(" ").includes("openid")) {
      body.id_token = await this.signer.signRs256({
        exp: expiresAt(this.settings.accessTokenTtlSeconds),
        iat: nowSeconds,
        jti: crypto.randomUUID(),
        ...common,
        aud: session.clientId,
        typ: "ID",
        at_hash: crypto.createHash("sha256").update(accessToken).digest().subarray(0, 16).toString("base64url"),
        acr: "1",
        ...this.profileClaims(account),
      });
    }
    body["not-before-policy"] = 0;
    body.session_state = session.id;
    body.scope = session.scope;
    return body;
  }

  /** What introspection would say about an access token: signature, issuer, `typ`, expiry, live session. */
  async checkAccessToken(token: string): Promise<AccessTokenCheck> {
    const verified = await this.signer.verifyRs256(token);
    if (!verified.ok) return verified;
    const claims = verified.claims;
    if (claims.iss !== this.issuer || claims.typ !== "Bearer") return { ok: false, reason: "invalid" };
    if (this.forciblyExpired.has(String(claims.jti))) return { ok: false, reason: "expired" };
    const account = this.accountBySub(String(claims.sub));
    const session = this.findSession(claims.sid);
    if (!account || !account.enabled || !this.isSessionActive(session)) return { ok: false, reason: "expired" };
    return { ok: true, claims, account, session };
  }

  /** Signature, issuer, `typ:"ID"` and expiry of an ID token (what the deprecated controller login checks). */
  async checkIdToken(token: string): Promise<{ ok: true; claims: Record<string, unknown> } | { ok: false; reason: "invalid" | "expired" }> {
    const verified = await this.signer.verifyRs256(token);
    if (!verified.ok) return verified;
    if (verified.claims.iss !== this.issuer || verified.claims.typ !== "ID") return { ok: false, reason: "invalid" };
    return verified;
  }

  async checkRefreshToken(token: string, clientId: string): Promise<RefreshTokenCheck> {
    const verified = await this.signer.verifyRefresh(token);
    if (!verified.ok) return { ok: false, description: verified.reason === "expired" ? "Token is not active" : "Invalid refresh token" };
    const claims = verified.claims;
    if (claims.iss !== this.issuer || (claims.typ !== "Refresh" && claims.typ !== "Offline")) return { ok: false, description: "Invalid refresh token" };
    if (claims.azp !== clientId) return { ok: false, description: "Invalid refresh token. Token client and authorized client don't match" };
    const session = this.findSession(claims.sid);
    const account = this.accountBySub(String(claims.sub));
    if (!this.isSessionActive(session) || !account) return { ok: false, description: "Session not active" };
    return { ok: true, session, account };
  }

  /** The userinfo document: Keycloak serves the user's current profile, not the token's copy of it. */
  userinfo(account: RealmAccount): Record<string, unknown> {
    return { sub: account.sub, ...this.profileClaims(account) };
  }

  private profileClaims(account: RealmAccount): Record<string, unknown> {
    const claims: Record<string, unknown> = {};
    if (account.email !== undefined) claims.email_verified = true;
    const name = [account.givenName, account.familyName].filter((n) => n !== undefined).join(" ");
    if (name !== "") claims.name = name;
    claims.preferred_username = account.username.toLowerCase();
    if (account.givenName !== undefined) claims.given_name = account.givenName;
    if (account.familyName !== undefined) claims.family_name = account.familyName;
    if (account.email !== undefined) claims.email = account.email.toLowerCase();
    return claims;
  }
}

/** A name-based (version 5 layout) UUID: the same input always gives the same id. */
export function stableUuid(name: string): string {
  const hash = crypto.createHash("sha1").update(`pulumi-opentalk-sandbox:${name}`).digest();
  hash[6] = (hash[6] & 0x0f) | 0x50;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
