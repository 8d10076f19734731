// The provider side of the benchmark: N rooms with one guest link each and M meetings, taken through a stack's life by
// Pulumi's real dynamic-provider host (one fresh process per run, as one `pulumi up` has one) over gRPC, with HostEngine
// choosing the steps and at most P steps at a time. The same phases with providers that do nothing
// (floor-provider.ts) give the floor: what the host, gRPC and the engine's steps cost without any provider work.
import { performance } from "perf_hooks";
import * as fs from "fs";
import * as path from "path";
import { setTimeout as sleep } from "timers/promises";
import { startDynamicHost, type ConfigValue, type DynamicHost, type PropertyMap } from "../harness/dynamic-host";
import { HostEngine, type ResourceGoal, type StepResult } from "../harness/engine";
import type { Sandbox } from "../sandbox";
import { HOST_ENV_WITHOUT_OPENTALK, inviteGoal, meetingGoal, PROJECT, roomGoal, stackConfig, type InstalledPackage } from "../support/host-fixture";
import { installFloorProviders } from "./floor-provider";
import { countRequests, countSteps, PHASES, stateBytes, type PhaseName, type ProviderPhase } from "./measurements";
import { concurrencyLimit, scheduledHost, type Limit } from "./parallelism";

/** The one setting the update phase changes on every room and every meeting; guest links stay as they are. */
export const DECLARED_ROOM = { waitingRoom: false };
export const UPDATED_ROOM = { waitingRoom: true };
export const declaredMeeting = (i: number) => ({ title: `Standing meeting ${i}` });
export const updatedMeeting = (i: number) => ({ title: `Standing meeting ${i} (weekly)` });

/** What a program declares: `new OpenTalkRoom(name, props)`, `new OpenTalkInvite(name, {roomId})`, `new OpenTalkMeeting(…)`. */
export interface StackGoals {
  room(name: string, props: PropertyMap): ResourceGoal;
  invite(name: string, props: PropertyMap): ResourceGoal;
  meeting(name: string, props: PropertyMap): ResourceGoal;
}

interface PhaseContext {
  engine: HostEngine;
  goals: StackGoals;
  n: number;
  meetings: number;
  limit: Limit;
}

type PhaseRunner = (ctx: PhaseContext) => Promise<StepResult[]>;

/** What each phase must do to every resource; anything else (or a failed step) aborts the benchmark. */
type Kind = "room" | "invite" | "meeting";

const EXPECTED_STEPS: Record<PhaseName, Record<Kind, string[]>> = {
  create: { room: ["create"], invite: ["create"], meeting: ["create"] },
  diff: { room: ["same"], invite: ["same"], meeting: ["same"] },
  // Read returns inputs, so a resource whose declared inputs leave settings out counts as refreshed-with-changes.
  refresh: { room: ["refresh-same", "refresh-update"], invite: ["refresh-same", "refresh-update"], meeting: ["refresh-same", "refresh-update"] },
  update: { room: ["update"], invite: ["same"], meeting: ["update"] },
  destroy: { room: ["delete"], invite: ["delete"], meeting: ["delete"] },
};

const RUNNERS: Record<PhaseName, PhaseRunner> = {
  create: (ctx) => upAll(ctx, DECLARED_ROOM, declaredMeeting),
  diff: (ctx) => upAll(ctx, DECLARED_ROOM, declaredMeeting),
  refresh: (ctx) => ctx.engine.refresh(),
  update: (ctx) => upAll(ctx, UPDATED_ROOM, updatedMeeting),
  destroy: (ctx) => ctx.engine.destroy(),
};

/**
 * One `pulumi up` of N rooms with their guest links and M meetings: each guest link is registered once its room's step
 * is done (it needs the room id), and every step takes one of P slots, like the engine's step executor.
 */
async function upAll(ctx: PhaseContext, room: PropertyMap, meeting: (i: number) => PropertyMap): Promise<StepResult[]> {
  const pairs = Array.from({ length: ctx.n }, async (_, i) => {
    const roomStep = await ctx.limit(() => ctx.engine.register(ctx.goals.room(`room-${i}`, room)));
    if (!roomStep.ok) return [roomStep];
    const inviteStep = await ctx.limit(() => ctx.engine.register(ctx.goals.invite(`invite-${i}`, { roomId: roomStep.outputs!.roomId })));
    return [roomStep, inviteStep];
  });
  const meetings = Array.from({ length: ctx.meetings }, (_, i) => ctx.limit(() => ctx.engine.register(ctx.goals.meeting(`meeting-${i}`, meeting(i)))));
  return [...(await Promise.all(pairs)).flat(), ...(await Promise.all(meetings))];
}

export interface ProviderRunOptions {
  sandbox: Sandbox;
  pkg: InstalledPackage;
  n: number;
  meetings: number;
  parallelism: number;
}

export interface HostRun {
  phases: ProviderPhase[];
  /** From the start of the first phase to the end of the last. */
  runMs: number;
}

/** OpenTalkRoom, OpenTalkInvite and OpenTalkMeeting, installed as a user installs them, against the sandbox. */
export function measureProviderPhases(options: ProviderRunOptions): Promise<HostRun> {
  const { pkg, sandbox } = options;
  const goals: StackGoals = {
    room: (name, props) => roomGoal(pkg.shims, name, props),
    invite: (name, props) => inviteGoal(pkg.shims, name, props),
    meeting: (name, props) => meetingGoal(pkg.shims, name, props),
  };
  return measureHostPhases({ ...options, goals, config: stackConfig(sandbox) });
}

