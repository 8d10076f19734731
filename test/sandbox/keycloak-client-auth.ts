/**
 * Keycloak's client authentication for the token, introspection and logout endpoints: the client id
 * from HTTP Basic or the form, and for a confidential client its secret. Failure bodies and statuses
 * follow Keycloak's `AuthorizeClientUtil` (API-NOTES §2).
 */
import type { SandboxResponse } from "./http-server";
import { oauthError } from "./keycloak-responses";
import type { RealmClient } from "./realm-clients";

export type ClientAuthentication = { ok: true; client: RealmClient; clientId: string } | { ok: false; response: SandboxResponse };

export function authenticateClient(clients: readonly RealmClient[], authorization: string | undefined, form: URLSearchParams): ClientAuthentication {
  let clientId = form.get("client_id") ?? undefined;
  let secret = form.get("client_secret") ?? undefined;
  if (authorization?.toLowerCase().startsWith("basic ")) {
    const decoded = Buffer.from(authorization.slice(6).trim(), "base64").toString("utf8");
    const colon = decoded.indexOf(":");
    if (colon !== -1) {
      clientId = decodeURIComponent(decoded.slice(0, colon));
      secret = decodeURIComponent(decoded.slice(colon + 1));
    }
  }
  if (clientId === undefined || clientId === "") return { ok: false, response: oauthError(400, "invalid_client", "Missing client_id parameter") };
  const client = clients.find((c) => c.clientId === clientId);
  if (!client) return { ok: false, response: oauthError(401, "invalid_client", "Invalid client or Invalid client credentials") };
  if (client.secret !== undefined) {
    if (secret === undefined || secret === "") return { ok: false, response: oauthError(401, "unauthorized_client", "Client secret not provided in request") };
    if (secret !== client.secret) return { ok: false, response: oauthError(401, "unauthorized_client", "Invalid client or Invalid client credentials") };
  }
  return { ok: true, client, clientId };
}
