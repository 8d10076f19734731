import { redact } from "./redaction";

/** Where the client reports what it is doing. Inside a provider this is `pulumi.log`; in programs, nothing. */
export interface Logger {
  debug(message: string): void;
  warn(message: string): void;
}

export const silentLogger: Logger = { debug() {}, warn() {} };

/** Every line goes through redaction on its way out, whatever the destination. */
export function redactingLogger(target: Logger): Logger {
  return {
    debug: (message) => target.debug(redact(message)),
    warn: (message) => target.warn(redact(message)),
  };
}
