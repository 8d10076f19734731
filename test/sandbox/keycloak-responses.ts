/** Keycloak's JSON answers: OAuth errors `{error, error_description}`, never cacheable. */
import { jsonResponse, SandboxResponse } from "./http-server";

const NO_STORE = { "Cache-Control": "no-store", Pragma: "no-cache" };

export function oauthError(status: number, error: string, description?: string, headers: Record<string, string> = {}): SandboxResponse {
  const body = description === undefined ? { error } : { error, error_description: description };
  return jsonResponse(status, body, { ...NO_STORE, ...headers });
}

export function noStoreJson(status: number, body: unknown): SandboxResponse {
  return jsonResponse(status, body, NO_STORE);
}

export function readForm(body: Buffer): URLSearchParams {
  return new URLSearchParams(body.toString("utf8"));
}
