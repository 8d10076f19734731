import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import * as path from "node:path";
import { main } from "../../provider/cli/main";
import { childCoverageEnv } from "../harness/child-coverage";

export const CLI = path.join(__dirname, "../../dist/cli/main.js");

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** The settings a run is given that it must never print, whatever it prints otherwise (README: the command line). */
const SECRET_SETTINGS = ["OPENTALK_PASSWORD", "OPENTALK_CLIENT_SECRET", "OPENTALK_ACCESS_TOKEN"];

/**
 * Runs the built command line (`node dist/cli/main.js …`) with exactly the given environment, asynchronously: the
 * sandbox answers from this very process, so a synchronous spawn would wait for itself. Every run is also kept in
 * `runs`, for the secret scans of the tests, and checked here for the secrets it was configured with and for tokens
 * (noSecretsIn). `stdin`, when given, is what the command reads on standard input.
 */
export async function opentalk(args: readonly string[], env: NodeJS.ProcessEnv, runs?: CliRun[], stdin?: string): Promise<CliRun> {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run "npm run build" before these tests`);
  const child = spawn(process.execPath, [CLI, ...args], {
    // Exactly the given settings; the coverage directory too, when coverage is measured, so the child counts.
    env: { PATH: process.env.PATH, ...childCoverageEnv(), ...env },
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
  noSecretsIn(run, SECRET_SETTINGS.flatMap((name) => env[name] ?? []));
  return run;
}

/**
 * Runs the command line inside this process: `main()` with the given arguments and environment and its output
 * captured — the same parsing, commands, messages, rendering and exit status as `opentalk`, without starting Node and
 * loading the package for every run (about 0.3 s each). The release matrix runs each release-dependent test once per
 * release, so it uses this; the tests of the process itself (help, usage, exit status, --config) run the built
 * command line. Checked for secrets like `opentalk`.
 */
export async function runCli(args: readonly string[], env: NodeJS.ProcessEnv, runs?: CliRun[], stdin?: string): Promise<CliRun> {
  let stdout = "";
  let stderr = "";
  const status = await main(args, {
    stdout: (text) => void (stdout += text),
    stderr: (text) => void (stderr += text),
    stdin: async () => stdin ?? "",
    env: { ...env },
  });
  const run = { status, stdout, stderr };
  runs?.push(run);
  noSecretsIn(run, SECRET_SETTINGS.flatMap((name) => env[name] ?? []));
  return run;
}

/**
 * Fails when stdout or stderr of a run holds one of the secrets, an access, refresh or ID token (a JWT) or a
 * bearer header: only `events list` prints secrets, and only the room's own (password, PIN, guest link).
 */
export function noSecretsIn(run: CliRun, secrets: readonly string[]): void {
  const text = run.stdout + run.stderr;
  for (const secret of secrets) {
    if (secret.length >= 4 && text.includes(secret)) throw new Error(`the command line printed a secret it was given: ${text}`);
  }
  if (/eyJ[A-Za-z0-9_-]{8,}\./.test(text)) throw new Error(`the command line printed a token: ${text}`);
  if (/Bearer [^*\s]/.test(text)) throw new Error(`the command line printed an authorization header: ${text}`);
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
