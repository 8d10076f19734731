// The providers' own code without Pulumi around it: the installed package's runtime entry (what every shim calls)
// driven in this process with the engine's step sequence (check, then diff, then create/update; read; delete) at
// the same parallelism. Compared with the raw baseline it shows what the provider code and its client add to the
// HTTP calls; compared with the full run it shows what the host, gRPC and the engine's steps add.
import * as path from "path";
import type { PropertyMap } from "../harness/dynamic-host";
import type { Sandbox } from "../sandbox";
import type { InstalledPackage } from "../support/host-fixture";
import { timePhases, type PhaseName, type BaselinePhase } from "./measurements";
import { concurrencyLimit, type Limit } from "./parallelism";
import { DECLARED_ROOM, UPDATED_ROOM } from "./provider-phases";

interface RuntimeEntry {
  configure(config: { get(key: string): string | undefined }): void;
  handle(kind: string, method: string, args: unknown[]): Promise<any>;
}

interface Recorded {
  id: string;
  inputs: PropertyMap;
  outputs: PropertyMap;
}

interface DirectContext {
  entry: RuntimeEntry;
  limit: Limit;
  n: number;
  pairs: Array<{ room: Recorded; invite: Recorded }>;
}

/** One engine step for one resource: check against the recorded inputs, then create, or diff and maybe update. */
async function step(entry: RuntimeEntry, kind: "room" | "invite", old: Recorded | undefined, news: PropertyMap): Promise<Recorded> {
  const checked = await entry.handle(kind, "check", [old?.inputs ?? {}, news]);
  if (checked.failures.length > 0) throw new Error(`${kind} check failed: ${JSON.stringify(checked.failures)}`);
  if (!old) {
    const created = await entry.handle(kind, "create", [checked.inputs]);
    return { id: created.id, inputs: checked.inputs, outputs: created.outs };
  }
  const diff = await entry.handle(kind, "diff", [old.id, old.outputs, checked.inputs]);
  if (!diff.changes) return { ...old, inputs: checked.inputs };
  const updated = await entry.handle(kind, "update", [old.id, old.outputs, checked.inputs]);
  return { id: old.id, inputs: checked.inputs, outputs: updated.outs };
}

async function upAll(ctx: DirectContext, room: PropertyMap): Promise<void> {
  ctx.pairs = await Promise.all(Array.from({ length: ctx.n }, async (_, i) => {
    const old = ctx.pairs[i];
    const roomState = await ctx.limit(() => step(ctx.entry, "room", old?.room, room));
    const invite = await ctx.limit(() => step(ctx.entry, "invite", old?.invite, { roomId: roomState.outputs.roomId }));
    return { room: roomState, invite };
  }));
}

async function read(ctx: DirectContext, kind: "room" | "invite", recorded: Recorded): Promise<Recorded> {
  const result = await ctx.limit(() => ctx.entry.handle(kind, "read", [recorded.id, recorded.outputs]));
  if (!result.id) throw new Error(`${kind} ${recorded.id} is gone after refresh`);
  return { id: result.id, inputs: result.inputs ?? recorded.inputs, outputs: result.props };
}

const RUNNERS: Record<PhaseName, (ctx: DirectContext) => Promise<void>> = {
  create: (ctx) => upAll(ctx, DECLARED_ROOM),
  diff: (ctx) => upAll(ctx, DECLARED_ROOM),
  async refresh(ctx) {
    ctx.pairs = await Promise.all(ctx.pairs.map(async (pair) => {
      const [room, invite] = await Promise.all([read(ctx, "room", pair.room), read(ctx, "invite", pair.invite)]);
      return { room, invite };
    }));
  },
  update: (ctx) => upAll(ctx, UPDATED_ROOM),
  async destroy(ctx) {
    await Promise.all(ctx.pairs.map(async ({ room, invite }) => {
      await ctx.limit(() => ctx.entry.handle("invite", "delete", [invite.id, invite.outputs]));
      await ctx.limit(() => ctx.entry.handle("room", "delete", [room.id, room.outputs]));
    }));
    ctx.pairs = [];
  },
};

export interface DirectRunOptions {
  sandbox: Sandbox;
  pkg: InstalledPackage;
  n: number;
  parallelism: number;
}

/** Every phase in this process; the client's login counts against the create phase, as in the host. */
export async function measureDirectPhases(options: DirectRunOptions): Promise<BaselinePhase[]> {
  const { sandbox, pkg, n, parallelism } = options;
  const entry = require(path.join(pkg.packageDir, "dist", "runtime", "entry.js")) as RuntimeEntry;
  const config: Record<string, string> = { "opentalk:url": sandbox.url, "opentalk:username": sandbox.username, "opentalk:password": sandbox.password };
  entry.configure({ get: (key) => config[key] });
  // A fresh client (discovery and login) for this run, as a fresh host process would have.
  await pkg.closeSharedClients();
  try {
    const ctx: DirectContext = { entry, limit: concurrencyLimit(parallelism), n, pairs: [] };
    return await timePhases(sandbox, RUNNERS, ctx);
  } finally {
    await pkg.closeSharedClients();
  }
}
