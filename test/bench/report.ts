// The benchmark's two outputs: a table for people and a JSON file with every figure for tools and later comparison.
import * as fs from "fs";
import * as path from "path";
import type { BenchmarkResult } from "./benchmark";
import { meanInFlight, type BaselinePhase, type RunResult } from "./measurements";
import type { TargetCheck } from "./targets";

const COLUMNS = [
  ["rel", 4], ["N", 5], ["M", 4], ["P", 3], ["phase", 7], ["provider ms", 11], ["limit ms", 8], ["=RT×L", 6], ["+floor", 6],
  ["raw ms", 6], ["direct ms", 9], ["prov/limit", 10], ["prov/raw", 8], ["conns", 5], ["peak", 4], ["mean", 4], ["raw mean", 8], ["grants", 6],
  ["req/res", 7], ["host CPU", 8], ["engine CPU", 10], ["floor CPU", 9], ["CPU wait", 8], ["host MB", 7],
] as const;

export function formatTable(result: BenchmarkResult): string {
  const lines = [row(COLUMNS.map(([name]) => name)), row(COLUMNS.map(([, width]) => "-".repeat(width)))];
  for (const run of result.runs) {
    for (const m of run.provider) {
      const limit = run.limit[m.phase];
      const noRaw = run.ratio[m.phase] === null;
      lines.push(row([
        run.controllerVersion,
        String(run.n),
        String(run.meetings),
        String(run.parallelism),
        m.phase,
        m.wallMs.toFixed(0),
        limit.totalMs.toFixed(0),
        limit.latencyMs.toFixed(0),
        limit.floorMs.toFixed(0),
        noRaw ? "-" : wallOf(run.raw, m.phase),
        wallOf(run.direct, m.phase),
        ratioCell(run.limitRatio[m.phase]),
        ratioCell(run.ratio[m.phase]),
        String(m.traffic.connections.controller + m.traffic.connections.keycloak),
        String(m.traffic.peakInFlight.controller),
        meanInFlight(m).toFixed(1),
        noRaw ? "-" : meanInFlight(run.raw.find((x) => x.phase === m.phase)!).toFixed(1),
        String(m.requests.tokenGrants),
        m.requestsPerResource.toFixed(2),
        cpuCell(m.hostCpuMs),
        cpuCell(m.engineCpuMs),
        cpuCell(run.floor.find((x) => x.phase === m.phase)!.hostCpuMs),
        cpuCell((m.hostCpuWaitMs ?? NaN) + (m.engineCpuWaitMs ?? NaN)),
        m.hostPeakKb === undefined ? "?" : (m.hostPeakKb / 1024).toFixed(0),
      ]));
    }
  }
  return lines.join("\n");
}

export const LEGEND = [
  "rel: the controller release imitated (0.34: a guest link is an invite code; 0.35: the room link). N rooms with one",
  "guest link each, M meetings, P steps at a time. provider: the three resources through the real dynamic-provider host",
  "(gRPC), one host process per run. limit: the physical limit = RT round trips of latency L (discovery depth + Σ over",
  "dependency levels of ⌈calls at that level / P⌉) + floor (no-op providers through the same host and steps). raw: the",
  "same calls with undici, same slots and latency; direct: the providers' code in-process, no host. conns: connections",
  "opened to controller + Keycloak in the phase; peak: most requests the controller answered at once; mean, raw mean:",
  "requests in flight on average (Σ request time / wall time) for the provider and the raw baseline; grants: token",
  "grants; req/res: controller + Keycloak requests / (2N + M); host CPU, floor CPU: CPU ms the host process used in",
  "the phase, for the provider and for the no-op floor; engine CPU: this process's (engine steps, gRPC client and",
  "the sandbox); CPU wait: how long the two main threads were ready to run but had no CPU (schedstat); host MB: the",
  "host's peak resident set so far.",
].join("\n");

export function formatTargets(checks: TargetCheck[]): string {
  return checks.map((check) => `${check.met ? "MET   " : "MISSED"}  ${check.target}\n        ${check.detail}`).join("\n");
}

export function formatMachine(result: BenchmarkResult): string {
  const m = result.machine;
  const o = result.options;
  // Only the load before the start tells of other work: the benchmark itself keeps about two cores busy.
  const busy = m.loadAverage.start > m.cpus / 2
    ? "\nWARNING: the machine was busy before the start (load average above half the CPUs); timings are skewed."
    : "";
  return `latency ${o.latencyMs} ms ± ${o.jitterMs} ms, token lifetime ${o.tokenTtlSeconds} s; ` +
    `${m.cpus} CPUs (${m.cpuModel}), ${m.memoryGb} GB, Node ${m.node}, @pulumi/pulumi ${m.pulumi}, ${m.platform}; ` +
    `load average ${m.loadAverage.start.toFixed(1)} → ${m.loadAverage.end.toFixed(1)}; total ${(result.totalMs / 1000).toFixed(0)} s${busy}`;
}

/** Writes `<dir>/bench-<timestamp>.json` and returns its path. */
export function writeJson(result: BenchmarkResult, targets: TargetCheck[], dir: string): string {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `bench-${result.startedAt.replace(/[:.]/g, "-")}.json`);
  fs.writeFileSync(file, JSON.stringify({ ...result, targets }, null, 2) + "\n");
  return file;
}

function wallOf(list: BaselinePhase[], phase: RunResult["provider"][number]["phase"]): string {
  return list.find((x) => x.phase === phase)!.wallMs.toFixed(0);
}

function cpuCell(ms: number | undefined): string {
  return ms === undefined || Number.isNaN(ms) ? "?" : ms.toFixed(0);
}

function ratioCell(ratio: number | null | undefined): string {
  return ratio === null || ratio === undefined ? "n/a" : ratio.toFixed(2);
}

function row(cells: readonly string[]): string {
  return cells.map((cell, i) => (i < 5 ? cell.padEnd(COLUMNS[i][1]) : cell.padStart(COLUMNS[i][1]))).join(" ").trimEnd();
}
