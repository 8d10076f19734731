import { LoginError } from "./errors";
import type { HttpTransport } from "./http-transport";
import { loginErrorFrom } from "./keycloak-errors";
import type { Logger } from "./logger";
import { registerSecret } from "./redaction";
import { decodeBody } from "./responses";
import { TokenResponse } from "./schemas";
import type { OidcLocation } from "./discovery";

/** Hands out a valid access token; shared by every concurrent call of a process. */
export interface TokenSource {
  token(): Promise<string>;
  /** The controller rejected this token (401): forget it, so the next `token()` re-authenticates. */
  reject(token: string): void;
  /** Whether `reject` + `token` can produce a different token (a fixed access token cannot). */
  readonly canRenew: boolean;
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
  expiresAt: number;
  renewAt: number;
  refreshToken?: string;
  refreshExpiresAt: number;
}

export interface PasswordTokenSourceOptions {
  http: HttpTransport;
  oidc: () => Promise<OidcLocation>;
  username: string;
  password: string;
  clientSecret?: string;
  logger: Logger;
  /** Runs after every password login with its id_token, before the token is handed out (controller login). */
  afterLogin: (idToken: string | undefined) => Promise<void>;
  now?: () => number;
}

const SCOPE = "openid profile email";
const RENEW_MARGIN_MS = 30_000;
const RENEW_MARGIN_FRACTION = 0.2;

/**
 * Keycloak's password grant ("Direct access grants"), made for a process that serves many resources at once:
 * - one grant in flight at a time, whatever the number of concurrent callers (single flight);
 * - the access token is renewed before it expires (a fifth of its life early, at most 30 s), with the refresh
 *   token while that is valid, else with a new password login;
 * - a refresh that Keycloak refuses (expired, session ended) falls back to a password login;
 * - `scope` always includes `openid`: without it there is no id_token, and Keycloak ≥ 20 breaks the controller's
 *   userinfo call.
 */
export class PasswordTokenSource implements TokenSource {
  readonly canRenew = true;
  private grant?: Grant;
  private pending?: Promise<Grant>;
  private readonly now: () => number;

  constructor(private readonly options: PasswordTokenSourceOptions) {
    this.now = options.now ?? Date.now;
    registerSecret(options.password);
    registerSecret(options.clientSecret);
  }

  async token(): Promise<string> {
    const grant = this.grant;
    if (grant && this.now() < grant.renewAt) return grant.accessToken;
    this.pending ??= this.renew(grant).finally(() => (this.pending = undefined));
    return (await this.pending).accessToken;
  }

  reject(token: string): void {
    if (this.grant?.accessToken === token) this.grant = { ...this.grant, renewAt: 0, expiresAt: 0 };
  }

  private async renew(previous: Grant | undefined): Promise<Grant> {
    if (previous?.refreshToken && this.now() < previous.refreshExpiresAt) {
      try {
        this.grant = await this.requestGrant({ grant_type: "refresh_token", refresh_token: previous.refreshToken });
        return this.grant;
      } catch (error) {
        if (!(error instanceof LoginError)) throw error;
        this.options.logger.debug(`token refresh refused (${error.description ?? error.status}); logging in again`);
      }
    }
    const grant = await this.requestGrant(
      { grant_type: "password", username: this.options.username, password: this.options.password, scope: SCOPE },
      true,
    );
    this.grant = grant;
    return grant;
  }

  private async requestGrant(form: Record<string, string>, isPasswordLogin = false): Promise<Grant> {
    const oidc = await this.options.oidc();
    const body = new URLSearchParams({ ...form, client_id: oidc.clientId });
    if (this.options.clientSecret) body.set("client_secret", this.options.clientSecret);
    const sentAt = this.now();
    const response = await this.options.http.send({
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
      throw loginErrorFrom(response, { username: this.options.username, clientId: oidc.clientId, issuer: oidc.issuer });
    }
    const tokens = decodeBody(TokenResponse, response, "POST /protocol/openid-connect/token");
    registerSecret(tokens.access_token);
    registerSecret(tokens.refresh_token);
    registerSecret(tokens.id_token);
    if (isPasswordLogin) await this.options.afterLogin(tokens.id_token);
    // `exp` has whole seconds: a token issued late in a second lives up to a second less than `expires_in` says.
    const lifetimeMs = tokens.expires_in * 1000 - 1000;
    const margin = Math.min(RENEW_MARGIN_MS, tokens.expires_in * 1000 * RENEW_MARGIN_FRACTION);
    return {
      accessToken: tokens.access_token,
      expiresAt: sentAt + lifetimeMs,
      renewAt: sentAt + lifetimeMs - margin,
      refreshToken: tokens.refresh_token,
      refreshExpiresAt: sentAt + (tokens.refresh_expires_in ?? 0) * 1000 - 1000,
    };
  }
}
