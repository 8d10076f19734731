/**
 * `npm run sandbox -- [--port N] [--state FILE] [--realm-prefix /auth] [--controller-version 0.29|0.35] [--token-ttl SECONDS]`
 *
 * Prints exactly one JSON line with the sandbox's coordinates on stdout (for scripts and for manual
 * `pulumi up` runs against it), then serves until SIGINT/SIGTERM.
 */
import { startSandbox } from "./sandbox";
import type { SandboxOptions } from "./types";

const USAGE = "usage: npm run sandbox -- [--port N] [--state FILE] [--realm-prefix /auth] [--controller-version 0.29|0.35] [--token-ttl SECONDS]";

function parseArguments(args: string[]): SandboxOptions {
  const options: SandboxOptions = {};
  for (let i = 0; i < args.length; i += 2) {
    const [flag, value] = [args[i], args[i + 1]];
    if (value === undefined) throw new Error(`${flag} needs a value\n${USAGE}`);
    switch (flag) {
      case "--port":
        options.port = positiveInteger(flag, value, true);
        break;
      case "--state":
        options.statePath = value;
        break;
      case "--realm-prefix":
        if (value !== "" && value !== "/auth") throw new Error(`--realm-prefix must be "" or "/auth"\n${USAGE}`);
        options.realmPrefix = value;
        break;
      case "--controller-version":
        if (value !== "0.29" && value !== "0.35") throw new Error(`--controller-version must be 0.29 or 0.35\n${USAGE}`);
        options.controllerVersion = value;
        break;
      case "--token-ttl":
        options.accessTokenTtlSeconds = positiveInteger(flag, value, false);
        break;
      default:
        throw new Error(`unknown option ${flag}\n${USAGE}`);
    }
  }
  return options;
}

function positiveInteger(flag: string, value: string, zeroAllowed: boolean): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < (zeroAllowed ? 0 : 1)) throw new Error(`${flag} must be a ${zeroAllowed ? "non-negative" : "positive"} integer\n${USAGE}`);
  return n;
}

async function main(): Promise<void> {
  const sandbox = await startSandbox(parseArguments(process.argv.slice(2)));
  const { url, controllerUrl, oidcUrl, realm, clientId, username, password, adminUrl } = sandbox;
  process.stdout.write(`${JSON.stringify({ url, controllerUrl, oidcUrl, realm, clientId, username, password, adminUrl })}\n`);
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    void sandbox.close().then(() => process.exit(0));
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exit(1);
});
