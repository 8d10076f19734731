/**
 * `npm start`: the standing-rooms stack on the embedded sandbox, with nothing to configure.
 *
 * Starts the sandbox (its data kept in .sandbox/state.json, on fixed ports so links stay valid between runs), uses a
 * stack named `sandbox` on a local file backend in .pulumi-state/ (empty passphrase), runs `pulumi up --yes`, and
 * prints the room links and guest links. Run it twice: the second run changes nothing. Both folders are git-ignored.
 * Without the Pulumi CLI it says how to install it and exits non-zero: nothing here pretends to deploy.
 */
import { spawnSync, type SpawnSyncOptions } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, lstatSync, mkdirSync, symlinkSync } from "node:fs";
import * as path from "node:path";
import { startSandbox } from "../../test/sandbox";

const REPO = path.resolve(__dirname, "../..");
const STACK = "sandbox";
const PORTS = { controller: 47_311, keycloak: 47_312, frontend: 47_313 };
const INSTALL_HINT = "curl -fsSL https://get.pulumi.com | sh   (or see https://www.pulumi.com/docs/install/)";

async function main(): Promise<number> {
  const pulumiCli = findPulumiCli();
  if (!pulumiCli) {
    process.stderr.write(
      `npm start needs the Pulumi CLI (version 3.139.0 or newer), and "pulumi" is not on the PATH.\n` +
        `Install it with:\n  ${INSTALL_HINT}\nthen run npm start again. (npm test needs no CLI.)\n`,
    );
    return 1;
  }
  linkPackageIntoNodeModules();
  mkdirSync(path.join(REPO, ".sandbox"), { recursive: true });
  mkdirSync(path.join(REPO, ".pulumi-state"), { recursive: true });

  const sandbox = await startSandbox({
    statePath: path.join(REPO, ".sandbox", "state.json"),
    port: PORTS.controller,
    keycloakPort: PORTS.keycloak,
    frontendPort: PORTS.frontend,
  });
  try {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PULUMI_BACKEND_URL: `file://${path.join(REPO, ".pulumi-state")}`,
      PULUMI_CONFIG_PASSPHRASE: "",
      PULUMI_SKIP_UPDATE_CHECK: "true",
      OPENTALK_URL: sandbox.url,
      OPENTALK_USERNAME: sandbox.username,
      OPENTALK_PASSWORD: sandbox.password,
    };
    const pulumi = (args: string[], options: SpawnSyncOptions = {}) => {
      const result = spawnSync(pulumiCli, args, { cwd: REPO, env, stdio: "inherit", ...options });
      if (result.status !== 0) throw new Error(`pulumi ${args.join(" ")} failed (exit ${result.status ?? result.signal})`);
      return result;
    };

    pulumi(["stack", "select", "--create", STACK]);
    const hasBoardPassword = spawnSync(pulumiCli, ["config", "get", "boardPassword", "--stack", STACK], { cwd: REPO, env, stdio: "ignore" });
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

function findPulumiCli(): string | undefined {
  const probe = spawnSync("pulumi", ["version"], { stdio: "ignore" });
  return probe.error || probe.status !== 0 ? undefined : "pulumi";
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
