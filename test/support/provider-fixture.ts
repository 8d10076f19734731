import { closeSharedClients } from "../../provider/client";
import { ProviderContext } from "../../provider/runtime/provider-context";
import type { Sandbox } from "../sandbox";
import { namesNoLoginClient, recordingLogger } from "./sandbox-fixture";

/**
 * A provider context as the dynamic-provider host builds it: stack config (`opentalk:*`) as configure() hands it
 * over, for the sandbox's default user unless overridden. Clients are shared per settings, as in the host;
 * `closeSharedClients` in an `after` hook frees them.
 */
export function providerContext(sandbox: Sandbox, overrides: Record<string, string> = {}): ProviderContext & { lines: string[] } {
  const config: Record<string, string> = {
    "opentalk:url": sandbox.url,
    "opentalk:username": sandbox.username,
    "opentalk:password": sandbox.password,
    ...(namesNoLoginClient(sandbox) ? { "opentalk:clientId": sandbox.clientId } : {}),
    ...overrides,
  };
  const logger = recordingLogger();
  const ctx = new ProviderContext({ get: (key) => config[key] }, logger);
  return Object.assign(ctx, { lines: logger.lines });
}

export { closeSharedClients };

/** Everything a result must be to cross the gRPC boundary: no undefined anywhere, no Date. */
export function assertStructSafe(value: unknown, path = "outputs"): void {
  if (value === undefined) throw new Error(`${path} is undefined: the host would fail with "Unexpected struct type"`);
  if (value instanceof Date) throw new Error(`${path} is a Date: it would arrive as {}`);
  if (value !== null && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) assertStructSafe(item, `${path}.${key}`);
  }
}
