/**
 * Shared helpers for the sandbox's own tests: a sandbox per `describe`, token grants, and a raw HTTP
 * call that keeps status, headers and text. Deliberately plain `fetch`: these tests check the sandbox
 * on the wire, independent of the project's client (which is tested against the sandbox).
 */
import type { Sandbox } from "./index";

export interface WireResponse {
  status: number;
  headers: Headers;
  text: string;
  /** Parsed `text`, or undefined when it is not JSON. */
  json: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- tests index freely into wire bodies
}

/** One sandbox per `describe` (the project's shared fixture); read `.sandbox` inside tests. */
export { useSandbox } from "../support/sandbox-fixture";

export async function call(url: string, init: RequestInit = {}): Promise<WireResponse> {
  const response = await fetch(url, { redirect: "manual", ...init });
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json };
}

export function tokenRequest(sandbox: Sandbox, form: Record<string, string> | URLSearchParams, headers: Record<string, string> = {}): Promise<WireResponse> {
  return call(`${sandbox.oidcUrl}/protocol/openid-connect/token`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", ...headers },
    body: form instanceof URLSearchParams ? form : new URLSearchParams(form),
  });
}

export interface Tokens {
  access_token: string;
  refresh_token: string;
  id_token?: string;
}

/** A password grant with `openid profile email`, as the project's client makes it; fails the test unless 200. */
export async function grant(sandbox: Sandbox, username = sandbox.username, password?: string): Promise<Tokens> {
  const defaultPasswords: Record<string, string> = { "alice@example.org": "alice-password-123", nomail: "nomail-password-123" };
  const response = await tokenRequest(sandbox, {
    grant_type: "password",
    client_id: sandbox.clientId,
    username,
    password: password ?? (username === sandbox.username ? sandbox.password : defaultPasswords[username]),
    scope: "openid profile email",
  });
  if (response.status !== 200) throw new Error(`password grant for ${username} failed: ${response.status} ${response.text}`);
  return response.json as Tokens;
}

/** 0.29: the `POST /v1/auth/login` every user needs before any Bearer call; fails the test unless 200. */
export async function login(sandbox: Sandbox, tokens: Tokens): Promise<void> {
  const response = await api(sandbox, undefined, "POST", "/v1/auth/login", { id_token: tokens.id_token });
  if (response.status !== 200) throw new Error(`controller login failed: ${response.status} ${response.text}`);
}

/** A password grant, plus the 0.29 login where the release needs it: an access token ready for Bearer calls. */
export async function userToken(sandbox: Sandbox, username = sandbox.username): Promise<string> {
  const tokens = await grant(sandbox, username);
  if (sandbox.profile.authentication === "login") await login(sandbox, tokens);
  return tokens.access_token;
}

/** Asserts an answer without body and Content-Type, as the controller's authorization layer gives them. */
export function assertEmpty(response: WireResponse, status: number, what = ""): void {
  if (response.status !== status) throw new Error(`${what} expected an empty ${status}, got ${response.status} ${response.text}`);
  if (response.text !== "" || response.headers.has("content-type")) throw new Error(`${what} expected no body and no Content-Type, got ${response.headers.get("content-type")} ${response.text}`);
}

/** Calls the controller as the holder of `accessToken`; `body` objects are sent as JSON. */
export function api(sandbox: Sandbox, accessToken: string | undefined, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<WireResponse> {
  const allHeaders: Record<string, string> = { ...headers };
  if (accessToken !== undefined) allHeaders.Authorization = `Bearer ${accessToken}`;
  let payload: string | undefined;
  if (body !== undefined) {
    payload = typeof body === "string" ? body : JSON.stringify(body);
    allHeaders["Content-Type"] ??= "application/json";
  }
  return call(`${sandbox.controllerUrl}${path}`, { method, headers: allHeaders, body: payload });
}
