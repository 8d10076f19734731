import type { PolicyConfigSchema } from "@pulumi/policy";

/**
 * A policy's settings: the schema's defaults, overridden by what the engine sent with Configure. The CLI sends the
 * defaults itself (it reconciles `configSchema` defaults, pulumi pkg/resource/analyzer/config.go
 * `createConfigWithDefaults`), but @pulumi/policy does not apply them (server.ts `configure`), so a pack run without
 * Configure — or a Configure that names only some settings — still gets them here.
 */
export function settingsOf<T>(schema: PolicyConfigSchema, args: { getConfig<C extends object>(): C }): T {
  const defaults = Object.fromEntries(
    Object.entries(schema.properties)
      .filter(([, property]) => typeof property === "object" && property !== null && "default" in property)
      .map(([key, property]) => [key, (property as { default: unknown }).default]),
  );
  return { ...defaults, ...args.getConfig<object>() } as T;
}

/** The JSON schema of an allow-list of entry names. */
export function entryList(description: string): PolicyConfigSchema["properties"][string] {
  return { type: "array", items: { type: "string" }, default: [], description };
}
