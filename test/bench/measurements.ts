// What the benchmark records per phase, and how it reads the sandbox's request log and the engine's state.
import { performance } from "perf_hooks";
import type { PersistedResource } from "../harness/engine";
import type { ControllerVersion, RequestLogEntry, TrafficCounts } from "../sandbox";
import type { CallAudit, PhaseLimit, Workload } from "./workload";

export type PhaseName = "create" | "diff" | "refresh" | "update" | "destroy";

/** In the order a stack's life runs them. */
export const PHASES: readonly PhaseName[] = ["create", "diff", "refresh", "update", "destroy"];

export interface RequestCounts {
  controller: number;
  keycloak: number;
  /** The web frontend: only its discovery document. */
  frontend: number;
  /** `METHOD /path` (ids as `:id`, invite codes as `:code`, no query) → how many. */
  endpoints: Record<string, number>;
  /**
   * Password logins. The request log has no bodies, so a password grant cannot be told from a refresh grant at
   * Keycloak; the client follows every password login (and only those) with `POST /v1/auth/login` at the
   * controller, which is what is counted.
   */
  logins: number;
  /** POSTs to Keycloak's token endpoint: logins and token refreshes. */
  tokenGrants: number;
  /** Controller answers 401: a request sent with a token the controller no longer took. */
  unauthorized: number;
  /**
   * Σ of the time the controller and Keycloak spent on each request, latency included, ms. Divided by the phase's
   * wall time it is the mean number of requests in flight: P when every step slot always waits on the network, less
   * when the slots wait on something else (the host's or the engine's CPU).
   */
  busyMs: number;
}

export interface StateBytes {
  /** Average JSON bytes of inputs + outputs (`__provider` included) per room, per invite, per meeting, per resource. */
  room: number;
  invite: number;
  meeting: number;
  perResource: number;
  resources: number;
}

export interface ProviderPhase {
  phase: PhaseName;
  wallMs: number;
  requests: RequestCounts;
  /** What the sandbox saw on the wire during the phase: connections, peak in-flight requests. */
  traffic: TrafficCounts;
  /** Controller + Keycloak requests per resource (2 N + M resources). */
  requestsPerResource: number;
  /** Step kinds the engine chose, e.g. `{ same: 2000 }`. */
  steps: Record<string, number>;
  /** After the phase; absent once everything is destroyed. */
  state?: StateBytes;
  /**
   * CPU time the host process spent in the phase (user + system), ms. Unlike wall time it hardly depends on what
   * else runs on the machine: the provider's minus the floor's is what the provider's own code and HTTP cost.
   */
  hostCpuMs?: number;
  /**
   * CPU time of the benchmark's own process in the phase, ms: the engine's steps, the gRPC client and the sandbox
   * answering (none for the floor). With the host's it tells whether the two cores were the limit.
   */
  engineCpuMs?: number;
  /**
   * How long the host's and this process's main threads were ready to run but waited for a CPU in the phase, ms
   * (`/proc/<pid>/schedstat`): time lost to each other and to whatever else runs on the machine.
   */
  hostCpuWaitMs?: number;
  engineCpuWaitMs?: number;
  /** The host process's peak resident set (VmHWM) after the phase, KiB. */
  hostPeakKb?: number;
  /** The host process's resident set (VmRSS) after the phase, KiB. */
  hostRssKb?: number;
  /** The host's live JS heap after a full garbage collection, without compiled code, KiB: grows with N only if something leaks. */
  hostHeapAfterGcKb?: number;
  /** Compiled code in the host's heap after that collection, KiB: grows while the JIT warms up. */
  hostCodeAfterGcKb?: number;
}

/** A baseline phase: the raw API calls, or the providers' code run in-process. */
export interface BaselinePhase {
  phase: PhaseName;
  wallMs: number;
  requests: RequestCounts;
  traffic: TrafficCounts;
}

export type Ratios = Partial<Record<PhaseName, number | null>>;

