import { createHash } from "node:crypto";
import type { Logger } from "./logger";
import { OpenTalkClient } from "./opentalk-client";
import type { Settings } from "./settings";

/**
 * One client per distinct settings per process. The dynamic-provider host serves every resource of a stack from one
 * process and calls each resource's provider separately; sharing the client here is what makes it one discovery and
 * one login for a whole `pulumi up`, and one connection pool. The key is a hash, so settings (with their password)
 * are not kept a second time as map keys.
 */
const clients = new Map<string, OpenTalkClient>();

export function sharedClient(settings: Settings, logger?: Logger): OpenTalkClient {
  const key = createHash("sha256").update(JSON.stringify(settings)).digest("hex");
  let client = clients.get(key);
  if (!client) {
    client = new OpenTalkClient(settings, { logger });
    clients.set(key, client);
  }
  return client;
}

/** Close and forget every shared client (tests; a CLI before exit). */
export async function closeSharedClients(): Promise<void> {
  const all = [...clients.values()];
  clients.clear();
  await Promise.all(all.map((client) => client.close()));
}
