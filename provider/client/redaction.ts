/**
 * Keeps secrets out of everything a person can read: error messages, log lines, paths.
 *
 * Two layers, because either alone leaks eventually:
 * - structural: invite codes live in URL paths (`/invites/{code}`) and in guest links, so those positions are
 *   masked wherever a path or URL is rendered;
 * - by value: every password, token, refresh token, client secret and invite code the process has handled is
 *   registered here, and any text shown to a person is scrubbed of them (this also catches a secret that a
 *   server echoes back in an error body).
 */

const MASK = "***";
const MIN_SECRET_LENGTH = 4;

const knownSecrets = new Set<string>();

/** Remember a secret so that no later message or log line can show it. Short values are ignored (false hits). */
export function registerSecret(value: string | undefined | null): void {
  if (typeof value === "string" && value.length >= MIN_SECRET_LENGTH) knownSecrets.add(value);
}

/** Mask invite codes in a path or URL: `/v1/rooms/r/invites/<code>` and `?invite=<code>`. */
export function redactPath(pathOrUrl: string): string {
  return pathOrUrl
    .replace(/(\/invites\/)[^/?#\s"'(),;]+/g, `$1${MASK}`)
    .replace(/([?&]invite=)[^&#\s"'(),;]+/g, `$1${MASK}`)
    .replace(/(\/invite\/)(?!verify\b)[^/?#\s"'(),;]+/g, `$1${MASK}`);
}

/** Scrub every registered secret (and anything that looks like a bearer token) out of a text. */
export function redactText(text: string): string {
  let result = text;
  for (const secret of knownSecrets) {
    if (result.includes(secret)) result = result.split(secret).join(MASK);
  }
  return result
    .replace(/(Bearer\s+)[A-Za-z0-9._~+/=-]+/g, `$1${MASK}`)
    .replace(/\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/g, MASK);
}

/** Both layers: for anything that may contain a URL and free text. */
export function redact(text: string): string {
  return redactText(redactPath(text));
}
