import { OpenTalkError } from "./opentalk-error";
import { redactPath } from "../redaction";

/** One entry of the controller's `validation_errors` list. */
export interface ValidationError {
  field?: string;
  code: string;
  message?: string;
}

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

  constructor(details: ControllerErrorDetails) {
    super(describe(details));
    this.method = details.method;
    this.path = redactPath(details.path);
    this.status = details.status;
    this.code = details.code;
    this.serverMessage = details.serverMessage;
    this.validationErrors = details.validationErrors ?? [];
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
    };
  }
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
