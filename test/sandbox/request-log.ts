/**
 * What the sandbox saw, for tests that assert on traffic ("the client asked Keycloak only once").
 * The log must be safe to print in CI output, so it never holds bodies or headers, and paths are
 * scrubbed: invite codes are bearer secrets (anyone with one can join the room).
 */
import type { RequestLogEntry, ServiceName } from "./types";

/** Enough for any single test; stops a long-running CLI sandbox from growing without bound. */
const MAX_ENTRIES = 20_000;

const SECRET_QUERY_PARAMETER = /token|password|secret|code|invite|session|assertion|key/i;

export class RequestLog {
  private entries: RequestLogEntry[] = [];

  record(entry: RequestLogEntry): void {
    this.entries.push(entry);
    if (this.entries.length > MAX_ENTRIES) this.entries.splice(0, this.entries.length - MAX_ENTRIES);
  }

  list(filter: Partial<Pick<RequestLogEntry, "service" | "method">> = {}): RequestLogEntry[] {
    return this.entries
      .filter((e) => (filter.service === undefined || e.service === filter.service) && (filter.method === undefined || e.method === filter.method.toUpperCase()))
      .map((e) => ({ ...e }));
  }

  clear(): void {
    this.entries = [];
  }
}

/** `/v1/rooms/<id>/invites/<code>?x=1` → `/v1/rooms/<id>/invites/:code?x=1`; secret-looking query values → `REDACTED`. */
export function redactPath(service: ServiceName, rawPath: string): string {
  const queryStart = rawPath.indexOf("?");
  const pathname = queryStart === -1 ? rawPath : rawPath.slice(0, queryStart);
  const query = queryStart === -1 ? "" : rawPath.slice(queryStart + 1);
  const scrubbedPath = pathname
    .replace(/\/invites\/[^/]+/g, "/invites/:code")
    // The web frontend's legacy guest link `/invite/<code>`.
    .replace(service === "frontend" ? /\/invite\/[^/]+/g : /$^/g, "/invite/:code");
  if (query === "") return scrubbedPath;
  const scrubbedQuery = query
    .split("&")
    .map((pair) => {
      const eq = pair.indexOf("=");
      if (eq === -1) return pair;
      const name = pair.slice(0, eq);
      return SECRET_QUERY_PARAMETER.test(name) ? `${name}=REDACTED` : pair;
    })
    .join("&");
  return `${scrubbedPath}?${scrubbedQuery}`;
}
