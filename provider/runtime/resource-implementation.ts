import type { CheckFailure } from "../plan/check-failures";
import type { ProviderContext } from "./provider-context";

export type Props = Record<string, any>;

/**
 * The dynamic-provider methods of one resource kind, with the context in front. The shim (shim.js) that Pulumi
 * stores in state forwards every call here through runtime/entry.ts. Results follow Pulumi's dynamic provider
 * contract; all outputs must be Struct-safe.
 */
export interface ResourceImplementation {
  check(ctx: ProviderContext, olds: Props, news: Props): Promise<{ inputs: Props; failures: CheckFailure[] }>;
  diff(ctx: ProviderContext, id: string, olds: Props, news: Props): Promise<{ changes: boolean; replaces: string[]; deleteBeforeReplace: boolean }>;
  create(ctx: ProviderContext, inputs: Props): Promise<{ id: string; outs: Props }>;
  read(ctx: ProviderContext, id: string, props: Props): Promise<{ id: string; props: Props; inputs?: Props | undefined }>;
  update(ctx: ProviderContext, id: string, olds: Props, news: Props): Promise<{ outs: Props }>;
  delete(ctx: ProviderContext, id: string, props: Props): Promise<void>;
}

/**
 * A create that succeeded on the server but failed afterwards. Pulumi records the resource with this id and
 * these properties (ErrorResourceInitFailed) instead of forgetting a room that exists; the next `up` retries the
 * remaining steps as an update. `__provider` must be among the properties, or the recorded resource could not be
 * refreshed or deleted later.
 */
export function partialCreateFailure(
  error: unknown,
  id: string,
  properties: Props,
  inputs: Props,
): Error & { id: string; properties: Props; reasons: string[] } {
  const message = error instanceof Error ? error.message : String(error);
  return Object.assign(new Error(message), {
    id,
    properties: { ...properties, __provider: inputs.__provider },
    reasons: [message],
  });
}

/**
 * Whether a refresh found the object changed: any output whose value differs from the recorded one. Only then does
 * read return new inputs — with nothing changed, the recorded inputs stay exactly as the program wrote them, so a
 * refresh without drift shows no change at all.
 */
export function drifted(recorded: Props, live: Props): boolean {
  return Object.keys(live).some((key) => JSON.stringify(live[key]) !== JSON.stringify(recorded[key] ?? null));
}
