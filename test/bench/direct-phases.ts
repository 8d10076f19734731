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
import { DECLARED_ROOM, declaredMeeting, UPDATED_ROOM, updatedMeeting } from "./provider-phases";

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
  meetingCount: number;
  pairs: Array<{ room: Recorded; invite: Recorded }>;
  meetings: Recorded[];
}

type Kind = "room" | "invite" | "meeting";

/** One engine step for one resource: check against the recorded inputs, then create, or diff and maybe update. */
async function step(entry: RuntimeEntry, kind: Kind, old: Recorded | undefined, news: PropertyMap): Promise<Recorded> {
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

async function upAll(ctx: DirectContext, room: PropertyMap, meeting: (i: number) => PropertyMap): Promise<void> {
  const pairs = Promise.all(Array.from({ length: ctx.n }, async (_, i) => {
    const old = ctx.pairs[i];
    const roomState = await ctx.limit(() => step(ctx.entry, "room", old?.room, room));
    const invite = await ctx.limit(() => step(ctx.entry, "invite", old?.invite, { roomId: roomState.outputs.roomId }));
    return { room: roomState, invite };
  }));
  const meetings = Promise.all(Array.from({ length: ctx.meetingCount }, (_, i) => ctx.limit(() => step(ctx.entry, "meeting", ctx.meetings[i], meeting(i)))));
  [ctx.pairs, ctx.meetings] = await Promise.all([pairs, meetings]);
}

async function read(ctx: DirectContext, kind: Kind, recorded: Recorded): Promise<Recorded> {
  const result = await ctx.limit(() => ctx.entry.handle(kind, "read", [recorded.id, recorded.outputs]));
  if (!result.id) throw new Error(`${kind} ${recorded.id} is gone after refresh`);
  return { id: result.id, inputs: result.inputs ?? recorded.inputs, outputs: result.props };
}

const RUNNERS: Record<PhaseName, (ctx: DirectContext) => Promise<void>> = {
  create: (ctx) => upAll(ctx, DECLARED_ROOM, declaredMeeting),
  diff: (ctx) => upAll(ctx, DECLARED_ROOM, declaredMeeting),
  async refresh(ctx) {
    const pairs = Promise.all(ctx.pairs.map(async (pair) => {
      const [room, invite] = await Promise.all([read(ctx, "room", pair.room), read(ctx, "invite", pair.invite)]);
      return { room, invite };
    }));
    const meetings = Promise.all(ctx.meetings.map((meeting) => read(ctx, "meeting", meeting)));
    [ctx.pairs, ctx.meetings] = await Promise.all([pairs, meetings]);
  },
  update: (ctx) => upAll(ctx, UPDATED_ROOM, updatedMeeting),
  async destroy(ctx) {
    await Promise.all([
      ...ctx.pairs.map(async ({ room, invite }) => {
        await ctx.limit(() => ctx.entry.handle("invite", "delete", [invite.id, invite.outputs]));
        await ctx.limit(() => ctx.entry.handle("room", "delete", [room.id, room.outputs]));
      }),
      ...ctx.meetings.map((meeting) => ctx.limit(() => ctx.entry.handle("meeting", "delete", [meeting.id, meeting.outputs]))),
    ]);
    ctx.pairs = [];
    ctx.meetings = [];
  },
};

export interface DirectRunOptions {
  sandbox: Sandbox;
  pkg: InstalledPackage;
  n: number;
  meetings: number;
  parallelism: number;
}

/** Every phase in this process; the client's login counts against the create phase, as in the host. */
export async function measureDirectPhases(options: DirectRunOptions): Promise<BaselinePhase[]> {
  const { sandbox, pkg, n, meetings, parallelism } = options;
  const entry = require(path.join(pkg.packageDir, "dist", "runtime", "entry.js")) as RuntimeEntry;
  const config: Record<string, string> = { "opentalk:url": sandbox.url, "opentalk:username": sandbox.username, "opentalk:password": sandbox.password };
  entry.configure({ get: (key) => config[key] });
  // A fresh client (discovery and login) for this run, as a fresh host process would have.
  await pkg.closeSharedClients();
  // On 0.35 every guest link's Delete warns that it cannot revoke anything; without an engine to send it to,
  // pulumi.log prints it. A thousand such lines say nothing here.
  const warn = console.warn;
  console.warn = () => undefined;
  try {
    const ctx: DirectContext = { entry, limit: concurrencyLimit(parallelism), n, meetingCount: meetings, pairs: [], meetings: [] };
    return await timePhases(sandbox, RUNNERS, ctx);
  } finally {
    console.warn = warn;
    await pkg.closeSharedClients();
  }
}
