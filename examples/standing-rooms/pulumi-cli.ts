/**
 * Which Pulumi CLI `npm start` runs: a `pulumi` on the PATH when it is recent enough, otherwise the CLI of Pulumi's
 * npm launcher (the `pulumi` devDependency), which keeps it in ~/.pulumi/versions/<version>/bin (or under
 * PULUMI_HOME) and downloads it there on first use. npm start asks before it touches the sandbox or the state, so a
 * CLI that cannot be had stops it with one message and nothing half-made.
 *
 * The launcher's lib/ modules are used directly rather than its `run.js`: resolving the binary must not run a
 * command, and its download is wrapped so that a broken one never lands where the launcher would trust it.
 */
import { spawnSync } from "node:child_process";
import { accessSync, constants, existsSync, readFileSync, readdirSync, realpathSync, renameSync, rmdirSync, rmSync, statSync } from "node:fs";
import * as path from "node:path";
import { EnvHttpProxyAgent, getGlobalDispatcher, setGlobalDispatcher } from "undici";

/** The first CLI that hands stack configuration to dynamic providers (see the README's Requirements). */
export const MINIMUM_CLI_VERSION = "3.139.0";
const EXECUTABLE = process.platform === "win32" ? "pulumi.exe" : "pulumi";
const INSTALL_BY_HAND = "https://www.pulumi.com/docs/install/";

export interface PulumiCli {
  /** The executable to spawn. */
  readonly path: string;
  readonly version: string;
  /** Where it came from, in words for the line npm start prints. */
  readonly origin: string;
  /** Put in front of PATH when running it: the launcher's CLI finds its language hosts beside itself (run.js does the same). */
  readonly binDir?: string;
}

/** The CLI cannot be had; the message says what failed and how to fix it. */
export class PulumiCliUnavailableError extends Error {
  override name = "PulumiCliUnavailableError";
}

/** The launcher's modules (pulumi/pulumi, folder npm/lib), as far as npm start uses them. */
interface Launcher {
  readonly version: string;
  cacheDir(version: string): string;
  isExecutable(file: string): boolean;
  resolve(options: { version: string; install: (version: string, root: string) => Promise<void> }): Promise<string>;
  installCLI(version: string, root: string): Promise<void>;
}

/**
 * @param say prints a line of progress for the user (which CLI was found, or why one on the PATH was passed over).
 */
export async function findPulumiCli(say: (line: string) => void): Promise<PulumiCli> {
  const onPath = findPulumiOnPath();
  if (onPath) {
    const { version, problem } = readCliVersion(onPath);
    if (version && !isOlder(version, MINIMUM_CLI_VERSION)) return { path: onPath, version, origin: `found on the PATH at ${onPath}` };
    say(
      version
        ? `The pulumi on the PATH (${onPath}) is version ${version}, older than the ${MINIMUM_CLI_VERSION} this stack needs; using Pulumi's npm launcher instead.`
        : `The pulumi on the PATH (${onPath}) does not run (${problem}); using Pulumi's npm launcher instead.`,
    );
  }
  return obtainFromLauncher(loadLauncher());
}

/** A CLI npm start could use without downloading anything, or undefined; for tests that need a real CLI. */
export function findInstalledPulumiCli(): string | undefined {
  const onPath = findPulumiOnPath();
  const version = onPath && readCliVersion(onPath).version;
  if (onPath && version && !isOlder(version, MINIMUM_CLI_VERSION)) return onPath;
  const launcher = loadLauncher();
  const cached = path.join(launcher.cacheDir(launcher.version), "bin", EXECUTABLE);
  return launcher.isExecutable(cached) ? cached : undefined;
}

/**
 * The first `pulumi` on the PATH that is not the npm launcher itself: npm puts node_modules/.bin first on the PATH of
 * `npm start`, and the launcher there would download rather than answer.
 */
function findPulumiOnPath(): string | undefined {
  for (const dir of (process.env.PATH ?? "").split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, EXECUTABLE);
    if (isExecutableFile(candidate) && !isNpmLauncher(candidate)) return candidate;
  }
  return undefined;
}

async function obtainFromLauncher(launcher: Launcher): Promise<PulumiCli> {
  const root = launcher.cacheDir(launcher.version);
  const binDir = path.join(root, "bin");
  let binary: string;
  try {
    // The version is passed, not left to the launcher: it would take PULUMI_VERSION from the environment, and this
    // stack is tested with the launcher's own.
    binary = await withProxyFromEnvironment(() =>
      launcher.resolve({ version: launcher.version, install: (version, into) => installAtomically(version, into, launcher.installCLI) }),
    );
  } catch (error) {
    if (error instanceof PulumiCliUnavailableError) throw error;
    throw new PulumiCliUnavailableError(
      `npm start could not get the Pulumi CLI ${launcher.version}. Pulumi's npm launcher (node_modules/pulumi) says: ${launcherWords(error)}.\n` +
        `It downloads the CLI from get.pulumi.com on first use and keeps it in ${binDir} (set PULUMI_HOME to keep it elsewhere).\n` +
        `Either let the download through — check the network connection; behind a proxy, set HTTPS_PROXY (and NO_PROXY) — ` +
        `or install the Pulumi CLI ${MINIMUM_CLI_VERSION} or newer by hand (${INSTALL_BY_HAND}) so that "pulumi" is on the PATH. ` +
        `Then run npm start again; nothing was started and no state was written.`,
    );
  }
  const { version, problem } = readCliVersion(binary);
  if (version !== launcher.version) {
    throw new PulumiCliUnavailableError(
      `The Pulumi CLI kept by Pulumi's npm launcher at ${binary} ${version ? `says it is version ${version}, not ${launcher.version}` : `does not run (${problem})`}: ` +
        `delete ${root} and run npm start again to download it afresh, or install the Pulumi CLI by hand (${INSTALL_BY_HAND}).`,
    );
  }
  return { path: binary, version, origin: `from Pulumi's npm launcher, kept in ${binDir}`, binDir };
}

