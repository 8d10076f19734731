import { OpenTalkError } from "./opentalk-error";
import { redactPath } from "../redaction";

/** One entry of the controller's `validation_errors` list. */
export interface ValidationError {
  field?: string;
  code: string;
  message?: string;
}

/**
 * What a failure answer of the controller means, decided once where the answer is read (responses.ts), so that no
 * caller interprets status codes itself:
 * - `denied`: the permission layer said no (403, empty body or `forbidden`). Real controllers answer this both for an
 *   object that does not exist and for one that belongs to someone else — not yet proof that anything is gone.
 * - `not-found`: the controller's own JSON 404 (`not_found`), e.g. an unknown invite code or a room without SIP.
 * - `no-route`: an empty 404/405 from the web framework: this controller has no such endpoint (older release, or a
 *   wrong path prefix).
 * - `removed`: 410 Gone — the whole endpoint was removed in this release (0.35's invite API), not one object.
 * - `unauthenticated`: 401.
 * - `conflict`: 409.
 * - `refused`: any other answer of the controller (validation, tariff, 5xx).
 */
export type ControllerMeaning = "denied" | "not-found" | "no-route" | "removed" | "unauthenticated" | "conflict" | "refused";

export interface ControllerErrorDetails {
  method: string;
  /** The request path, with invite codes masked. */
  path: string;
  status: number;
  /** OpenTalk's machine-readable `code` (`forbidden`, `conflict`, `feature_disabled_by_tariff`, …), if any. */
  code?: string;
  /** The controller's own `message`, or the body text when it was not JSON. */
  serverMessage?: string;
  validationErrors?: ValidationError[];
  /** What the user should do about it: a sentence, shown after the facts. */
  hint?: string;
  /** Default: derived from status, code and whether the body was empty (see ControllerMeaning). */
  meaning?: ControllerMeaning;
  /** When the answer arrived (ms since the epoch): proof of absence must come from a later answer. */
  answeredAt?: number;
}

/**
 * The OpenTalk controller answered, and the answer was a failure (4xx/5xx after retries).
 * Carries everything a caller needs to decide (status, code) and a message a person can act on.
 */
export class ControllerError extends OpenTalkError {
  override readonly name = "ControllerError";
  readonly method: string;
  readonly path: string;
  readonly status: number;
  readonly code?: string;
  readonly serverMessage?: string;
  readonly validationErrors: ValidationError[];
  readonly meaning: ControllerMeaning;
  readonly answeredAt: number;

  constructor(details: ControllerErrorDetails) {
    super(describe(details));
    this.method = details.method;
    this.path = redactPath(details.path);
    this.status = details.status;
    this.code = details.code;
    this.serverMessage = details.serverMessage;
    this.validationErrors = details.validationErrors ?? [];
    this.meaning = details.meaning ?? meaningOf(details.status, details.code, details.serverMessage);
    this.answeredAt = details.answeredAt ?? Date.now();
  }

  /** The same failure with a more specific hint, for callers that know what the request meant. */
  withHint(hint: string): ControllerError {
    return new ControllerError({ ...this.details(), hint });
  }

  details(): ControllerErrorDetails {
    return {
      method: this.method,
      path: this.path,
      status: this.status,
      code: this.code,
      serverMessage: this.serverMessage,
      validationErrors: this.validationErrors,
      meaning: this.meaning,
      answeredAt: this.answeredAt,
    };
  }
}

function meaningOf(status: number, code: string | undefined, body: string | undefined): ControllerMeaning {
  if (status === 401) return "unauthenticated";
  if (status === 403 && (code === "forbidden" || (code === undefined && !body))) return "denied";
  if (status === 404 && code === "not_found") return "not-found";
  if ((status === 404 || status === 405) && code === undefined && !body) return "no-route";
  if (status === 410) return "removed";
  if (status === 409) return "conflict";
  return "refused";
}

function describe(d: ControllerErrorDetails): string {
  const what = [d.code, d.serverMessage].filter(Boolean).join(": ");
  const fields = (d.validationErrors ?? [])
    .map((v) => `${v.field ?? "(body)"}: ${v.message ?? v.code}`)
    .join("; ");
  let message = `OpenTalk controller answered ${d.status} to ${d.method} ${redactPath(d.path)}`;
  if (what) message += ` (${what})`;
  if (fields) message += ` [${fields}]`;
  if (d.hint) message += ` — ${d.hint}`;
  return message;
}

export function isControllerError(error: unknown): error is ControllerError {
  return error instanceof ControllerError;
}
