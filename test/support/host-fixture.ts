// Shared set-up for tests that run pulumi-opentalk the way a user's stack does: the built package installed in a
// program directory's node_modules, its shims serialized as pulumi.dynamic.Resource serializes them, and the
// real dynamic-provider host (or the host's loader) running them against the sandbox.
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { SECRET_OUTPUTS } from "../../provider/resources/secret-outputs";
import { SETTING_KEYS } from "../../provider/client/settings";
import { startDynamicHost, type ConfigValue, type DynamicHost, type PropertyMap } from "../harness/dynamic-host";
import type { ResourceGoal } from "../harness/engine";
import { prepareInstalledPackage, type InstalledPackageFixture, type PrepareInstalledPackageOptions } from "../harness/fixture";
import { sdkRequire } from "../harness/sdk-modules";
import { wrapSecret } from "../harness/wire-values";
import type { Sandbox } from "../sandbox";
import { namesNoLoginClient } from "./sandbox-fixture";

export const PROJECT = "opentalk-tests";

/** The providers as the installed package exports them: each shim module's whole `module.exports`. */
export interface InstalledShims {
  room: object;
  invite: object;
  meeting: object;
}

export interface InstalledPackage extends InstalledPackageFixture {
  shims: InstalledShims;
  /** Closes the HTTP clients that code loaded from this copy of the package shares within this process. */
  closeSharedClients(): Promise<void>;
}

/**
 * Copies the built package into `test/.fixture/<name>/node_modules/pulumi-opentalk` and loads its shims from there
 * with a plain `require`, which is what makes the closure serializer see them under node_modules.
 */
export function installPackage(name: string, options: PrepareInstalledPackageOptions = {}): InstalledPackage {
  const fixture = prepareInstalledPackage(name, options);
  const fromPackage = (relativePath: string) => path.join(fixture.packageDir, relativePath);
  return {
    ...fixture,
    shims: {
      room: require(fromPackage("dist/shims/room.js")),
      invite: require(fromPackage("dist/shims/invite.js")),
      meeting: require(fromPackage("dist/shims/meeting.js")),
    },
    closeSharedClients: () => require(fromPackage("dist/client/client-cache.js")).closeSharedClients(),
  };
}

/** The stack config a user sets: `opentalk:url`, `opentalk:username` and the password as a secret. */
export function stackConfig(sandbox: Sandbox, user: { username: string; password: string } = sandbox): Record<string, ConfigValue> {
  return {
    [SETTING_KEYS.url.config]: sandbox.url,
    [SETTING_KEYS.username.config]: user.username,
    [SETTING_KEYS.password.config]: { secret: user.password },
    ...(namesNoLoginClient(sandbox) ? { [SETTING_KEYS.clientId.config]: sandbox.clientId } : {}),
  };
}

/**
 * The host inherits this process's environment, as it inherits the CLI's; blank OPENTALK_* variables make sure only
 * the stack config can configure it (blank values count as unset).
 */
export const HOST_ENV_WITHOUT_OPENTALK: Record<string, string> = Object.fromEntries(
  Object.values(SETTING_KEYS).map((keys) => [keys.env, ""]),
);

export function startHostIn(cwd: string): Promise<DynamicHost> {
  return startDynamicHost({ cwd, project: PROJECT, env: HOST_ENV_WITHOUT_OPENTALK });
}

/**
 * What `new OpenTalkRoom(name, props)` registers: the room shim, the type token `pulumi-nodejs:dynamic/opentalk:Room`,
 * the password as a secret input (the class wraps it in pulumi.secret) and the class's additional secret outputs.
 */
/**
 * The host's log text (stderr from line `fromStderrLine` on, and stdout) once it matches `pattern`, or as it is after
 * `timeoutMs`. The provider logs to the host's stderr, a pipe read on its own schedule: a line written before an
 * operation answered may arrive after the answer.
 */
export async function hostLogsMatching(host: DynamicHost, pattern: RegExp, fromStderrLine = 0, timeoutMs = 5_000): Promise<string> {
  const text = () => [...host.logs().stderr.slice(fromStderrLine), ...host.logs().stdout].join("\n");
  const deadline = Date.now() + timeoutMs;
  while (!pattern.test(text()) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
  return text();
}

export function roomGoal(shims: InstalledShims, name: string, props: PropertyMap = {}): ResourceGoal {
  const { password, ...rest } = props;
  return {
    name,
    provider: shims.room,
    props: password === undefined ? rest : { ...rest, password: wrapSecret(password) },
    module: "opentalk",
    type: "Room",
    additionalSecretOutputs: [...SECRET_OUTPUTS.room],
  };
}

/** What `new OpenTalkInvite(name, props)` registers. */
export function meetingGoal(shims: InstalledShims, name: string, props: PropertyMap): ResourceGoal {
  const { password, ...rest } = props;
  return {
    name,
    provider: shims.meeting,
    props: password === undefined ? rest : { ...rest, password: wrapSecret(password) },
    module: "opentalk",
    type: "Meeting",
    additionalSecretOutputs: [...SECRET_OUTPUTS.meeting],
  };
}

export function inviteGoal(shims: InstalledShims, name: string, props: PropertyMap): ResourceGoal {
  return {
    name,
    provider: shims.invite,
    props,
    module: "opentalk",
    type: "Invite",
    additionalSecretOutputs: [...SECRET_OUTPUTS.invite],
  };
}

const requireFromString = sdkRequire("require-from-string") as (code: string, filename?: string) => { handler(): unknown };
const { Config: HostConfig } = sdkRequire("./cmd/dynamic-provider/config") as {
  Config: new (rawConfig: Record<string, string>, projectName: string) => pulumi.dynamic.Config;
};

/**
 * Loads a `__provider` text the way the host does (require-from-string, then `handler()`), resolving modules from
 * `programDir` as the host resolves them from its cwd, and configures it with the host's own Config class.
 */
export async function loadSerializedProvider(
  text: string,
  programDir: string,
  config: Record<string, ConfigValue>,
): Promise<pulumi.dynamic.ResourceProvider> {
  const provider = requireFromString(text, path.join(programDir, "__provider.js")).handler() as pulumi.dynamic.ResourceProvider;
  const raw = Object.fromEntries(Object.entries(config).map(([key, value]) => [key, typeof value === "string" ? value : value.secret]));
  await provider.configure?.({ config: new HostConfig(raw, PROJECT) });
  return provider;
}

/** The secret values (longer than 3 characters) that occur in a text, for "no credential leaked" assertions. */
export function leakedSecrets(text: string, secrets: Iterable<string | null | undefined>): string[] {
  return [...secrets].filter((secret): secret is string => typeof secret === "string" && secret.length > 3 && text.includes(secret));
}

/** The invite code in a guest link `{url}/room/{roomId}?invite={code}`. */
export function inviteCodeOf(guestLink: string): string {
  const code = new URL(guestLink).searchParams.get("invite");
  if (!code) throw new Error(`no ?invite= in the guest link ${guestLink}`);
  return code;
}

/** `POST {controller}/v1/invite/verify` as a guest's browser sends it (no login): the HTTP status. */
export async function verifyInvite(sandbox: Sandbox, inviteCode: string): Promise<number> {
  const response = await fetch(`${sandbox.controllerUrl}/v1/invite/verify`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ invite_code: inviteCode }),
  });
  await response.arrayBuffer();
  return response.status;
}
