import { OpenTalkClient, resolveSettings, type Logger, type Settings } from "../../provider/client";
import { startSandbox, type RequestLogEntry, type Sandbox, type SandboxOptions } from "../sandbox";
import { api, grant, login, userToken } from "../sandbox/sandbox-fixture";

/**
 * One sandbox per `describe`, started on free ports before its tests and closed after them:
 *   const sandbox = useSandbox({ controllerVersion: "0.29" });
 *   it("…", async () => { sandbox().store.rooms() … });      // or sandbox.sandbox, as the sandbox's own tests do
 */
export function useSandbox(options: SandboxOptions = {}): (() => Sandbox) & { readonly sandbox: Sandbox } {
  let sandbox: Sandbox | undefined;
  before(async () => {
    sandbox = await startSandbox(options);
  });
  after(async () => {
    await sandbox?.close();
  });
  const current = (): Sandbox => {
    if (!sandbox) throw new Error("the sandbox is not started yet (use it inside a test or hook)");
    return sandbox;
  };
  return Object.defineProperty(current, "sandbox", { get: current }) as (() => Sandbox) & { readonly sandbox: Sandbox };
}

/**
 * A sandbox per `describe` (useSandbox), emptied before each test, with a fresh client of its user for each test,
 * closed after it: `const { sandbox, client } = useSandboxWithClient({ controllerVersion: release })`.
 */
export function useSandboxWithClient(options: SandboxOptions = {}): { sandbox: ReturnType<typeof useSandbox>; client: () => OpenTalkClient } {
  const sandbox = useSandbox(options);
  let client: OpenTalkClient | undefined;
  beforeEach(() => {
    sandbox().reset();
    client = newClient(sandbox());
  });
  afterEach(closeClients);
  return {
    sandbox,
    client: () => {
      if (!client) throw new Error("the client is made before each test (use it inside a test)");
      return client;
    },
  };
}

/** The settings a user who knows only the web address, a username and a password would give, as an env map. */
export function sandboxEnv(sandbox: Sandbox, overrides: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    OPENTALK_URL: sandbox.url,
    OPENTALK_USERNAME: sandbox.username,
    OPENTALK_PASSWORD: sandbox.password,
    ...(namesNoLoginClient(sandbox) ? { OPENTALK_CLIENT_ID: sandbox.clientId } : {}),
  };
  for (const [key, value] of Object.entries(overrides)) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
  return env;
}

/**
 * OpenTalk 0.29 names no Keycloak client in `GET /v1/auth/login` ("default"), so its users must configure it, as a
 * user of a real 0.29 would (test/client/connect.test.ts checks the message without it).
 */
export function namesNoLoginClient(sandbox: Sandbox): boolean {
  return sandbox.profile.loginProviderName === "default";
}

export function sandboxSettings(sandbox: Sandbox, overrides: Record<string, string | undefined> = {}): Settings {
  return resolveSettings(undefined, sandboxEnv(sandbox, overrides));
}

/** A fresh client (its own login), closed by `closeClients()` in an afterEach. */
const openClients: OpenTalkClient[] = [];
export function newClient(sandbox: Sandbox, overrides: Record<string, string | undefined> = {}, logger?: Logger): OpenTalkClient {
  const client = new OpenTalkClient(sandboxSettings(sandbox, overrides), { logger });
  openClients.push(client);
  return client;
}

export async function closeClients(): Promise<void> {
  await Promise.all(openClients.splice(0).map((client) => client.close()));
}

/** A logger that keeps every line, for assertions and secret scans. */
export function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  return { lines, debug: (m) => lines.push(m), warn: (m) => lines.push(m) };
}

/** Requests of one kind in the sandbox log, e.g. token grants. */
export function tokenRequests(sandbox: Sandbox): number {
  return sandbox.requests({ service: "keycloak", method: "POST" }).filter((r) => r.path.endsWith("/token")).length;
}

/** Requests for invite codes (`/v1/rooms/{id}/invites…`, `/v1/invite/verify`): OpenTalk 0.35 has none to ask for. */
export function inviteRequests(sandbox: Sandbox): RequestLogEntry[] {
  return sandbox.requests({ service: "controller" }).filter((r) => /\/invites?\b/.test(r.path));
}

/** A sandbox user by username (bot, alice: their passwords are known), or with the password for other users. */
export type SandboxLogin = string | { username: string; password: string };

/**
 * `owner` invites `invitee` to the meeting `eventId` the way the web app does it, through the controller's
 * `POST /v1/events/{id}/invites` (by user id); fails the test unless the controller answers 201 Created.
 */
export async function inviteToMeeting(sandbox: Sandbox, eventId: string, invitee: SandboxLogin = sandbox.username, owner: SandboxLogin = "alice@example.org"): Promise<void> {
  const inviteeId = (await api(sandbox, await accessToken(sandbox, invitee), "GET", "/v1/users/me")).json.id;
  const invited = await api(sandbox, await accessToken(sandbox, owner), "POST", `/v1/events/${eventId}/invites?suppress_email_notification=true`, { invitee: inviteeId });
  if (invited.status !== 201) throw new Error(`inviting ${JSON.stringify(invitee)} to meeting ${eventId} failed: ${invited.status} ${invited.text}`);
}

async function accessToken(sandbox: Sandbox, who: SandboxLogin): Promise<string> {
  if (typeof who === "string") return userToken(sandbox, who);
  const tokens = await grant(sandbox, who.username, who.password);
  if (sandbox.profile.authentication === "login") await login(sandbox, tokens);
  return tokens.access_token;
}

/** Resolve the rejection of a promise that must fail, or fail the test. */
export async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected the call to fail, but it succeeded");
}