export interface RunResult {
  /** The release the sandbox imitated. */
  controllerVersion: ControllerVersion;
  /** Rooms (each with one guest link). */
  n: number;
  meetings: number;
  parallelism: number;
  latencyMs: number;
  jitterMs: number;
  tokenTtlSeconds: number;
  workload: Workload;
  /** OpenTalkRoom/OpenTalkInvite/OpenTalkMeeting through the real host. */
  provider: ProviderPhase[];
  /** From the start of create to the end of destroy: how long the host's one process needed tokens. */
  providerRunMs: number;
  /** No-op providers through the real host: what Pulumi's machinery costs by itself. */
  floor: ProviderPhase[];
  /** The providers' code in-process, no host and no gRPC. */
  direct: BaselinePhase[];
  /** The same API calls with undici. */
  raw: BaselinePhase[];
  /** Per phase: the provider's calls against the plan, and the physical limit (workload.ts). */
  audit: Record<PhaseName, CallAudit>;
  limit: Record<PhaseName, PhaseLimit>;
  /** Provider wall time / limit per phase. */
  limitRatio: Ratios;
  /** Wall time / raw wall time per phase; null where the raw baseline makes no request (diff). */
  ratio: Ratios;
  floorRatio: Ratios;
  directRatio: Ratios;
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

export function countRequests(entries: RequestLogEntry[]): RequestCounts {
  const counts: RequestCounts = { controller: 0, keycloak: 0, frontend: 0, endpoints: {}, logins: 0, tokenGrants: 0, unauthorized: 0, busyMs: 0 };
  for (const entry of entries) {
    counts[entry.service]++;
    const path = entry.path.split("?")[0].replace(UUID, ":id");
    const endpoint = `${entry.method} ${path}`;
    counts.endpoints[endpoint] = (counts.endpoints[endpoint] ?? 0) + 1;
    if (entry.service === "controller" && endpoint === "POST /v1/auth/login") counts.logins++;
    if (entry.service === "keycloak" && entry.method === "POST" && path.endsWith("/protocol/openid-connect/token")) counts.tokenGrants++;
    if (entry.service === "controller" && entry.status === 401) counts.unauthorized++;
    if (entry.service !== "frontend") counts.busyMs += entry.durationMs;
  }
  return counts;
}

/** The mean number of controller and Keycloak requests in flight during a phase. */
export function meanInFlight(m: Pick<BaselinePhase, "wallMs" | "requests">): number {
  return m.wallMs > 0 ? m.requests.busyMs / m.wallMs : 0;
}

/** Requests of one method at the controller whose path (ids as `:id`) matches. */
export function endpointCount(requests: RequestCounts, method: string, path: string): number {
  return requests.endpoints[`${method} ${path}`] ?? 0;
}

export function stateBytes(resources: PersistedResource[]): StateBytes | undefined {
  if (resources.length === 0) return undefined;
  const sizes = { room: [] as number[], invite: [] as number[], meeting: [] as number[] };
  for (const resource of resources) {
    const bytes = Buffer.byteLength(JSON.stringify(resource.inputs)) + Buffer.byteLength(JSON.stringify(resource.outputs));
    (resource.type.endsWith(":Invite") ? sizes.invite : resource.type.endsWith(":Meeting") ? sizes.meeting : sizes.room).push(bytes);
  }
  return {
    room: average(sizes.room),
    invite: average(sizes.invite),
    meeting: average(sizes.meeting),
    perResource: average([...sizes.room, ...sizes.invite, ...sizes.meeting]),
    resources: resources.length,
  };
}

export function countSteps(ops: string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const op of ops) counts[op] = (counts[op] ?? 0) + 1;
  return counts;
}

function average(values: number[]): number {
  return values.length === 0 ? 0 : Math.round(values.reduce((sum, value) => sum + value, 0) / values.length);
}

/** Run each phase in order against a clean request log, timing it and counting what reached the sandbox. */
export async function timePhases<C>(
  sandbox: { clearRequests(): void; requests(): RequestLogEntry[]; traffic(): TrafficCounts },
  runners: Record<PhaseName, (ctx: C) => Promise<unknown>>,
  ctx: C,
): Promise<BaselinePhase[]> {
  const phases: BaselinePhase[] = [];
  for (const phase of PHASES) {
    sandbox.clearRequests();
    const started = performance.now();
    await runners[phase](ctx);
    const wallMs = performance.now() - started;
    phases.push({ phase, wallMs, requests: countRequests(sandbox.requests()), traffic: sandbox.traffic() });
  }
  return phases;
}
