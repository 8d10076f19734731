import type { Logger } from "../client";

/**
 * Logs from inside the dynamic-provider host go to the Pulumi engine (`pulumi up --logtostderr -v=9` or the
 * diagnostics). `@pulumi/pulumi` is loaded on first use only: the host has it loaded already, and CLI and test
 * processes that never log do not pay for it.
 */
export function pulumiLogger(): Logger {
  const log = () => require("@pulumi/pulumi/log") as typeof import("@pulumi/pulumi/log");
  return {
    debug: (message) => void log().debug(`pulumi-opentalk: ${message}`),
    warn: (message) => void log().warn(`pulumi-opentalk: ${message}`),
  };
}
