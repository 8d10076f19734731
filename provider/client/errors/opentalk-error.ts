import { redact } from "../redaction";

/**
 * The base of every error pulumi-opentalk raises. Its message is always redacted, so it is safe to print, log and
 * hand to Pulumi (which shows it to the user and may store it in a checkpoint).
 */
export class OpenTalkError extends Error {
  override readonly name: string = "OpenTalkError";

  constructor(message: string, options?: { cause?: unknown }) {
    super(redact(message), options?.cause === undefined ? undefined : { cause: options.cause });
  }
}

export function isOpenTalkError(error: unknown): error is OpenTalkError {
  return error instanceof OpenTalkError;
}
