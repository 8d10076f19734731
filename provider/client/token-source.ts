import type { OidcLocation } from "./discovery";
import { LoginError } from "./errors";
import type { HttpTransport } from "./http-transport";
import { loginErrorFrom } from "./keycloak-errors";
import type { Logger } from "./logger";
import { registerSecret } from "./redaction";
import { decodeBody } from "./responses";
import { TokenResponse } from "./schemas";
import type { LoginMethod, Settings } from "./settings";

/** Hands out a valid access token; shared by every concurrent call of a process. */
export interface TokenSource {
  token(): Promise<string>;
  /** The controller rejected this token (401): forget it, so the next `token()` re-authenticates. */
  reject(token: string): void;
  /** Whether `reject` + `token` can produce a different token (a fixed access token cannot). */
  readonly canRenew: boolean;
}

export interface TokenSourceDependencies {
  http: HttpTransport;
  oidc: () => Promise<OidcLocation>;
  logger: Logger;
  /**
   * Runs after every grant that returned an id_token, before its access token is handed out: the controller login.
   * OpenTalk 0.29 ends a session when the ID token it was opened with expires (v0.29.0
   * crates/opentalk-controller-core/src/api/v1/middleware/user_auth/mod.rs), so a refreshed token needs a new login.
   */
  afterGrant: (idToken: string | undefined) => Promise<void>;
  now?: () => number;
}

/** The token source for the configured login method (settings.ts). */
export function tokenSourceFor(settings: Settings, deps: TokenSourceDependencies): TokenSource {
  const login: LoginMethod = settings.login;
  switch (login.kind) {
    case "access-token":
      return new FixedTokenSource(login.accessToken);
    case "password":
      return new KeycloakTokenSource(deps, new PasswordGrant(login.username, login.password, settings.clientSecret));
    case "client-credentials":
      return new KeycloakTokenSource(deps, new ClientCredentialsGrant(login.clientId, login.clientSecret));
  }
}

/** `opentalk:accessToken`: used as given; when it expires the user must provide a new one. */
export class FixedTokenSource implements TokenSource {
  readonly canRenew = false;
  constructor(private readonly accessToken: string) {
    registerSecret(accessToken);
  }
  async token(): Promise<string> {
    return this.accessToken;
  }
  reject(): void {}
}

interface Grant {
  accessToken: string;
  /** Local clock, from `expires_in` at receipt: immune to clock skew between us and Keycloak. */
  renewAt: number;
  /**
   * Until then the token still serves callers while its renewal runs: half the renewal margin before it expires, so
   * a request sent at the last moment still arrives (and is checked) well before expiry.
   */
  usableUntil: number;
  refreshToken?: string;
  refreshExpiresAt: number;
}

/** One way of asking Keycloak for tokens: the form of a first grant, and who is logging in (for messages). */
export interface GrantKind {
  /** `bot@example.org`, or `the service account of client "pulumi"`. */
  readonly who: string;
  /** The client to authenticate as; undefined: the discovered (web app's) client. */
  readonly clientId?: string;
  readonly clientSecret?: string;
  /** Renew with the refresh token while it is valid (password grants; a service account simply asks anew). */
  readonly refreshes: boolean;
  firstGrantForm(): Record<string, string>;
}

/** Keycloak's password grant ("Direct access grants") for a user with a password. */
export class PasswordGrant implements GrantKind {
  readonly refreshes = true;
  readonly who: string;
  constructor(private readonly username: string, private readonly password: string, readonly clientSecret?: string) {
    registerSecret(password);
    registerSecret(clientSecret);
    this.who = username;
  }
  firstGrantForm(): Record<string, string> {
    // `openid` always: without it there is no id_token, and Keycloak ≥ 20 breaks the controller's userinfo call.
    return { grant_type: "password", username: this.username, password: this.password, scope: "openid profile email" };
  }
}

/**
 * Keycloak's client-credentials grant for a confidential client with a service account. `scope=openid` makes Keycloak
 * issue an id_token (the 0.29 login needs one) and lets the controller read userinfo for the token (Keycloak answers
 * userinfo for service-account tokens only with `openid` in scope, since 19.0.2). Keycloak gives no refresh token
 * here by default, so renewing means asking again.
 */
export class ClientCredentialsGrant implements GrantKind {
  readonly refreshes = false;
  readonly who: string;
  constructor(readonly clientId: string, readonly clientSecret: string) {
    registerSecret(clientSecret);
    this.who = `the service account of client "${clientId}"`;
  }
  firstGrantForm(): Record<string, string> {
    return { grant_type: "client_credentials", scope: "openid" };
  }
}

