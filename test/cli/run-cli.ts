import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import * as path from "node:path";

export const CLI = path.join(__dirname, "../../dist/cli/main.js");

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs the built command line (`node dist/cli/main.js …`) with exactly the given environment, asynchronously: the
 * sandbox answers from this very process, so a synchronous spawn would wait for itself. Every run is also kept in
 * `runs`, for the secret scans. `stdin`, when given, is what the command reads on standard input.
 */
export async function opentalk(args: readonly string[], env: NodeJS.ProcessEnv, runs?: CliRun[], stdin?: string): Promise<CliRun> {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run "npm run build" before these tests`);
  const child = spawn(process.execPath, [CLI, ...args], {
    env: { PATH: process.env.PATH, ...env },
    stdio: ["pipe", "pipe", "pipe"],
  });
  child.stdin.end(stdin ?? "");
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  const status = await new Promise<number | null>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) => resolve(code));
  });
  const run = { status, stdout, stderr };
  runs?.push(run);
  return run;
}

/** Parses stdout as JSON, or fails with what the command printed. */
export function json<T = unknown>(run: CliRun): T {
  if (run.status !== 0) throw new Error(`exit status ${run.status}; stderr: ${run.stderr}`);
  return JSON.parse(run.stdout) as T;
}

/** RFC 4180 with CRLF line ends, as the command line writes it; enough of a reader to check the writer. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") row.push(field), (field = "");
    else if (c === "\r" && text[i + 1] === "\n") rows.push([...row, field]), (row = []), (field = ""), i++;
    else field += c;
  }
  if (field !== "" || row.length > 0) throw new Error(`CSV does not end with CRLF: ${JSON.stringify(text.slice(-40))}`);
  return rows;
}

/** CSV rows as objects keyed by the header line. */
export function csvRecords(text: string): Record<string, string>[] {
  const [header, ...rows] = parseCsv(text);
  return rows.map((row) => Object.fromEntries(header!.map((name, i) => [name, row[i]!])));
}
