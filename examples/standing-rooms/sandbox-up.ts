/**
 * `npm start`: the standing-rooms stack on the embedded sandbox, with nothing to configure.
 *
 * Finds the Pulumi CLI first (pulumi-cli.ts: one on the PATH, else the npm launcher's, downloaded on first use); if
 * there is none to be had it explains why and exits non-zero before anything is started or written. Then it starts
 * the sandbox (its data kept in .sandbox/state.json, on fixed ports so links stay valid between runs), uses a stack
 * named `sandbox` on a local file backend in .pulumi-state/ (empty passphrase), runs `pulumi up --yes`, and prints
 * the room links and guest links. Run it twice: the second run changes nothing. Both folders are git-ignored.
 */
import { spawnSync, type SpawnSyncOptions } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, lstatSync, mkdirSync, symlinkSync } from "node:fs";
import * as path from "node:path";
import { startSandbox } from "../../test/sandbox";
import { findPulumiCli } from "./pulumi-cli";

const REPO = path.resolve(__dirname, "../..");
// Where .sandbox/ and .pulumi-state/ go: the repository, except in tests, which keep the repository's own untouched.
const STATE_ROOT = path.resolve(process.env.OPENTALK_START_DIR || REPO);
const STACK = "sandbox";
const PORTS = { controller: 47_311, keycloak: 47_312, frontend: 47_313 };

async function main(): Promise<number> {
  const cli = await findPulumiCli((line) => process.stdout.write(`${line}\n`));
  process.stdout.write(`Using the Pulumi CLI ${cli.version} ${cli.origin}.\n`);
  linkPackageIntoNodeModules();
  mkdirSync(path.join(STATE_ROOT, ".sandbox"), { recursive: true });
  mkdirSync(path.join(STATE_ROOT, ".pulumi-state"), { recursive: true });

  const sandbox = await startSandbox({
    statePath: path.join(STATE_ROOT, ".sandbox", "state.json"),
    port: PORTS.controller,
    keycloakPort: PORTS.keycloak,
    frontendPort: PORTS.frontend,
  });
  try {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      ...(cli.binDir && { PATH: `${cli.binDir}${path.delimiter}${process.env.PATH ?? ""}` }),
      PULUMI_BACKEND_URL: `file://${path.join(STATE_ROOT, ".pulumi-state")}`,
      PULUMI_CONFIG_PASSPHRASE: "",
      PULUMI_SKIP_UPDATE_CHECK: "true",
      OPENTALK_URL: sandbox.url,
      OPENTALK_USERNAME: sandbox.username,
      OPENTALK_PASSWORD: sandbox.password,
    };
    const pulumi = (args: string[], options: SpawnSyncOptions = {}) => {
      const result = spawnSync(cli.path, args, { cwd: REPO, env, stdio: "inherit", ...options });
      if (result.status !== 0) throw new Error(`pulumi ${args.join(" ")} failed (exit ${result.status ?? result.signal})`);
      return result;
    };

    pulumi(["stack", "select", "--create", STACK]);
    const hasBoardPassword = spawnSync(cli.path, ["config", "get", "boardPassword", "--stack", STACK], { cwd: REPO, env, stdio: "ignore" });
    if (hasBoardPassword.status !== 0) {
      pulumi(["config", "set", "--secret", "--stack", STACK, "boardPassword", randomBytes(12).toString("base64url")], { stdio: "ignore" });
    }
    pulumi(["up", "--yes", "--stack", STACK]);
    const outputs = pulumi(["stack", "output", "--json", "--show-secrets", "--stack", STACK], { stdio: ["ignore", "pipe", "inherit"] });
    const { roomLinks, guestLinks } = JSON.parse(String(outputs.stdout)) as {
      roomLinks: Record<string, string>;
      guestLinks: Record<string, Record<string, string>>;
    };
    process.stdout.write("\nRooms (the sandbox keeps serving them only while `npm run sandbox` runs):\n");
    for (const [name, link] of Object.entries(roomLinks)) {
      process.stdout.write(`  ${name}: ${link}\n`);
      for (const [linkName, guestLink] of Object.entries(guestLinks[name] ?? {})) process.stdout.write(`    guest link ${linkName}: ${guestLink}\n`);
    }
    return 0;
  } finally {
    await sandbox.close();
  }
}

/**
 * The host that runs the providers resolves `pulumi-opentalk` from the program directory's node_modules, as it
 * would in a user's project; in this repository the package is the project itself, so it is linked in.
 */
function linkPackageIntoNodeModules(): void {
  const link = path.join(REPO, "node_modules", "pulumi-opentalk");
  if (existsSync(link) || isDanglingLink(link)) return;
  symlinkSync("..", link, "dir");
}

function isDanglingLink(file: string): boolean {
  try {
    return lstatSync(file).isSymbolicLink();
  } catch {
    return false;
  }
}

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  },
);
