import { resolveSettings, sharedClient, type ConfigSource, type Logger, type OpenTalkClient } from "../client";
import { pulumiLogger } from "./pulumi-logger";

/**
 * What a provider method gets besides its arguments: the client, made from the stack config that configure()
 * received (or the environment). Settings are resolved only when a method needs the API, so check and diff work
 * — and preview works — without any credentials.
 */
export class ProviderContext {
  constructor(
    private readonly config: ConfigSource | undefined,
    private readonly logger: Logger = pulumiLogger(),
  ) {}

  client(): OpenTalkClient {
    return sharedClient(resolveSettings(this.config), this.logger);
  }

  get log(): Logger {
    return this.logger;
  }
}
