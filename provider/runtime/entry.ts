import type { ConfigSource } from "../client";
import { inviteImplementation } from "./invite-provider";
import { meetingImplementation } from "./meeting-provider";
import { ProviderContext } from "./provider-context";
import type { ResourceImplementation } from "./resource-implementation";
import { roomImplementation } from "./room-provider";

/**
 * The entry point that every serialized shim calls: `require("pulumi-opentalk/dist/runtime/entry.js")`, then
 * `configure(config)` once and `handle(kind, method, args)` per call. Its path and these signatures are a permanent
 * contract — shims stored in existing stacks call them after every upgrade — so it only ever gains kinds and methods.
 */
const implementations: Record<string, ResourceImplementation> = {
  room: roomImplementation,
  invite: inviteImplementation,
  meeting: meetingImplementation,
};

const METHODS = new Set(["check", "diff", "create", "read", "update", "delete"]);

/**
 * The stack config of this process, as the dynamic-provider host hands it to each provider's configure(): the
 * engine sends every provider of a stack the same config. Kept here, in memory, and never on a serialized object.
 */
let stackConfig: ConfigSource | undefined;

export function configure(config: ConfigSource | undefined): void {
  stackConfig = config;
}

export async function handle(kind: string, method: string, args: unknown[]): Promise<unknown> {
  const implementation = implementations[kind];
  if (!implementation || !METHODS.has(method)) {
    throw new Error(
      `pulumi-opentalk cannot ${method} a "${kind}": the installed version is older than the one that wrote this ` +
        `stack's state. Install the newer pulumi-opentalk in the program's node_modules.`,
    );
  }
  const ctx = new ProviderContext(stackConfig);
  const call = (implementation as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>)[method]!;
  return call.call(implementation, ctx, ...args);
}
