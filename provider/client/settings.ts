import { SettingsError } from "./errors";
import { registerSecret } from "./redaction";
import { isLoopback } from "./loopback";

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
  allowInsecureHttp: { config: "opentalk:allowInsecureHttp", env: "OPENTALK_ALLOW_INSECURE_HTTP", secret: false },
  trustedOrigins: { config: "opentalk:trustedOrigins", env: "OPENTALK_TRUSTED_ORIGINS", secret: false },
} as const;

export type SettingName = keyof typeof SETTING_KEYS;

export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;

/**
 * How to log in, chosen by which settings are given (README "Connecting to a real OpenTalk"):
 * - `password`: username and password — Keycloak's password grant ("Direct access grants"), with the client secret
 *   too when the client is confidential;
 * - `client-credentials`: client id and client secret without username and password — a Keycloak service account;
 * - `access-token`: a ready access token, alone.
 */
export type LoginMethod =
  | { kind: "password"; username: string; password: string }
  | { kind: "client-credentials"; clientId: string; clientSecret: string }
  | { kind: "access-token"; accessToken: string };

/** Resolved, validated connection settings. Secrets in here never leave the process. */
export interface Settings {
  /** The OpenTalk web address people open, without a trailing slash. */
  url: string;
  controllerUrl?: string;
  oidcUrl?: string;
  clientId?: string;
  clientSecret?: string;
  login: LoginMethod;
  requestTimeoutMs: number;
  /** Plain http to hosts other than this machine (opentalk:allowInsecureHttp). */
  allowInsecureHttp: boolean;
  /** Further origins credentials may be sent to (opentalk:trustedOrigins), e.g. a token endpoint on its own host. */
  trustedOrigins: readonly string[];
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

  const allowInsecureHttp = flag("allowInsecureHttp", read("allowInsecureHttp"));
  const address = (name: SettingName) => {
    const value = read(name);
    return value === undefined ? undefined : httpUrl(name, value, allowInsecureHttp);
  };
  const url = address("url");
  if (!url) throw missing("url", "the OpenTalk web address people open, e.g. https://opentalk.example.org");
  const clientId = read("clientId");
  const clientSecret = read("clientSecret");
  return {
    url,
    controllerUrl: address("controllerUrl"),
    oidcUrl: address("oidcUrl"),
    clientId,
    clientSecret,
    login: loginMethod(read("username"), read("password"), read("accessToken"), clientId, clientSecret),
    requestTimeoutMs: timeout(read("requestTimeoutMs")),
    allowInsecureHttp,
    trustedOrigins: origins(read("trustedOrigins"), allowInsecureHttp),
  };
}

