/**
 * When a request is tried again, and after how long. Pure: the transport asks, this answers.
 *
 * - GET, PUT, PATCH, DELETE (and requests marked idempotent, such as the token grant and invite verification) are
 *   retried on any network failure and on 429, 502, 503 and 504: repeating them cannot create anything twice.
 * - POST is retried only when it provably never reached the server: the connection was refused, the name did not
 *   resolve, or the connection could not be opened in time. After a timeout or a dropped connection the controller
 *   may already have created the room, so a replay could create a second one — that failure is reported instead.
 * - The wait grows exponentially from `baseDelayMs` with "equal jitter" (half fixed, half random), so that many
 *   concurrent resources do not retry in lock step while every wait stays at least half its nominal length: with
 *   the defaults, six attempts span more than three seconds, enough to ride out a Keycloak or controller restart.
 * - A `Retry-After` header (seconds or an HTTP date) is honoured, up to `maxRetryAfterMs`.
 */

export interface RetryPolicy {
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 6,
  baseDelayMs: 250,
  maxDelayMs: 5_000,
  maxRetryAfterMs: 30_000,
};

export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([429, 502, 503, 504]);

const IDEMPOTENT_METHODS: ReadonlySet<string> = new Set(["GET", "HEAD", "OPTIONS", "PUT", "PATCH", "DELETE"]);

/** Network failures that happen before a single byte of the request is sent. */
const NEVER_SENT_CODES: ReadonlySet<string> = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "UND_ERR_CONNECT_TIMEOUT",
]);

export type AttemptOutcome =
  | { kind: "status"; status: number }
  | { kind: "network"; code: string };

export function isIdempotent(method: string, markedIdempotent = false): boolean {
  return markedIdempotent || IDEMPOTENT_METHODS.has(method.toUpperCase());
}

export function neverReachedServer(code: string): boolean {
  return NEVER_SENT_CODES.has(code);
}

/** Should attempt number `attempt` (1-based) be followed by another one? */
export function shouldRetry(
  outcome: AttemptOutcome,
  request: { method: string; idempotent?: boolean },
  attempt: number,
  policy: RetryPolicy = DEFAULT_RETRY_POLICY,
): boolean {
  if (attempt >= policy.maxAttempts) return false;
  const idempotent = isIdempotent(request.method, request.idempotent);
  if (outcome.kind === "status") return idempotent && RETRYABLE_STATUSES.has(outcome.status);
  return idempotent || neverReachedServer(outcome.code);
}

/** How long to wait before attempt `attempt + 1`. */
export function retryDelayMs(
  attempt: number,
  retryAfter: string | undefined,
  policy: RetryPolicy = DEFAULT_RETRY_POLICY,
  random: () => number = Math.random,
  now: number = Date.now(),
): number {
  const serverAsked = parseRetryAfter(retryAfter, now);
  if (serverAsked !== undefined) return Math.min(serverAsked, policy.maxRetryAfterMs);
  const nominal = Math.min(policy.baseDelayMs * 2 ** (attempt - 1), policy.maxDelayMs);
  return Math.round(nominal / 2 + random() * (nominal / 2));
}

/** `Retry-After: 3` or `Retry-After: Wed, 21 Oct 2026 07:28:00 GMT` → milliseconds from now. */
export function parseRetryAfter(value: string | undefined, now: number = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