const RENEW_MARGIN_MS = 30_000;
const RENEW_MARGIN_FRACTION = 0.2;

/**
 * Tokens from Keycloak, made for a process that serves many resources at once:
 * - one grant in flight at a time, whatever the number of concurrent callers (single flight);
 * - the access token is renewed before it expires (a fifth of its life early, at most 30 s), with the refresh
 *   token while that is valid, else with a new first grant;
 * - while that early renewal is under way the current token, still valid, keeps serving every caller: only a caller
 *   whose token is about to expire (half the margin left) or was rejected waits for the new one. Holding everyone back instead stopped all
 *   requests for a grant and a login, two round trips, at every renewal (measured with `npm run bench`);
 * - a refresh that Keycloak refuses (expired, session ended) falls back to a first grant;
 * - after every grant with an id_token, the controller login runs before anyone gets the token.
 */
export class KeycloakTokenSource implements TokenSource {
  readonly canRenew = true;
  private grant?: Grant;
  private pending?: Promise<Grant>;
  private readonly now: () => number;

  constructor(private readonly deps: TokenSourceDependencies, private readonly kind: GrantKind) {
    this.now = deps.now ?? Date.now;
  }

  async token(): Promise<string> {
    const grant = this.grant;
    const now = this.now();
    if (grant && now < grant.renewAt) return grant.accessToken;
    this.pending ??= this.startRenewal(grant);
    if (grant && now < grant.usableUntil) return grant.accessToken;
    return (await this.pending).accessToken;
  }

  reject(token: string): void {
    if (this.grant?.accessToken === token) this.grant = { ...this.grant, renewAt: 0, usableUntil: 0 };
  }

  private startRenewal(previous: Grant | undefined): Promise<Grant> {
    const renewal = this.renew(previous).finally(() => (this.pending = undefined));
    // An early renewal may have nobody waiting for it: its failure must not go unhandled. The callers that need the
    // new token get the failure from the promise itself; the next call after it starts a new renewal.
    renewal.catch((error: unknown) => this.deps.logger.debug(`token grant failed: ${(error as Error).message}`));
    return renewal;
  }

  private async renew(previous: Grant | undefined): Promise<Grant> {
    if (this.kind.refreshes && previous?.refreshToken && this.now() < previous.refreshExpiresAt) {
      try {
        this.grant = await this.requestGrant({ grant_type: "refresh_token", refresh_token: previous.refreshToken });
        return this.grant;
      } catch (error) {
        if (!(error instanceof LoginError)) throw error;
        this.deps.logger.debug(`token refresh refused (${error.description ?? error.status}); logging in again`);
      }
    }
    this.grant = await this.requestGrant(this.kind.firstGrantForm());
    return this.grant;
  }

  private async requestGrant(form: Record<string, string>): Promise<Grant> {
    const oidc = await this.deps.oidc();
    const clientId = this.kind.clientId ?? oidc.clientId;
    const body = new URLSearchParams({ ...form, client_id: clientId });
    if (this.kind.clientSecret) body.set("client_secret", this.kind.clientSecret);
    const sentAt = this.now();
    const response = await this.deps.http.send({
      method: "POST",
      url: oidc.tokenEndpoint,
      headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
      body: body.toString(),
      // Repeating a token grant cannot duplicate anything: at worst Keycloak opens a second session.
      idempotent: true,
      service: "Keycloak",
      settingHint: "Check opentalk:oidcUrl (OPENTALK_OIDC_URL), or leave it unset so it is discovered.",
    });
    if (response.status !== 200) {
      throw loginErrorFrom(response, { username: this.kind.who, clientId, issuer: oidc.issuer, serviceAccount: this.kind instanceof ClientCredentialsGrant });
    }
    const tokens = decodeBody(TokenResponse, response, "POST /protocol/openid-connect/token");
    registerSecret(tokens.access_token);
    registerSecret(tokens.refresh_token);
    registerSecret(tokens.id_token);
    await this.deps.afterGrant(tokens.id_token);
    // `exp` has whole seconds: a token issued late in a second lives up to a second less than `expires_in` says.
    const lifetimeMs = tokens.expires_in * 1000 - 1000;
    const margin = Math.min(RENEW_MARGIN_MS, tokens.expires_in * 1000 * RENEW_MARGIN_FRACTION);
    return {
      accessToken: tokens.access_token,
      renewAt: sentAt + lifetimeMs - margin,
      usableUntil: sentAt + lifetimeMs - margin / 2,
      refreshToken: tokens.refresh_token,
      refreshExpiresAt: sentAt + (tokens.refresh_expires_in ?? 0) * 1000 - 1000,
    };
  }
}
