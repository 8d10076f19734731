// One benchmark: for each controller release, stack size N and parallelism P, a fresh sandbox (latency L on every
// controller and Keycloak answer) and a fresh host process take N rooms (one guest link each) and M meetings through
// create, no-change diff, refresh, update and destroy. Three baselines run the same phases on the same sandbox: the
// floor (no-op providers through a fresh host), the providers' code in-process (direct) and the raw API calls with
// undici. Each phase gets its physical limit (workload.ts). Used by `npm run bench` (run-benchmark.ts) and its tests.
import * as os from "os";
import { installPackage } from "../support/host-fixture";
import { PROFILES, startSandbox, type ControllerVersion } from "../sandbox";
import { PHASES, type BaselinePhase, type PhaseName, type Ratios, type RunResult } from "./measurements";
import { measureDirectPhases } from "./direct-phases";
import { measureFloorPhases, measureProviderPhases } from "./provider-phases";
import { measureRawPhases } from "./raw-phases";
import { auditCalls, phaseLimit, workloadOf, type CallAudit, type PhaseLimit } from "./workload";

export interface BenchmarkOptions {
  /** Releases to imitate, each a run of its own (0.34: guest links are invite codes; 0.35: the room link). */
  controllerVersions: ControllerVersion[];
  /** N: rooms, each with one guest link. */
  sizes: number[];
  /** M per run; default N / 5. */
  meetings?: (n: number) => number;
  parallelisms: number[];
  /** Every controller and Keycloak answer waits this long (the sandbox's latencyMs). Default 0. */
  latencyMs?: number;
  jitterMs?: number;
  /** The sandbox's access token lifetime. Default 60 s: long runs then renew it on the way. */
  tokenTtlSeconds?: number;
  /**
   * Room/invite pairs the raw baseline takes through every phase before each run, so that neither side pays for
   * the sandbox's JIT warm-up (the sandbox runs in this process). 0 skips it.
   */
  warmupPairs?: number;
  /** Progress lines (stderr in the CLI). */
  progress?: (line: string) => void;
}

export interface MachineInfo {
  cpus: number;
  cpuModel: string;
  memoryGb: number;
  node: string;
  pulumi: string;
  platform: string;
  /** 1-minute load average when the benchmark started and ended: other work on the machine skews every timing. */
  loadAverage: { start: number; end: number };
}

export interface BenchmarkResult {
  startedAt: string;
  machine: MachineInfo;
  options: Required<Omit<BenchmarkOptions, "meetings" | "progress">>;
  runs: RunResult[];
  totalMs: number;
}

/** Pulumi's default `--parallel`: four times the CPUs. */
export function defaultParallelism(): number {
  return 4 * os.cpus().length;
}

export async function runBenchmark(options: BenchmarkOptions): Promise<BenchmarkResult> {
  const started = Date.now();
  const loadAtStart = os.loadavg()[0];
  const progress = options.progress ?? (() => undefined);
  const latencyMs = options.latencyMs ?? 0;
  const jitterMs = options.jitterMs ?? 0;
  const tokenTtlSeconds = options.tokenTtlSeconds ?? 60;
  const warmupPairs = options.warmupPairs ?? 100;
  const pkg = installPackage("bench");
  const runs: RunResult[] = [];
  try {
    for (const controllerVersion of options.controllerVersions) {
      for (const n of options.sizes) {
        const meetings = options.meetings?.(n) ?? Math.round(n / 5);
        for (const parallelism of options.parallelisms) {
          const label = `${controllerVersion} N=${n} M=${meetings} P=${parallelism} L=${latencyMs} ms`;
          const sandbox = await startSandbox({ controllerVersion, latencyMs, jitterMs, accessTokenTtlSeconds: tokenTtlSeconds });
          const workload = workloadOf(PROFILES[controllerVersion], n, meetings);
          try {
            if (warmupPairs) {
              await measureRawPhases({ sandbox, workload: { ...workload, rooms: warmupPairs, meetings: Math.ceil(warmupPairs / 5) }, parallelism });
              sandbox.reset();
            }
            progress(`${label}: provider …`);
            const provider = await measureProviderPhases({ sandbox, pkg, n, meetings, parallelism });
            sandbox.reset();
            progress(`${label}: floor, direct and raw baselines …`);
            const floor = await measureFloorPhases({ sandbox, pkg, n, meetings, parallelism });
            const direct = await measureDirectPhases({ sandbox, pkg, n, meetings, parallelism });
            sandbox.reset();
            const raw = await measureRawPhases({ sandbox, workload, parallelism });
            const audit = {} as Record<PhaseName, CallAudit>;
            const limit = {} as Record<PhaseName, PhaseLimit>;
            for (const m of provider.phases) {
              audit[m.phase] = auditCalls(m.phase, workload, controllerAndKeycloak(m));
              limit[m.phase] = phaseLimit(m.phase, workload, audit[m.phase], parallelism, latencyMs, wallOf(floor.phases, m.phase));
            }
            runs.push({
              controllerVersion,
              n,
              meetings,
              parallelism,
              latencyMs,
              jitterMs,
              tokenTtlSeconds,
              workload,
              provider: provider.phases,
              providerRunMs: provider.runMs,
              floor: floor.phases,
              direct,
              raw,
              audit,
              limit,
              limitRatio: Object.fromEntries(provider.phases.map((m) => [m.phase, m.wallMs / limit[m.phase].totalMs])),
              ratio: ratios(provider.phases, raw),
              floorRatio: ratios(floor.phases, raw),
              directRatio: ratios(direct, raw),
            });
          } finally {
            await sandbox.close();
          }
        }
      }
    }
  } finally {
    await pkg.closeSharedClients();
  }
  return {
    startedAt: new Date(started).toISOString(),
    machine: machineInfo(loadAtStart),
    options: { controllerVersions: options.controllerVersions, sizes: options.sizes, parallelisms: options.parallelisms, latencyMs, jitterMs, tokenTtlSeconds, warmupPairs },
    runs,
    totalMs: Date.now() - started,
  };
}

/** The endpoints the controller and Keycloak answered (the frontend's discovery document has no latency). */
function controllerAndKeycloak(m: BaselinePhase): Record<string, number> {
  return Object.fromEntries(Object.entries(m.requests.endpoints).filter(([endpoint]) => endpoint !== "GET /.well-known/opentalk/client"));
}

function wallOf(phases: Array<Pick<BaselinePhase, "phase" | "wallMs">>, phase: PhaseName): number {
  return phases.find((m) => m.phase === phase)!.wallMs;
}

function ratios(measured: Pick<BaselinePhase, "phase" | "wallMs">[], raw: BaselinePhase[]): Ratios {
  const ratio: Ratios = {};
  for (const phase of PHASES) {
    const r = raw.find((x) => x.phase === phase)!;
    const rawRequests = r.requests.controller + r.requests.keycloak + r.requests.frontend;
    ratio[phase] = rawRequests === 0 ? null : wallOf(measured, phase) / r.wallMs;
  }
  return ratio;
}

function machineInfo(loadAtStart: number): MachineInfo {
  const cpus = os.cpus();
  return {
    cpus: cpus.length,
    cpuModel: cpus[0]?.model ?? "unknown",
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    pulumi: (require("@pulumi/pulumi/package.json") as { version: string }).version,
    platform: `${os.platform()} ${os.release()}`,
    loadAverage: { start: loadAtStart, end: os.loadavg()[0] },
  };
}
