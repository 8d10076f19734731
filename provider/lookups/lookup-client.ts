import { resolveSettings, sharedClient, type ConfigSource, type Logger, type OpenTalkClient } from "../client";
import { pulumiLogger } from "../runtime/pulumi-logger";

/** Where a lookup takes its connection settings from; both default to what a Pulumi program has. */
export interface LookupOptions {
  /**
   * The stack config, `opentalk:*` keys. Default: the running Pulumi program's stack config
   * (`pulumi config set opentalk:url …`), read the way `new pulumi.Config("opentalk")` reads it.
   */
  config?: ConfigSource;
  /** The `OPENTALK_*` fallbacks for keys the stack config lacks. Default: `process.env`. */
  env?: NodeJS.ProcessEnv;
  /** Default: `pulumi.log` (debug lines show with `pulumi up -v=9 --logtostderr`). */
  logger?: Logger;
}

/**
 * The client a lookup uses: the process-wide shared one for these settings, so every lookup of a program (and the
 * resources' providers, when they run in the same process) share one discovery and one login.
 */
export function lookupClient(options: LookupOptions = {}): OpenTalkClient {
  const settings = resolveSettings(options.config ?? pulumiStackConfig(), options.env ?? process.env);
  return sharedClient(settings, options.logger ?? pulumiLogger());
}

/**
 * The running program's stack config as a ConfigSource of full keys (`opentalk:url`), or undefined where
 * `@pulumi/pulumi` is not installed. Loaded on first use: it is a peer dependency, and the command line, which
 * passes its own config, never pays for loading it. Outside a Pulumi program every key reads as unset.
 */
export function pulumiStackConfig(): ConfigSource | undefined {
  let pulumi: typeof import("@pulumi/pulumi");
  try {
    pulumi = require("@pulumi/pulumi") as typeof import("@pulumi/pulumi");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "MODULE_NOT_FOUND") return undefined;
    throw error;
  }
  const namespaces = new Map<string, InstanceType<typeof pulumi.Config>>();
  return {
    get(key) {
      const colon = key.indexOf(":");
      if (colon < 1) return undefined;
      const namespace = key.slice(0, colon);
      let config = namespaces.get(namespace);
      if (!config) {
        config = new pulumi.Config(namespace);
        namespaces.set(namespace, config);
      }
      return config.get(key.slice(colon + 1));
    },
  };
}