function loginMethod(
  username: string | undefined,
  password: string | undefined,
  accessToken: string | undefined,
  clientId: string | undefined,
  clientSecret: string | undefined,
): LoginMethod {
  const keys = SETTING_KEYS;
  if (accessToken) {
    const others = [username && "username", password && "password", clientSecret && "clientSecret"].filter(Boolean) as SettingName[];
    if (others.length > 0) {
      throw new SettingsError(
        `${keys.accessToken.config} is set together with ${others.map((name) => keys[name].config).join(" and ")} ` +
          `(${[keys.accessToken.env, ...others.map((name) => keys[name].env)].join(", ")}): it is not clear which login to ` +
          `use. An access token is used alone: remove the others, or remove ${keys.accessToken.config} ` +
          `(${keys.accessToken.env}) to log in with them.`,
      );
    }
    return { kind: "access-token", accessToken };
  }
  if (username && password) return { kind: "password", username, password };
  if (username || password) {
    const absent: SettingName = username ? "password" : "username";
    throw new SettingsError(
      `OpenTalk ${absent} is not set: run "pulumi config set ${keys[absent].config}${absent === "password" ? " --secret" : ""} …" ` +
        `or set ${keys[absent].env} (or give an access token with ${keys.accessToken.config} / ${keys.accessToken.env}).`,
    );
  }
  if (clientSecret && clientId) return { kind: "client-credentials", clientId, clientSecret };
  if (clientSecret) {
    throw new SettingsError(
      `${keys.clientSecret.config} is set without ${keys.clientId.config}: a Keycloak service account logs in as its own ` +
        `client — set ${keys.clientId.config} (${keys.clientId.env}) to that client's id.`,
    );
  }
  throw new SettingsError(
    `OpenTalk username is not set, and no other login is configured. Log in with one of: a Keycloak service account ` +
      `(${keys.clientId.config} and ${keys.clientSecret.config} --secret, or ${keys.clientId.env} and ${keys.clientSecret.env}); ` +
      `a user (${keys.username.config} and ${keys.password.config} --secret, or ${keys.username.env} and ${keys.password.env}); ` +
      `or a ready access token (${keys.accessToken.config} / ${keys.accessToken.env}).`,
  );
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

function httpUrl(name: SettingName, value: string, allowInsecureHttp: boolean): string {
  const keys = SETTING_KEYS[name];
  let parsed: URL | undefined;
  try {
    parsed = new URL(value);
  } catch {
    parsed = undefined;
  }
  if (!parsed || (parsed.protocol !== "https:" && parsed.protocol !== "http:")) {
    throw new SettingsError(
      `${keys.config} / ${keys.env} must be an http(s) address such as https://opentalk.example.org, got "${withoutUserInfo(value)}".`,
    );
  }
  if (parsed.username || parsed.password) {
    // The address itself is not repeated: the part before the @ is a credential.
    registerSecret(parsed.password);
    try {
      registerSecret(decodeURIComponent(parsed.password));
    } catch {
      // Not percent-encoded validly (`p%zz`): the URL keeps it as written, which is registered above.
    }
    throw new SettingsError(
      `${keys.config} / ${keys.env} contains a user name or password (https://user:…@host), which would show wherever the ` +
        `address does (links, logs, the state). Give the plain address, and the login in ${SETTING_KEYS.username.config} / ${SETTING_KEYS.password.config}.`,
    );
  }
  if (parsed.protocol === "http:" && !allowInsecureHttp && !isLoopback(parsed.hostname)) {
    throw new SettingsError(
      `${keys.config} / ${keys.env} is ${parsed.origin}: plain http would send the password and the access tokens ` +
        `unencrypted over the network. Use https://, or, for a test server on a network you trust, set ` +
        `${SETTING_KEYS.allowInsecureHttp.config} to true (${SETTING_KEYS.allowInsecureHttp.env}=true). http to this ` +
        `machine (localhost, 127.0.0.1, ::1) is always allowed.`,
    );
  }
  parsed.hash = "";
  return parsed.href.replace(/\/+$/, "");
}

function origins(value: string | undefined, allowInsecureHttp: boolean): string[] {
  if (value === undefined) return [];
  return value
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry) => {
      const keys = SETTING_KEYS.trustedOrigins;
      const url = httpUrl("trustedOrigins", entry, allowInsecureHttp);
      const origin = new URL(url).origin;
      if (url !== origin) {
        throw new SettingsError(`${keys.config} / ${keys.env} takes origins (scheme, host and port, such as https://sso.example.org), got "${entry}".`);
      }
      return origin;
    });
}

function flag(name: SettingName, value: string | undefined): boolean {
  if (value === undefined) return false;
  if (/^(true|1|yes)$/i.test(value)) return true;
  if (/^(false|0|no)$/i.test(value)) return false;
  const keys = SETTING_KEYS[name];
  throw new SettingsError(`${keys.config} / ${keys.env} must be true or false, got "${value}".`);
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

/** An address as the user wrote it, without whatever stands before an @ in its authority (a login, maybe a password). */
function withoutUserInfo(value: string): string {
  return value.replace(/^([^/?#@]*?\/\/|)[^/?#]*@/, "$1…@");
}
