/**
 * The Keycloak realm's brain, without HTTP: users, sessions, the tokens they get, and the checks
 * Keycloak's introspection and userinfo endpoints make. The controller uses the same checks in-process
 * where the real one calls introspection and userinfo over HTTP (it caches the result per token, so a
 * briefly unreachable Keycloak does not change its answers for tokens already in use).
 */
import * as crypto from "node:crypto";
import type { SandboxState, SessionRecord } from "./state";
import type { TokenSigner } from "./tokens";
import { RealmClient, realmClients, serviceAccountUsername } from "./realm-clients";
import { profileClaims, TokenMinter } from "./realm-tokens";
import type { SandboxServiceAccount, SandboxTariff, SandboxUser, SandboxUserProfile } from "./types";

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
  /** Set for the service-account user of that client: no password, tokens only through `client_credentials`. */
  serviceAccountOf?: string;
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
  | { ok: true; claims: Record<string, unknown>; account: RealmAccount; session?: SessionRecord }
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
  /** The frontend client first, then the service-account clients. */
  readonly clients: RealmClient[];
  /** Set once the Keycloak listener knows its port. */
  issuer = "";
  /** `jti`s made to look expired by `expireAccessTokens()`; their JWTs are otherwise still valid. */
  private readonly forciblyExpired = new Set<string>();
  private readonly issuedAccessTokenIds = new Set<string>();
  private readonly minter: TokenMinter;

  constructor(
    private readonly state: SandboxState,
    private readonly signer: TokenSigner,
    readonly settings: RealmSettings,
    users: SandboxUser[],
    serviceAccounts: SandboxServiceAccount[] = [],
  ) {
    this.clients = realmClients(settings, serviceAccounts);
    this.minter = new TokenMinter(signer, settings, () => this.issuer, (jti) => this.issuedAccessTokenIds.add(jti));
    const account = (u: SandboxUser, serviceAccountOf?: string): RealmAccount => ({
      username: u.username,
      password: u.password,
      email: u.email,
      givenName: u.givenName,
      familyName: u.familyName,
      enabled: u.enabled ?? true,
      tariff: { ...(u.tariff ?? { guestsAllowed: true, callIn: true }) },
      sub: stableUuid(`${settings.realm}/${u.username.toLowerCase()}`),
      ...(serviceAccountOf === undefined ? {} : { serviceAccountOf }),
    });
    this.accounts = [
      ...users.map((u) => account(u)),
      // Keycloak creates the service-account user with the client, whether or not the switch is on later.
      ...serviceAccounts.map((sa) => account({ username: serviceAccountUsername(sa.clientId), password: "", ...sa.profile, tariff: sa.tariff }, sa.clientId)),
    ];
  }

  client(clientId: string): RealmClient | undefined {
    return this.clients.find((c) => c.clientId === clientId);
  }

  serviceAccountOf(clientId: string): RealmAccount | undefined {
    return this.accounts.find((a) => a.serviceAccountOf === clientId);
  }

  /**
   * Keycloak's admin `PUT /admin/realms/{realm}/users/{id}` for the profile fields: given fields are set, `null`
   * removes one. Userinfo serves the new values at once; access tokens already issued keep their copy.
   */
  setProfile(login: string, profile: { [K in keyof SandboxUserProfile]?: string | null }): RealmAccount {
    const account = this.findAccountByLogin(login);
    if (!account) throw new Error(`The sandbox has no user "${login}".`);
    if (profile.email !== undefined) account.email = profile.email ?? undefined;
    if (profile.givenName !== undefined) account.givenName = profile.givenName ?? undefined;
    if (profile.familyName !== undefined) account.familyName = profile.familyName ?? undefined;
    return account;
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

  startSession(account: RealmAccount, scope: string, clientId = this.settings.clientId): SessionRecord {
    const now = Date.now();
    const session: SessionRecord = {
      id: crypto.randomUUID(),
      sub: account.sub,
      clientId,
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
  issueTokens(session: SessionRecord, account: RealmAccount): Promise<Record<string, unknown>> {
    const sessionEndsAtMs = Math.min(session.idleExpiresAtMs, session.startedAtMs + SSO_SESSION_MAX_MS);
    return this.minter.forSession(session, account, sessionEndsAtMs);
  }

  /** `client_credentials`: the service account's tokens (`realm-tokens.ts`). */
  issueServiceAccountTokens(client: RealmClient, account: RealmAccount, scope: string): Promise<Record<string, unknown>> {
    return this.minter.forServiceAccount(client, account, scope);
  }

  /** What introspection would say about an access token: signature, issuer, `typ`, expiry, live session. */
  async checkAccessToken(token: string): Promise<AccessTokenCheck> {
    const verified = await this.signer.verifyRs256(token);
    if (!verified.ok) return verified;
    const claims = verified.claims;
    if (claims.iss !== this.issuer || claims.typ !== "Bearer") return { ok: false, reason: "invalid" };
    if (this.forciblyExpired.has(String(claims.jti))) return { ok: false, reason: "expired" };
    const account = this.accountBySub(String(claims.sub));
    if (!account || !account.enabled) return { ok: false, reason: "expired" };
    // A transient (service-account) session is not stored: such a token is active until its `exp`.
    if (claims.sid === undefined) return { ok: true, claims, account };
    const session = this.findSession(claims.sid);
    if (!this.isSessionActive(session)) return { ok: false, reason: "expired" };
    return { ok: true, claims, account, session };
  }

  /** The claims of a token this realm's key signed, not checking expiry, issuer or type (what 0.29's JWT code checks first). */
  signedClaims(token: string): Promise<Record<string, unknown> | undefined> {
    return this.signer.signedClaims(token);
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
    return { sub: account.sub, ...profileClaims(account) };
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
