import { LoginError } from "./errors";
import type { HttpResponse } from "./http-transport";
import { parseJson } from "./responses";
import { KeycloakErrorBody } from "./schemas";

export interface LoginContext {
  /** Who logs in, as the message names them: a username, or `the service account of client "x"`. */
  username?: string;
  /** A client-credentials login (Keycloak service account): other advice for client errors. */
  serviceAccount?: boolean;
  clientId: string;
  /** The realm issuer, e.g. https://kc.example/realms/opentalk */
  issuer: string;
}

/**
 * Turn a failed Keycloak token response into a LoginError whose hint names the Keycloak setting or the
 * pulumi-opentalk setting to change. Keycloak answers a wrong password with 401 up to 26.5 and 400 from 26.6
 * (keycloak/keycloak#45812), so the decision is made on `error`/`error_description`, never on the status alone.
 */
export function loginErrorFrom(response: HttpResponse, context: LoginContext): LoginError {
  const body = KeycloakErrorBody.safeParse(parseJson(response.text));
  const error = body.success ? body.data.error : undefined;
  const description = body.success ? body.data.error_description : response.text.trim().slice(0, 200) || undefined;
  return new LoginError({
    username: context.username,
    status: response.status,
    error,
    description,
    hint: keycloakHint(response.status, error, description ?? "", context),
  });
}

export function keycloakHint(status: number, error: string | undefined, description: string, context: LoginContext): string {
  const client = `client "${context.clientId}"`;
  const realm = `realm "${realmName(context.issuer)}"`;
  if (error === "invalid_grant" && /invalid user credentials/i.test(description)) {
    return "check opentalk:username and opentalk:password (OPENTALK_USERNAME / OPENTALK_PASSWORD); the user must exist in the " + realm;
  }
  if (/not enabled to retrieve service account/i.test(description)) {
    return `${client} has no service account: in Keycloak open Clients → ${context.clientId} → Settings → Capability config and switch on "Client authentication" and "Service accounts roles"`;
  }
  if (/public client not allowed to retrieve service account/i.test(description)) {
    return `${client} is a public client, which cannot have a service account: switch on "Client authentication" for it (Clients → ${context.clientId} → Settings → Capability config), or use a confidential client of your own`;
  }
  if (context.serviceAccount && (error === "invalid_client" || error === "unauthorized_client")) {
    return `check opentalk:clientId (now "${context.clientId}") and opentalk:clientSecret (OPENTALK_CLIENT_ID / OPENTALK_CLIENT_SECRET): the secret is on the client's Credentials tab in Keycloak`;
  }
  if (/direct access grants/i.test(description)) {
    return `enable "Direct access grants" for ${client} in the ${realm} (Keycloak admin console → Clients → ${context.clientId} → Settings → Capability config), or configure opentalk:accessToken instead`;
  }
  if (/account disabled/i.test(description)) return `enable the user in the ${realm} (Keycloak admin console → Users)`;
  if (/not fully set up/i.test(description)) {
    return `the user has pending required actions (update password, verify email, …): remove them in the ${realm} (Keycloak admin console → Users → Required user actions) or log in once in a browser`;
  }
  if (/client secret not provided/i.test(description)) {
    return `${client} is confidential: set opentalk:clientSecret (OPENTALK_CLIENT_SECRET)`;
  }
  if (error === "invalid_client" || error === "unauthorized_client") {
    return `check opentalk:clientId (now "${context.clientId}") and, for a confidential client, opentalk:clientSecret`;
  }
  if (error === "invalid_scope") {
    return `the ${realm} lacks a client scope this package asks for ("openid profile email"): assign them to ${client}`;
  }
  if (/realm does not exist/i.test(error ?? description) || status === 404) {
    return `check opentalk:oidcUrl (now ${context.issuer}); with older Keycloak the realm path starts with /auth`;
  }
  if (/https required/i.test(description)) return "this realm requires HTTPS: use an https:// address for Keycloak";
  if (/realm not enabled/i.test(description)) return `enable the ${realm} in Keycloak`;
  return `check the Keycloak settings for ${client} in the ${realm}`;
}

function realmName(issuer: string): string {
  return /\/realms\/([^/]+)/.exec(issuer)?.[1] ?? issuer;
}