/**
 * The launcher trusts any non-empty executable bin/pulumi under the version's folder, and its install script copies
 * the CLI there file by file (get.pulumi.com install.sh, `cp -r` from a temporary folder): a download cut short would
 * leave a broken CLI that is never fetched again. So the download goes to a sibling folder, is checked to run as the
 * version asked for, and is renamed into place in one step.
 */
export async function installAtomically(
  version: string,
  root: string,
  download: (version: string, root: string) => Promise<void>,
): Promise<void> {
  if (existsSync(root) && readdirSync(root).length > 0) {
    throw new PulumiCliUnavailableError(
      `${root} holds an incomplete Pulumi CLI ${version} (no working bin/${EXECUTABLE}): delete that folder and run npm start again.`,
    );
  }
  const staging = `${root}.download-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  try {
    await download(version, staging);
    const staged = readCliVersion(path.join(staging, "bin", EXECUTABLE));
    if (staged.version !== version) {
      throw new Error(`the downloaded CLI ${staged.version ? `says it is version ${staged.version}` : `does not run (${staged.problem})`}`);
    }
    moveIntoPlace(staging, root);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

/**
 * The launcher downloads with Node's fetch, which on Node 20 ignores HTTPS_PROXY (its install script then uses curl,
 * which honours it). So behind a proxy the download goes through undici's EnvHttpProxyAgent — for the download only:
 * nothing else in npm start, least of all the sandbox on 127.0.0.1, should go through a proxy.
 */
async function withProxyFromEnvironment<T>(run: () => Promise<T>): Promise<T> {
  const proxied = ["HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy"].some((name) => process.env[name]);
  if (!proxied) return run();
  const previous = getGlobalDispatcher();
  setGlobalDispatcher(new EnvHttpProxyAgent());
  try {
    return await run();
  } finally {
    setGlobalDispatcher(previous);
  }
}

/**
 * What the launcher would print after "pulumi: ", plus the innermost cause that Node's bare "fetch failed" hides
 * (ENOTFOUND, ECONNREFUSED, a proxy's 407 — the outer causes say only "Request was cancelled").
 */
function launcherWords(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  let cause: unknown = error.cause;
  while (cause instanceof Error && cause.cause instanceof Error) cause = cause.cause;
  const reason = cause instanceof Error ? cause.message : undefined;
  const words = reason && !error.message.includes(reason) ? `${error.message} (${reason})` : error.message;
  // A failing install script (unsupported platform, a download curl could not make) has printed its own reasons.
  return "status" in error && typeof error.status === "number" ? `${words} — the install script's own words are above` : words;
}

/** Another npm start may have finished the same download meanwhile; its CLI is as good as ours. */
function moveIntoPlace(staging: string, root: string): void {
  try {
    if (existsSync(root)) rmdirSync(root); // only ever an empty folder (checked before the download)
    renameSync(staging, root);
  } catch (error) {
    if (!isExecutableFile(path.join(root, "bin", EXECUTABLE))) throw error;
  }
}

function readCliVersion(binary: string): { version?: string; problem?: string } {
  const run = spawnSync(binary, ["version"], { encoding: "utf8", timeout: 30_000, env: { ...process.env, PULUMI_SKIP_UPDATE_CHECK: "true" } });
  if (run.error) return { problem: run.error.message };
  const version = /^v?(\d+\.\d+\.\d+\S*)$/m.exec(run.stdout)?.[1];
  if (run.status !== 0 || !version) return { problem: `"${binary} version" exited ${run.status ?? run.signal} with ${JSON.stringify(run.stdout.trim() || run.stderr.trim())}` };
  return { version };
}

function isOlder(version: string, than: string): boolean {
  const [a, b] = [version, than].map((v) => v.split(/[.-]/).slice(0, 3).map(Number));
  for (let i = 0; i < 3; i += 1) if (a[i] !== b[i]) return a[i] < b[i];
  return false;
}

function isExecutableFile(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

/** npm links a package's bin as a symlink to it (pulumi → ../pulumi/run.js); on Windows only pulumi.exe is looked for. */
function isNpmLauncher(file: string): boolean {
  try {
    const pkg = JSON.parse(readFileSync(path.join(path.dirname(realpathSync(file)), "package.json"), "utf8")) as { name?: string };
    return pkg.name === "pulumi";
  } catch {
    return false;
  }
}

function loadLauncher(): Launcher {
  let dir: string;
  try {
    dir = path.dirname(require.resolve("pulumi/package.json"));
  } catch {
    throw new PulumiCliUnavailableError(
      `npm start needs the Pulumi CLI ${MINIMUM_CLI_VERSION} or newer: none is on the PATH and Pulumi's npm launcher is not installed ` +
        `(node_modules/pulumi). Run npm install (with the dev dependencies), or install the CLI by hand (${INSTALL_BY_HAND}); then run npm start again.`,
    );
  }
  const { version } = require(path.join(dir, "package.json")) as { version: string };
  const { cacheDir } = require(path.join(dir, "lib/cache.js")) as Pick<Launcher, "cacheDir">;
  const { resolve, isExecutable } = require(path.join(dir, "lib/resolve.js")) as Pick<Launcher, "resolve" | "isExecutable">;
  const { installCLI } = require(path.join(dir, "lib/download.js")) as Pick<Launcher, "installCLI">;
  return { version, cacheDir, resolve, isExecutable, installCLI };
}
