// The benchmark's two outputs: a table for people and a JSON file with every figure for tools and later comparison.
import * as fs from "fs";
import * as path from "path";
import type { BenchmarkResult } from "./benchmark";
import type { ProviderPhase } from "./measurements";
import type { TargetCheck } from "./targets";

const COLUMNS = [
  ["N", 5], ["par", 4], ["phase", 8], ["provider ms", 12], ["ms/res", 7], ["floor ms", 9], ["direct ms", 10], ["raw ms", 7],
  ["ratio", 6], ["floor/raw", 10], ["direct/raw", 11], ["ctl", 5], ["kc", 3], ["req/res", 8], ["state B/res", 18],
  ["logins", 7], ["host MB", 8],
] as const;

export function formatTable(result: BenchmarkResult): string {
  const lines = [row(COLUMNS.map(([name]) => name)), row(COLUMNS.map(([, width]) => "-".repeat(width)))];
  for (const run of result.runs) {
    for (const m of run.provider) {
      const of = <T extends { phase: string; wallMs: number }>(list: T[]) => list.find((x) => x.phase === m.phase)!.wallMs.toFixed(0);
      const noRaw = run.ratio[m.phase] === null;
      lines.push(row([
        String(run.n),
        String(run.parallelism),
        m.phase,
        m.wallMs.toFixed(0),
        (m.wallMs / (2 * run.n)).toFixed(2),
        of(run.floor),
        of(run.direct),
        noRaw ? "-" : of(run.raw),
        ratioCell(run.ratio[m.phase]),
        ratioCell(run.floorRatio[m.phase]),
        ratioCell(run.directRatio[m.phase]),
        String(m.requests.controller),
        String(m.requests.keycloak),
        m.requestsPerResource.toFixed(3),
        stateCell(m),
        String(m.requests.logins),
        m.hostPeakKb === undefined ? "?" : (m.hostPeakKb / 1024).toFixed(0),
      ]));
    }
  }
  return lines.join("\n");
}

export const LEGEND = [
  "provider: OpenTalkRoom/OpenTalkInvite through the real dynamic-provider host (gRPC), fresh host per run",
  "floor: no-op providers through the same host and steps; direct: the providers' code in-process, no host;",
  "raw: the same API calls with undici (one token, no discovery); ratios are wall time / raw wall time;",
  "ctl/kc: requests to the controller/Keycloak; req/res: (ctl + kc) / 2N; state: JSON bytes of inputs + outputs",
  "per resource (room/invite), __provider included; host MB: the host's peak resident set so far.",
].join("\n");

export function formatTargets(checks: TargetCheck[]): string {
  return checks.map((check) => `${check.met ? "MET   " : "MISSED"}  ${check.target}\n        ${check.detail}`).join("\n");
}

export function formatMachine(result: BenchmarkResult): string {
  const m = result.machine;
  // Only the load before the start tells of other work: the benchmark itself keeps about two cores busy.
  const busy = m.loadAverage.start > m.cpus / 2
    ? "\nWARNING: the machine was busy before the start (load average above half the CPUs); timings are skewed."
    : "";
  return `${m.cpus} CPUs (${m.cpuModel}), ${m.memoryGb} GB, Node ${m.node}, @pulumi/pulumi ${m.pulumi}, ${m.platform}; ` +
    `load average ${m.loadAverage.start.toFixed(1)} → ${m.loadAverage.end.toFixed(1)}; total ${(result.totalMs / 1000).toFixed(0)} s${busy}`;
}

/** Writes `<dir>/bench-<timestamp>.json` and returns its path. */
export function writeJson(result: BenchmarkResult, targets: TargetCheck[], dir: string): string {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `bench-${result.startedAt.replace(/[:.]/g, "-")}.json`);
  fs.writeFileSync(file, JSON.stringify({ ...result, targets }, null, 2) + "\n");
  return file;
}

function ratioCell(ratio: number | null | undefined): string {
  return ratio === null || ratio === undefined ? "n/a" : ratio.toFixed(2);
}

function stateCell(m: ProviderPhase): string {
  return m.state ? `${m.state.perResource} (${m.state.room}/${m.state.invite})` : "-";
}

function row(cells: readonly string[]): string {
  return cells.map((cell, i) => (i < 3 ? cell.padEnd(COLUMNS[i][1]) : cell.padStart(COLUMNS[i][1]))).join(" ").trimEnd();
}
