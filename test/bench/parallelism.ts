// Pulumi's `--parallel` for the benchmark: the engine runs at most P resource steps at a time (default 4 × CPUs) and
// deletes a resource only after everything that depends on it. HostEngine does neither (test/harness/engine.ts
// registers and deletes everything at once), so the benchmark adds both here instead of changing the harness.
import type { DynamicHost } from "../harness/dynamic-host";

/** Runs at most `slots` tasks at a time, the rest in the order they asked. */
export type Limit = <T>(task: () => Promise<T>) => Promise<T>;

export function concurrencyLimit(slots: number): Limit {
  if (!Number.isInteger(slots) || slots < 1) throw new Error(`parallelism must be a whole number ≥ 1, got ${slots}`);
  let active = 0;
  const waiting: Array<() => void> = [];
  return async (task) => {
    if (active < slots) active++;
    // A finishing task hands its slot over directly, so `active` stays counted.
    else await new Promise<void>((resolve) => waiting.push(resolve));
    try {
      return await task();
    } finally {
      const next = waiting.shift();
      if (next) next();
      else active--;
    }
  };
}

/**
 * The host as the engine's step executor uses it during refresh and destroy, where each step is one RPC: Read and
 * Delete take a slot of `limit`, and a room's Delete waits until the Deletes of its invites are done (an invite
 * depends on its room through `roomId`). Check, Diff, Create and Update pass straight through: `up` phases limit
 * whole steps (Check + Diff + Create/Update) with the same `limit` around `HostEngine.register`.
 */
export function scheduledHost(host: DynamicHost, limit: Limit): DynamicHost {
  const inviteDeletes = new Map<string, Promise<unknown>[]>();
  return {
    get pid() {
      return host.pid;
    },
    get port() {
      return host.port;
    },
    configure: (config) => host.configure(config),
    check: (urn, olds, news) => host.check(urn, olds, news),
    diff: (id, urn, oldOutputs, news, oldInputs) => host.diff(id, urn, oldOutputs, news, oldInputs),
    create: (urn, inputs) => host.create(urn, inputs),
    update: (id, urn, oldOutputs, news, oldInputs) => host.update(id, urn, oldOutputs, news, oldInputs),
    read: (id, urn, outputs, inputs) => limit(() => host.read(id, urn, outputs, inputs)),
    async delete(id, urn, outputs, oldInputs) {
      if (urn.includes("::pulumi-nodejs:dynamic/opentalk:Invite::")) {
        const deleted = limit(() => host.delete(id, urn, outputs, oldInputs));
        const roomId = String(outputs.roomId);
        inviteDeletes.set(roomId, [...(inviteDeletes.get(roomId) ?? []), deleted]);
        return deleted;
      }
      // HostEngine.destroy() issues every Delete in one go; waiting a turn lets the invites' Deletes be issued
      // first, as the engine knows the whole dependency graph before it deletes anything.
      await new Promise((resolve) => setImmediate(resolve));
      await Promise.allSettled(inviteDeletes.get(id) ?? []);
      inviteDeletes.delete(id);
      return limit(() => host.delete(id, urn, outputs, oldInputs));
    },
    logs: () => host.logs(),
    peakMemoryKb: () => host.peakMemoryKb(),
    isRunning: () => host.isRunning(),
    close: () => host.close(),
  };
}
