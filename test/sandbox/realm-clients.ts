/**
 * The realm's clients: the frontend client the sandbox always has (public unless `clientSecret` is set) and
 * the confidential service-account clients of `SandboxOptions.serviceAccounts`.
 */
import type { RealmSettings } from "./realm";
import type { SandboxServiceAccount } from "./types";

export interface RealmClient {
  clientId: string;
  /** `undefined`: a public client (no client authentication). */
  secret?: string;
  directAccessGrants: boolean;
  serviceAccountsEnabled: boolean;
}

/** Keycloak names a client's service-account user `service-account-<clientId>`, lower-cased. */
export function serviceAccountUsername(clientId: string): string {
  return `service-account-${clientId}`.toLowerCase();
}

export function realmClients(settings: RealmSettings, serviceAccounts: readonly SandboxServiceAccount[]): RealmClient[] {
  const frontend: RealmClient = { clientId: settings.clientId, secret: settings.clientSecret, directAccessGrants: settings.directAccessGrants, serviceAccountsEnabled: false };
  const others = serviceAccounts.map((sa): RealmClient => {
    if (sa.clientId === settings.clientId) throw new Error(`serviceAccounts: "${sa.clientId}" is the frontend client's id; give the service-account client its own.`);
    // A client made for a service account has no use for the password grant; Keycloak's switch stays off here.
    return { clientId: sa.clientId, secret: sa.clientSecret, directAccessGrants: false, serviceAccountsEnabled: sa.serviceAccountsEnabled ?? true };
  });
  return [frontend, ...others];
}
