import type { Sandbox, SandboxServiceAccount } from "../sandbox";

/**
 * Keycloak service accounts for the client-credentials login (`serviceAccounts` of a sandbox): one set up as
 * OpenTalk needs it (e-mail, first and last name on its user), one as Keycloak creates it (no profile at all), one
 * with only an e-mail, and a confidential client whose "Service accounts roles" switch is off.
 */
export const SERVICE_ACCOUNTS = {
  provisioner: { clientId: "provisioner", clientSecret: "prov-Secret-4711", profile: { email: "provisioner@example.org", givenName: "Pro", familyName: "Visioner" } },
  bare: { clientId: "bare-robot", clientSecret: "bare-Secret-4712" },
  emailOnly: { clientId: "half-robot", clientSecret: "half-Secret-4713", profile: { email: "half-robot@example.org" } },
  disabled: { clientId: "no-accounts", clientSecret: "none-Secret-4714", serviceAccountsEnabled: false },
} satisfies Record<string, SandboxServiceAccount>;

export const ALL_SERVICE_ACCOUNTS: SandboxServiceAccount[] = Object.values(SERVICE_ACCOUNTS);

/** The settings of a service-account login: the address, the client and its secret, and nothing else. */
export function serviceAccountEnv(sandbox: Sandbox, account: SandboxServiceAccount, overrides: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { OPENTALK_URL: sandbox.url, OPENTALK_CLIENT_ID: account.clientId, OPENTALK_CLIENT_SECRET: account.clientSecret, ...overrides };
}
