// One benchmark: for each stack size N and parallelism P, a fresh sandbox and a fresh host process take N rooms (one
// guest link each) through create, no-change diff, refresh, update and destroy. Three baselines run the same phases
// on the same sandbox: the floor (no-op providers through a fresh host), the providers' code in-process (direct) and
// the raw API calls with undici. Used by `npm run bench` (run-benchmark.ts) and by the smoke test.
import * as os from "os";
import { installPackage } from "../support/host-fixture";
import { startSandbox } from "../sandbox";
import { PHASES, type BaselinePhase, type Ratios, type RunResult } from "./measurements";
import { measureDirectPhases } from "./direct-phases";
import { measureFloorPhases, measureProviderPhases } from "./provider-phases";
import { measureRawPhases } from "./raw-phases";

export interface BenchmarkOptions {
  sizes: number[];
  parallelisms: number[];
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
  sizes: number[];
  parallelisms: number[];
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
  const pkg = installPackage("bench");
  const runs: RunResult[] = [];
  try {
    for (const n of options.sizes) {
      for (const parallelism of options.parallelisms) {
        const sandbox = await startSandbox();
        try {
          if (options.warmupPairs ?? 100) {
            await measureRawPhases({ sandbox, n: options.warmupPairs ?? 100, parallelism });
            sandbox.reset();
          }
          progress(`N=${n} parallelism=${parallelism}: provider …`);
          const provider = await measureProviderPhases({ sandbox, pkg, n, parallelism });
          sandbox.reset();
          progress(`N=${n} parallelism=${parallelism}: floor, direct and raw baselines …`);
          const floor = await measureFloorPhases({ sandbox, pkg, n, parallelism });
          const direct = await measureDirectPhases({ sandbox, pkg, n, parallelism });
          sandbox.reset();
          const raw = await measureRawPhases({ sandbox, n, parallelism });
          runs.push({
            n,
            parallelism,
            provider,
            floor,
            direct,
            raw,
            ratio: ratios(provider, raw),
            floorRatio: ratios(floor, raw),
            directRatio: ratios(direct, raw),
          });
        } finally {
          await sandbox.close();
        }
      }
    }
  } finally {
    await pkg.closeSharedClients();
  }
  return {
    startedAt: new Date(started).toISOString(),
    machine: machineInfo(loadAtStart),
    sizes: options.sizes,
    parallelisms: options.parallelisms,
    runs,
    totalMs: Date.now() - started,
  };
}

function ratios(measured: Pick<BaselinePhase, "phase" | "wallMs">[], raw: BaselinePhase[]): Ratios {
  const ratio: Ratios = {};
  for (const phase of PHASES) {
    const m = measured.find((x) => x.phase === phase)!;
    const r = raw.find((x) => x.phase === phase)!;
    const rawRequests = r.requests.controller + r.requests.keycloak + r.requests.frontend;
    ratio[phase] = rawRequests === 0 ? null : m.wallMs / r.wallMs;
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
