import { SettingsError } from "./errors";
import { registerSecret } from "./redaction";

/**
 * Where connection settings come from. Pulumi stack config (`opentalk:*`) wins, key by key; the environment
 * (`OPENTALK_*`) fills in the rest. The table below is the single list of keys: Pulumi.yaml, the README and the
 * tests are checked against it.
 */
export const SETTING_KEYS = {
  url: { config: "opentalk:url", env: "OPENTALK_URL", secret: false },
  controllerUrl: { config: "opentalk:controllerUrl", env: "OPENTALK_CONTROLLER_URL", secret: false },
  username: { config: "opentalk:username", env: "OPENTALK_USERNAME", secret: false },
  password: { config: "opentalk:password", env: "OPENTALK_PASSWORD", secret: true },
  clientId: { config: "opentalk:clientId", env: "OPENTALK_CLIENT_ID", secret: false },
  oidcUrl: { config: "opentalk:oidcUrl", env: "OPENTALK_OIDC_URL", secret: false },
  clientSecret: { config: "opentalk:clientSecret", env: "OPENTALK_CLIENT_SECRET", secret: true },
  accessToken: { config: "opentalk:accessToken", env: "OPENTALK_ACCESS_TOKEN", secret: true },
  requestTimeoutMs: { config: "opentalk:requestTimeoutMs", env: "OPENTALK_REQUEST_TIMEOUT_MS", secret: false },
} as const;

export type SettingName = keyof typeof SETTING_KEYS;

export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;

/** Resolved, validated connection settings. Secrets in here never leave the process. */
export interface Settings {
  /** The OpenTalk web address people open, without a trailing slash. */
  url: string;
  controllerUrl?: string;
  oidcUrl?: string;
  clientId?: string;
  clientSecret?: string;
  /** Log in with a password grant … */
  credentials?: { username: string; password: string };
  /** … or use a ready access token. */
  accessToken?: string;
  requestTimeoutMs: number;
}

/** Anything with a `get(key)`: a `pulumi.Config`-like map, the dynamic provider's configure() config, a test map. */
export interface ConfigSource {
  get(key: string): string | undefined;
}

/** Read settings from stack config (when given) and the environment; throws a SettingsError naming both keys. */
export function resolveSettings(config: ConfigSource | undefined, env: NodeJS.ProcessEnv = process.env): Settings {
  const read = (name: SettingName): string | undefined => {
    const keys = SETTING_KEYS[name];
    // A secret is taken as given: spaces around a password are part of it.
    const pick = keys.secret ? nonBlank : nonEmpty;
    const value = pick(config?.get(keys.config)) ?? pick(env[keys.env]);
    if (keys.secret) registerSecret(value);
    return value;
  };
  // Every secret is known to the redaction before any validation can fail and print a message.
  for (const name of Object.keys(SETTING_KEYS) as SettingName[]) if (SETTING_KEYS[name].secret) read(name);

  const url = read("url");
  if (!url) throw missing("url", "the OpenTalk web address people open, e.g. https://opentalk.example.org");

  const username = read("username");
  const password = read("password");
  const accessToken = read("accessToken");
  if (!accessToken && !(username && password)) {
    const absent = !username ? "username" : "password";
    throw new SettingsError(
      `OpenTalk ${absent} is not set: run "pulumi config set ${SETTING_KEYS[absent].config}` +
        `${absent === "password" ? " --secret" : ""} …" or set ${SETTING_KEYS[absent].env} ` +
        `(or give an access token with ${SETTING_KEYS.accessToken.config} / ${SETTING_KEYS.accessToken.env}).`,
    );
  }

  return {
    url: httpUrl("url", url),
    controllerUrl: optionalUrl("controllerUrl", read("controllerUrl")),
    oidcUrl: optionalUrl("oidcUrl", read("oidcUrl")),
    clientId: read("clientId"),
    clientSecret: read("clientSecret"),
    credentials: username && password ? { username, password } : undefined,
    accessToken,
    requestTimeoutMs: timeout(read("requestTimeoutMs")),
  };
}

function nonBlank(value: string | undefined): string | undefined {
  return value !== undefined && value.trim() !== "" ? value : undefined;
}

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

function missing(name: SettingName, what: string): SettingsError {
  const keys = SETTING_KEYS[name];
  return new SettingsError(
    `OpenTalk ${name} is not set: run "pulumi config set ${keys.config} …" or set ${keys.env} (${what}).`,
  );
}

function httpUrl(name: SettingName, value: string): string {
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    parsed = undefined as never;
  }
  if (!parsed || (parsed.protocol !== "https:" && parsed.protocol !== "http:")) {
    const keys = SETTING_KEYS[name];
    throw new SettingsError(
      `${keys.config} / ${keys.env} must be an http(s) address such as https://opentalk.example.org, got "${value}".`,
    );
  }
  return parsed.href.replace(/\/+$/, "");
}

function optionalUrl(name: SettingName, value: string | undefined): string | undefined {
  return value === undefined ? undefined : httpUrl(name, value);
}

function timeout(value: string | undefined): number {
  if (value === undefined) return DEFAULT_REQUEST_TIMEOUT_MS;
  const ms = Number(value);
  if (!Number.isInteger(ms) || ms < 100 || ms > 600_000) {
    const keys = SETTING_KEYS.requestTimeoutMs;
    throw new SettingsError(
      `${keys.config} / ${keys.env} must be a whole number of milliseconds from 100 to 600000, got "${value}".`,
    );
  }
  return ms;
}
