import { OpenTalkError } from "./opentalk-error";

/** Which of the three servers an OpenTalk deployment is made of was being talked to. */
export type OpenTalkService = "controller" | "Keycloak" | "web frontend";

export interface ConnectionErrorDetails {
  service: OpenTalkService;
  method: string;
  /** The URL that was called (shown with invite codes masked). */
  url: string;
  /** A short reason: `connection refused (ECONNREFUSED)`, `no answer within 30000 ms`, … */
  reason: string;
  /** Which settings decide that address, so the user knows what to check. */
  settingHint: string;
  /** How many attempts were made before giving up. */
  attempts: number;
  /** Low-level error code (`ECONNREFUSED`, `UND_ERR_HEADERS_TIMEOUT`, …). */
  code?: string;
  /** The request reached the server and was not repeated: a create may have been carried out all the same. */
  mayHaveBeenProcessed?: boolean;
  /** No answer came in time: the server may still be working on the request. */
  timedOut?: boolean;
}

/**
 * No answer from a server: refused, reset, DNS failure or timeout, after the retries the method allows.
 * This replaces undici's bare `TypeError: fetch failed` with the address and what to check.
 */
export class ConnectionError extends OpenTalkError {
  override readonly name = "ConnectionError";
  readonly service: OpenTalkService;
  readonly url: string;
  readonly code?: string;
  readonly attempts: number;
  readonly mayHaveBeenProcessed: boolean;
  readonly timedOut: boolean;

  constructor(details: ConnectionErrorDetails, cause?: unknown) {
    const tries = details.attempts > 1 ? ` after ${details.attempts} attempts` : "";
    super(
      `Cannot reach the OpenTalk ${details.service} at ${origin(details.url)} (${details.method} ${details.url}): ` +
        `${details.reason}${tries}.${details.settingHint ? ` ${details.settingHint}` : ""}`,
      { cause },
    );
    this.service = details.service;
    this.url = details.url;
    this.code = details.code;
    this.attempts = details.attempts;
    this.mayHaveBeenProcessed = details.mayHaveBeenProcessed ?? false;
    this.timedOut = details.timedOut ?? false;
  }
}

function origin(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return url;
  }
}

export function isConnectionError(error: unknown): error is ConnectionError {
  return error instanceof ConnectionError;
}
