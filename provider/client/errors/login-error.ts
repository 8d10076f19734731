import { OpenTalkError } from "./opentalk-error";

export interface LoginErrorDetails {
  /** Who tried to log in (the configured username), if a password login. */
  username?: string;
  status: number;
  /** Keycloak's `error` (`invalid_grant`, `unauthorized_client`, …). */
  error?: string;
  /** Keycloak's `error_description`, quoted verbatim in the message. */
  description?: string;
  /** What to change, as a sentence. */
  hint: string;
}

/**
 * Logging in to Keycloak (OpenID Connect) failed: wrong password, client settings, disabled account, unknown realm.
 * The message quotes what Keycloak said and names the setting to change.
 */
export class LoginError extends OpenTalkError {
  override readonly name = "LoginError";
  readonly status: number;
  readonly error?: string;
  readonly description?: string;

  constructor(details: LoginErrorDetails) {
    const who = details.username ? ` for ${details.username}` : "";
    const said = details.description ?? details.error ?? `HTTP ${details.status}`;
    super(`OpenTalk login failed${who}: Keycloak says "${said}" — ${details.hint}`);
    this.status = details.status;
    this.error = details.error;
    this.description = details.description;
  }
}

export function isLoginError(error: unknown): error is LoginError {
  return error instanceof LoginError;
}