/** The same phases with a provider that makes no API call and does no work: the floor of any dynamic provider. */
export function measureFloorPhases(options: ProviderRunOptions): Promise<HostRun> {
  return measureHostPhases({ ...options, goals: installFloorProviders(options.pkg.dir), config: {} });
}

/** Runs every phase in order with a fresh host process; the sandbox log is cleared before each phase. */
async function measureHostPhases(
  options: ProviderRunOptions & { goals: StackGoals; config: Record<string, ConfigValue> },
): Promise<HostRun> {
  const { sandbox, pkg, n, meetings, parallelism, goals, config } = options;
  // startHostIn(), plus the heap probe.
  const host = await startDynamicHost({
    cwd: pkg.dir,
    project: PROJECT,
    env: { ...HOST_ENV_WITHOUT_OPENTALK, NODE_OPTIONS: `-r ${path.join(__dirname, "host-heap-probe.js")}` },
  });
  try {
    const limit = concurrencyLimit(parallelism);
    const engine = new HostEngine(scheduledHost(host, limit), { project: PROJECT, config });
    const ctx: PhaseContext = { engine, goals, n, meetings, limit };
    const phases: ProviderPhase[] = [];
    const runStarted = performance.now();
    for (const phase of PHASES) {
      sandbox.clearRequests();
      const cpuBefore = cpuMs(host.pid);
      const engineBefore = process.cpuUsage();
      const waitBefore = [runQueueWaitMs(host.pid), runQueueWaitMs(process.pid)];
      const started = performance.now();
      const steps = await RUNNERS[phase](ctx);
      const wallMs = performance.now() - started;
      const hostCpuMs = cpuMs(host.pid) - cpuBefore;
      const engineCpu = process.cpuUsage(engineBefore);
      const [hostCpuWaitMs, engineCpuWaitMs] = [runQueueWaitMs(host.pid) - waitBefore[0], runQueueWaitMs(process.pid) - waitBefore[1]];
      const traffic = sandbox.traffic();
      checkSteps(phase, steps, 2 * n + meetings, host);
      const requests = countRequests(sandbox.requests());
      phases.push({
        phase,
        wallMs,
        requests,
        traffic,
        requestsPerResource: (requests.controller + requests.keycloak) / (2 * n + meetings),
        steps: countSteps(steps.map((step) => step.op)),
        hostCpuMs,
        engineCpuMs: Math.round((engineCpu.user + engineCpu.system) / 1000),
        hostCpuWaitMs: Math.round(hostCpuWaitMs),
        engineCpuWaitMs: Math.round(engineCpuWaitMs),
        state: stateBytes(engine.state().resources),
        hostPeakKb: host.peakMemoryKb(),
        hostRssKb: residentKb(host.pid),
        ...(await heapAfterGc(host)),
      });
    }
    return { phases, runMs: performance.now() - runStarted };
  } finally {
    await host.close();
  }
}

function checkSteps(phase: PhaseName, steps: StepResult[], resources: number, host: DynamicHost): void {
  const failed = steps.find((step) => !step.ok);
  if (failed) {
    const stderr = host.logs().stderr.slice(-20).join("\n");
    throw new Error(`benchmark ${phase} failed for ${failed.urn} (${failed.op}): ${failed.error?.message}\nhost stderr:\n${stderr}`);
  }
  if (steps.length !== resources) throw new Error(`benchmark ${phase}: expected ${resources} steps, got ${steps.length}`);
  for (const step of steps) {
    const kind: Kind = step.urn.includes(":Invite::") ? "invite" : step.urn.includes(":Meeting::") ? "meeting" : "room";
    if (!EXPECTED_STEPS[phase][kind].includes(step.op)) {
      throw new Error(`benchmark ${phase}: ${step.urn} took the step "${step.op}", expected ${EXPECTED_STEPS[phase][kind].join(" or ")}`);
    }
  }
}

/** Asks the heap probe (host-heap-probe.js) for the live heap after a full collection. */
async function heapAfterGc(host: DynamicHost): Promise<Pick<ProviderPhase, "hostHeapAfterGcKb" | "hostCodeAfterGcKb">> {
  const seen = host.logs().stderr.length;
  process.kill(host.pid, "SIGUSR2");
  for (let waited = 0; waited < 5_000; waited += 20) {
    const line = host.logs().stderr.slice(seen).find((l) => l.startsWith("bench-heap "));
    if (line) {
      const heap = JSON.parse(line.slice("bench-heap ".length)) as { data: number; code: number };
      return { hostHeapAfterGcKb: Math.round(heap.data / 1024), hostCodeAfterGcKb: Math.round(heap.code / 1024) };
    }
    await sleep(20);
  }
  return {};
}

/** User + system CPU time of a process so far, ms (`/proc/<pid>/stat` fields 14 and 15, in clock ticks of 10 ms). */
function cpuMs(pid: number): number {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return NaN;
  }
}

/** Time the process's main thread spent runnable but waiting for a CPU so far, ms (`/proc/<pid>/schedstat`, ns). */
function runQueueWaitMs(pid: number): number {
  try {
    return Number(fs.readFileSync(`/proc/${pid}/schedstat`, "utf8").split(" ")[1]) / 1e6;
  } catch {
    return NaN;
  }
}

function residentKb(pid: number): number | undefined {
  try {
    const match = /^VmRSS:\s+(\d+)\s+kB$/m.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined;
  }
}
