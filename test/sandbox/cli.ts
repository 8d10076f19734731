/**
 * `npm run sandbox -- [options]` (see USAGE): prints exactly one JSON line with the sandbox's coordinates on
 * stdout (for scripts and for manual `pulumi up` runs against it), then serves until SIGINT/SIGTERM.
 */
import { PROFILES } from "./profiles";
import { startSandbox } from "./sandbox";
import type { ControllerVersion, SandboxOptions } from "./types";

const VERSIONS = Object.keys(PROFILES) as ControllerVersion[];

const USAGE = `usage: npm run sandbox -- [options]

  --port N                    controller port (default: the last one used with --state, else any free port)
  --state FILE                keep data, keys and ports in FILE across restarts
  --realm-prefix /auth        serve Keycloak under /auth (Keycloak ≤ 16, OpenTalk QA)
  --controller-version V      release to imitate: ${VERSIONS.join(", ")} (default 0.35)
  --token-ttl SECONDS         access token lifetime (default 300)
  --latency-ms L              delay every controller and Keycloak answer by L ms
  --jitter-ms J               … plus or minus up to J ms
  --no-openapi                GET /v1/openapi.json answers 404 (endpoints.disable_openapi)
  --room-alias-suffix MODE    random (default) or none: 0.35 room aliases without a random suffix
  --help                      show this text`;

class UsageError extends Error {}

type Parsed = { help: true } | { help: false; options: SandboxOptions };

export function parseArguments(args: string[]): Parsed {
  const options: SandboxOptions = {};
  for (let i = 0; i < args.length; i++) {
    const flag = args[i];
    if (flag === "--help" || flag === "-h") return { help: true };
    if (flag === "--no-openapi") {
      options.openApiDocument = false;
      continue;
    }
    const value = args[++i];
    if (value === undefined) throw new UsageError(`${flag} needs a value`);
    switch (flag) {
      case "--port":
        options.port = integer(flag, value, 0);
        break;
      case "--state":
        options.statePath = value;
        break;
      case "--realm-prefix":
        if (value !== "" && value !== "/auth") throw new UsageError(`--realm-prefix must be "" or "/auth"`);
        options.realmPrefix = value;
        break;
      case "--controller-version":
        if (!VERSIONS.includes(value as ControllerVersion)) throw new UsageError(`--controller-version must be one of ${VERSIONS.join(", ")}`);
        options.controllerVersion = value as ControllerVersion;
        break;
      case "--token-ttl":
        options.accessTokenTtlSeconds = integer(flag, value, 1);
        break;
      case "--latency-ms":
        options.latencyMs = integer(flag, value, 0);
        break;
      case "--jitter-ms":
        options.jitterMs = integer(flag, value, 0);
        break;
      case "--room-alias-suffix":
        if (value !== "random" && value !== "none") throw new UsageError("--room-alias-suffix must be random or none");
        options.roomAliasSuffix = value;
        break;
      default:
        throw new UsageError(`unknown option ${flag}`);
    }
  }
  if (options.jitterMs !== undefined && options.jitterMs > (options.latencyMs ?? 0)) throw new UsageError("--jitter-ms must not exceed --latency-ms");
  return { help: false, options };
}

function integer(flag: string, value: string, min: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new UsageError(`${flag} must be an integer of at least ${min}`);
  return n;
}

async function main(): Promise<void> {
  const parsed = parseArguments(process.argv.slice(2));
  if (parsed.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const sandbox = await startSandbox(parsed.options);
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

/** One line a person can act on, instead of a stack trace. */
function describeFailure(error: unknown): string {
  const { code, port } = error as NodeJS.ErrnoException & { port?: number };
  if (code === "EADDRINUSE") return `port ${port ?? "?"} is in use: choose another with --port, or stop what runs there`;
  if (error instanceof UsageError) return `${error.message}\n${USAGE}`;
  return (error as Error).message;
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`${describeFailure(error)}\n`);
    process.exit(1);
  });
}
