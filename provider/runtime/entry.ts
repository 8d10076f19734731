import type { ConfigSource } from "../client";
import { inviteImplementation } from "./invite-provider";
import { ProviderContext } from "./provider-context";
import type { ResourceImplementation } from "./resource-implementation";
import { roomImplementation } from "./room-provider";

/**
 * The entry point that every serialized shim calls: `require("pulumi-opentalk/dist/runtime/entry.js").handle(…)`.
 * Its path and signature are a permanent contract — shims stored in existing stacks call it after every upgrade —
 * so it only ever gains kinds and methods.
 */
const implementations: Record<string, ResourceImplementation> = {
  room: roomImplementation,
  invite: inviteImplementation,
};

const METHODS = new Set(["check", "diff", "create", "read", "update", "delete"]);

export async function handle(kind: string, method: string, config: ConfigSource | undefined, args: unknown[]): Promise<unknown> {
  const implementation = implementations[kind];
  if (!implementation || !METHODS.has(method)) {
    throw new Error(
      `pulumi-opentalk cannot ${method} a "${kind}": the installed version is older than the one that wrote this ` +
        `stack's state. Install the newer pulumi-opentalk in the program's node_modules.`,
    );
  }
  const ctx = new ProviderContext(config);
  const call = (implementation as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>)[method]!;
  return call.call(implementation, ctx, ...args);
}
