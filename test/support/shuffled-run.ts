// `npm run test:shuffled` (and `npm run coverage`): the whole suite with its test files in a random order, seeded, the
// seed printed, so that a test that passes only after (or before) another one shows up, and a failing order can be run
// again: OPENTALK_TEST_SEED=<seed> npm run test:shuffled. The mocha options are package.json's.
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";

const ROOT = path.join(__dirname, "..", "..");

function testFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.name.startsWith(".")) return [];
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return testFiles(full);
    return entry.name.endsWith(".test.ts") ? [path.relative(ROOT, full)] : [];
  });
}

/** mulberry32: a small seeded generator, so an order can be repeated exactly. */
function generator(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function shuffled<T>(items: readonly T[], seed: number): T[] {
  const random = generator(seed);
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

function main(): number {
  const seed = Number(process.env.OPENTALK_TEST_SEED ?? Math.floor(Math.random() * 2 ** 31));
  const files = shuffled(testFiles(path.join(ROOT, "test")).sort(), seed);
  const config = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")).mocha as { require: string[]; timeout: number; exit: boolean };
  console.log(`test files in shuffled order, seed ${seed} (repeat it: OPENTALK_TEST_SEED=${seed} npm run test:shuffled)`);
  const args = [require.resolve("mocha/bin/mocha.js"), "--no-package", ...config.require.flatMap((module) => ["--require", module]), "--timeout", String(config.timeout), ...(config.exit ? ["--exit"] : []), ...files];
  const run = spawnSync(process.execPath, args, { cwd: ROOT, stdio: "inherit" });
  if (run.status !== 0) console.log(`shuffled run failed; seed ${seed}`);
  return run.status ?? 1;
}

if (require.main === module) process.exitCode = main();
