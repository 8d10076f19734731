// `npm run bench -- [--latency-ms 20] [--jitter-ms 0] [--rooms 1000] [--meetings 200] [--parallelism 16,8]
//                   [--controller-version 0.34,0.35] [--token-ttl 60] [--quick] [--out bench-results]`
//
// Drives Pulumi's real dynamic-provider host over gRPC against the local sandbox, whose controller and Keycloak answer
// after L ms: N rooms with one guest link each and M meetings, at parallelism 16 and at Pulumi's default (4 × CPUs),
// on OpenTalk 0.34 (a guest link is an invite code: one POST) and 0.35 (the room link: one GET, no write). Prints a
// table, each phase's physical limit and the targets as MET/MISSED, and writes every figure as JSON.
import * as path from "path";
import { PROFILES, type ControllerVersion } from "../sandbox";
import { defaultParallelism, runBenchmark } from "./benchmark";
import { formatMachine, formatTable, formatTargets, LEGEND, writeJson } from "./report";
import { evaluateTargets } from "./targets";

interface Arguments {
  controllerVersions: ControllerVersion[];
  sizes: number[];
  meetings?: number;
  parallelisms: number[];
  latencyMs: number;
  jitterMs: number;
  tokenTtlSeconds: number;
  out: string;
}

const USAGE =
  "use --latency-ms L, --jitter-ms J, --rooms N[,N…], --meetings M, --parallelism P[,P…], " +
  `--controller-version ${Object.keys(PROFILES).join("|")}[,…], --token-ttl SECONDS, --quick (N=50, M=10) or --out DIR`;

export function parseArguments(argv: string[]): Arguments {
  const args: Arguments = {
    controllerVersions: ["0.34", "0.35"],
    sizes: [1000],
    parallelisms: [...new Set([16, defaultParallelism()])],
    latencyMs: 0,
    jitterMs: 0,
    tokenTtlSeconds: 60,
    out: path.resolve(__dirname, "..", "..", "bench-results"),
  };
  for (let i = 0; i < argv.length; i++) {
    // Both `--name value` (as npm passes `npm run bench -- --latency-ms 20`) and `--name=value`.
    const [name, inline] = argv[i].split("=", 2);
    const value = (): string => {
      const given = inline ?? argv[++i];
      if (given === undefined) throw new Error(`${name} needs a value: ${USAGE}`);
      return given;
    };
    if (name === "--quick") {
      args.sizes = [50];
      args.meetings = 10;
    } else if (name === "--latency-ms") args.latencyMs = numbers(name, value(), 0)[0];
    else if (name === "--jitter-ms") args.jitterMs = numbers(name, value(), 0)[0];
    else if (name === "--rooms" || name === "--sizes") args.sizes = numbers(name, value(), 1);
    else if (name === "--meetings") args.meetings = numbers(name, value(), 0)[0];
    else if (name === "--parallelism") args.parallelisms = numbers(name, value(), 1);
    else if (name === "--token-ttl") args.tokenTtlSeconds = numbers(name, value(), 2)[0];
    else if (name === "--controller-version") args.controllerVersions = versions(value());
    else if (name === "--out") args.out = path.resolve(value());
    else throw new Error(`unknown argument "${argv[i]}": ${USAGE}`);
  }
  if (args.jitterMs > args.latencyMs) throw new Error("--jitter-ms must not exceed --latency-ms");
  return args;
}

function numbers(name: string, value: string, min: number): number[] {
  const list = value.split(",").map(Number);
  if (list.some((n) => !Number.isInteger(n) || n < min)) throw new Error(`${name} takes whole numbers ≥ ${min}, e.g. ${name} ${Math.max(min, 10)}`);
  return list;
}

function versions(value: string): ControllerVersion[] {
  const list = value.split(",");
  const unknown = list.filter((version) => !(version in PROFILES));
  if (unknown.length) throw new Error(`--controller-version: the sandbox imitates ${Object.keys(PROFILES).join(", ")}, not ${unknown.join(", ")}`);
  return list as ControllerVersion[];
}

async function main(): Promise<void> {
  const args = parseArguments(process.argv.slice(2));
  const result = await runBenchmark({
    controllerVersions: args.controllerVersions,
    sizes: args.sizes,
    meetings: args.meetings === undefined ? undefined : () => args.meetings!,
    parallelisms: args.parallelisms,
    latencyMs: args.latencyMs,
    jitterMs: args.jitterMs,
    tokenTtlSeconds: args.tokenTtlSeconds,
    progress: (line) => process.stderr.write(`${line}\n`),
  });
  const targets = evaluateTargets(result);
  console.log(formatTable(result));
  console.log(LEGEND);
  console.log();
  console.log(formatTargets(targets));
  console.log();
  console.log(formatMachine(result));
  console.log(`figures: ${writeJson(result, targets, args.out)}`);
}

if (require.main === module) {
  main().then(
    () => process.exit(0),
    (error) => {
      console.error(error instanceof Error ? error.stack ?? error.message : error);
      process.exit(1);
    },
  );
}
