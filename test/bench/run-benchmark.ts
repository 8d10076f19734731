// `npm run bench [-- --quick] [-- --sizes=10,100] [-- --parallelism=1,8] [-- --out=bench-results]`
//
// Drives Pulumi's real dynamic-provider host over gRPC against the local sandbox for N = 10, 100 and 1000 rooms with
// one guest link each (--quick: 10 and 100), at parallelism 1 and at Pulumi's default (4 × CPUs), next to a raw
// undici baseline; prints a table and the targets, and writes every figure as JSON.
import * as path from "path";
import { defaultParallelism, runBenchmark } from "./benchmark";
import { formatMachine, formatTable, formatTargets, LEGEND, writeJson } from "./report";
import { evaluateTargets } from "./targets";

interface Arguments {
  sizes: number[];
  parallelisms: number[];
  out: string;
}

function parseArguments(argv: string[]): Arguments {
  const args: Arguments = {
    sizes: [10, 100, 1000],
    parallelisms: [1, defaultParallelism()],
    out: path.resolve(__dirname, "..", "..", "bench-results"),
  };
  for (const arg of argv) {
    const [name, value] = arg.split("=", 2);
    if (name === "--quick") args.sizes = [10, 100];
    else if (name === "--sizes" && value) args.sizes = numbers(name, value);
    else if (name === "--parallelism" && value) args.parallelisms = numbers(name, value);
    else if (name === "--out" && value) args.out = path.resolve(value);
    else throw new Error(`unknown argument "${arg}": use --quick, --sizes=10,100, --parallelism=1,8 or --out=<dir>`);
  }
  return args;
}

function numbers(name: string, value: string): number[] {
  const list = value.split(",").map(Number);
  if (list.some((n) => !Number.isInteger(n) || n < 1)) throw new Error(`${name} takes whole numbers ≥ 1, e.g. ${name}=10,100`);
  return list;
}

async function main(): Promise<void> {
  const args = parseArguments(process.argv.slice(2));
  const result = await runBenchmark({
    sizes: args.sizes,
    parallelisms: args.parallelisms,
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

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error instanceof Error ? error.stack ?? error.message : error);
    process.exit(1);
  },
);
