/**
 * Injected failures: the next `count` requests matching a fault are delayed, answered with a status (as a reverse
 * proxy would, without the service ever seeing them: plain text, nginx's HTML page, nothing, a literal body, a
 * redirect) or dropped — before processing, or after it (the request committed, the answer lost). Used to test
 * retries, timeouts, "that is not the controller talking" and "the POST timed out but the room exists anyway".
 */
import type { SandboxResponse } from "./http-server";
import { literalPage, nginxErrorPage, plainTextPage } from "./proxy-pages";
import type { SandboxFault, ServiceName } from "./types";

interface ActiveFault {
  fault: SandboxFault;
  pathPattern: RegExp;
  remaining: number;
}

const SERVICES: readonly ServiceName[] = ["controller", "keycloak", "frontend"];

export class FaultTable {
  private active: ActiveFault[] = [];

  add(fault: SandboxFault): void {
    const problem = describeInvalidFault(fault);
    if (problem) throw new Error(`Invalid sandbox fault: ${problem}`);
    this.active.push({ fault: { ...fault }, pathPattern: new RegExp(fault.path), remaining: fault.count });
  }

  clear(): void {
    this.active = [];
  }

  /** Consumes one use of the first fault matching this request, if any. */
  take(service: ServiceName, method: string, rawPath: string): SandboxFault | undefined {
    if (this.active.length === 0) return undefined;
    const match = this.active.find(
      (a) =>
        (a.fault.service === undefined || a.fault.service === service) &&
        (a.fault.method === undefined || a.fault.method.toUpperCase() === method) &&
        a.pathPattern.test(rawPath),
    );
    if (!match) return undefined;
    match.remaining -= 1;
    if (match.remaining <= 0) this.active = this.active.filter((a) => a !== match);
    return match.fault;
  }
}

/** The answer of a fault with a `status`. */
export function faultResponse(fault: SandboxFault & { status: number }): SandboxResponse {
  const extra: Record<string, string> = {};
  if (fault.retryAfter !== undefined) extra["Retry-After"] = String(fault.retryAfter);
  if (fault.location !== undefined) extra.Location = fault.location;
  let response: SandboxResponse;
  if (fault.body === undefined || fault.body === "text") response = plainTextPage(fault.status);
  else if (fault.body === "html") response = nginxErrorPage(fault.status);
  else if (fault.body === "empty") response = { status: fault.status, headers: {} };
  else response = literalPage(fault.status, fault.body, fault.contentType);
  response.headers = { ...response.headers, ...extra };
  return response;
}

/** Returns why `input` is not a usable fault, or undefined when it is one. Shared by the admin API and `addFault`. */
export function describeInvalidFault(input: unknown): string | undefined {
  if (typeof input !== "object" || input === null || Array.isArray(input)) return "expected a JSON object";
  const f = input as Record<string, unknown>;
  if (typeof f.path !== "string") return "`path` (a regular expression string) is required";
  try {
    new RegExp(f.path);
  } catch (error) {
    return `\`path\` is not a valid regular expression: ${(error as Error).message}`;
  }
  if (!Number.isInteger(f.count) || (f.count as number) < 1) return "`count` must be a positive integer";
  if (f.service !== undefined && !SERVICES.includes(f.service as ServiceName)) return "`service` must be controller, keycloak or frontend";
  if (f.method !== undefined && typeof f.method !== "string") return "`method` must be a string";
  if (f.status !== undefined && (!Number.isInteger(f.status) || (f.status as number) < 100 || (f.status as number) > 599)) return "`status` must be an HTTP status code";
  if (f.retryAfter !== undefined && (typeof f.retryAfter !== "number" || f.retryAfter < 0)) return "`retryAfter` must be a number of seconds";
  if (f.delayMs !== undefined && (typeof f.delayMs !== "number" || f.delayMs < 0)) return "`delayMs` must be a non-negative number";
  if (f.drop !== undefined && typeof f.drop !== "boolean") return "`drop` must be a boolean";
  if (f.dropAfterProcessing !== undefined && typeof f.dropAfterProcessing !== "boolean") return "`dropAfterProcessing` must be a boolean";
  if (f.body !== undefined && typeof f.body !== "string") return '`body` must be "text", "html", "empty" or a literal string';
  if (f.contentType !== undefined && typeof f.contentType !== "string") return "`contentType` must be a string";
  if (f.location !== undefined && typeof f.location !== "string") return "`location` must be a URL string";
  const answers = [f.status !== undefined, f.drop === true, f.dropAfterProcessing === true].filter(Boolean).length;
  if (answers > 1) return "`status`, `drop` and `dropAfterProcessing` exclude each other";
  if (answers === 0 && f.delayMs === undefined) return "a fault needs `status`, `delayMs`, `drop` or `dropAfterProcessing`";
  if (f.status === undefined && (f.body !== undefined || f.location !== undefined)) return "`body` and `location` shape a `status` answer: give a `status`";
  if (f.contentType !== undefined && ["text", "html", "empty", undefined].includes(f.body as string | undefined)) return "`contentType` goes with a literal `body`";
  if (f.location !== undefined && ((f.status as number) < 300 || (f.status as number) > 399)) return "`location` needs a 3xx `status`";
  return undefined;
}
