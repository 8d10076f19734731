import { readFileSync } from "node:fs";
import * as path from "node:path";
import { SETTING_KEYS, SettingsError, type ConfigSource } from "../client";
import { parse as parseYaml } from "yaml";

/** What `--config FILE` gives: the settings it holds, and anything worth a warning. */
export interface ConfigFile {
  source: ConfigSource;
  warnings: string[];
}

const KNOWN_KEYS = new Set<string>(Object.values(SETTING_KEYS).map((keys) => keys.config));

/**
 * Reads `opentalk:*` settings from a Pulumi stack file (`Pulumi.<stack>.yaml`: its `config:` map) or from a plain
 * JSON or YAML map of the same keys. Values Pulumi encrypted (`secure: …`) cannot be read here — decrypting takes
 * the stack's secrets provider, which only the Pulumi CLI has — so such a setting must come from its environment
 * variable; without one this is a SettingsError that says so. The environment still fills in keys the file lacks.
 */
export function readConfigFile(file: string, env: NodeJS.ProcessEnv): ConfigFile {
  const name = path.basename(file);
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new SettingsError(`Cannot read the config file ${file}: ${(error as Error).message}.`);
  }
  const map = settingsMap(parse(text, file), file);

  const values = new Map<string, string>();
  const warnings: string[] = [];
  for (const [key, value] of Object.entries(map)) {
    if (!key.startsWith("opentalk:")) continue;
    if (!KNOWN_KEYS.has(key)) {
      warnings.push(`${name}: ${key} is not a pulumi-opentalk setting (known: ${[...KNOWN_KEYS].join(", ")}); ignored.`);
      continue;
    }
    const envName = envNameOf(key);
    if (isEncrypted(value)) {
      if (env[envName] === undefined || env[envName] === "") {
        const stack = /^Pulumi\.(.+)\.ya?ml$/.exec(name)?.[1] ?? "<stack>";
        throw new SettingsError(
          `${key} in ${name} is encrypted (a "secure:" value), and only the Pulumi CLI can decrypt it: set ${envName} ` +
            `instead, e.g. export ${envName}="$(pulumi config get ${key} --stack ${stack})".`,
        );
      }
      continue; // the environment variable fills it in
    }
    if (value === null) continue;
    if (typeof value !== "string" && typeof value !== "number" && typeof value !== "boolean") {
      throw new SettingsError(`${key} in ${name} must be a single value, not a list or a map.`);
    }
    values.set(key, String(value));
  }
  if (!Object.keys(map).some((key) => key.startsWith("opentalk:"))) {
    warnings.push(`${name} has no opentalk:* settings; using the OPENTALK_* environment variables only.`);
  }
  return { source: { get: (key) => values.get(key) }, warnings };
}

/**
 * JSON is YAML, so one parser reads both. The failsafe schema keeps every scalar as the text written (a password
 * `012345` stays `012345`, not the number 12345); a `secure:` map stays a map, never a password.
 */
function parse(text: string, file: string): unknown {
  try {
    return parseYaml(text, { schema: "failsafe", uniqueKeys: true });
  } catch (error) {
    throw new SettingsError(`Cannot read the config file ${file}: ${(error as Error).message.split("\n")[0]}.`);
  }
}

/** A stack file's `config:` map, or the whole document when it is a plain map of settings. */
function settingsMap(document: unknown, file: string): Record<string, unknown> {
  if (!isMap(document)) {
    throw new SettingsError(
      `The config file ${file} must be a Pulumi stack file (with a "config:" map) or a map of opentalk:* settings.`,
    );
  }
  if ("config" in document) {
    if (document.config === null) return {};
    if (!isMap(document.config)) throw new SettingsError(`"config" in ${file} must be a map of settings.`);
    return document.config;
  }
  return document;
}

function isEncrypted(value: unknown): boolean {
  return isMap(value) && "secure" in value;
}

/** A JSON or YAML map: an object that is neither null nor an array. */
export function isMap(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function envNameOf(configKey: string): string {
  return Object.values(SETTING_KEYS).find((keys) => keys.config === configKey)!.env;
}
