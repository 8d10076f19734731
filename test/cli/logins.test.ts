import assert from "node:assert/strict";
import { PROFILES, type Sandbox } from "../sandbox";
import { forEachRelease } from "../support/releases";
import { sandboxEnv, useSandbox } from "../support/sandbox-fixture";
import { ALL_SERVICE_ACCOUNTS, SERVICE_ACCOUNTS, serviceAccountEnv } from "../support/service-accounts";
import { json, noSecretsIn, opentalk, runCli, type CliRun } from "./run-cli";

/**
 * Every secret these tests hand out. run-cli.ts checks each run for the secrets it was given, and for tokens; here each
 * run is also checked for all the others.
 */
const KNOWN_SECRETS = [...ALL_SERVICE_ACCOUNTS.map((account) => account.clientSecret), "wrong-Secret-0815", "not-even-a-Token-42", "bot-password-123"];

async function checked(running: Promise<CliRun>): Promise<CliRun> {
  const run = await running;
  noSecretsIn(run, KNOWN_SECRETS);
  return run;
}

/**
 * What a user signed in to the web app holds: an access token from the password grant. OpenTalk 0.29 knows a user
 * only after the web app's `POST /v1/auth/login` with the ID token, which it sends at sign-in; the command line,
 * given a bare access token, cannot make that call itself.
 */
async function webAppAccessToken(s: Sandbox): Promise<string> {
  const response = await fetch(`${s.oidcUrl}/protocol/openid-connect/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ grant_type: "password", client_id: s.clientId, username: s.username, password: s.password, scope: "openid profile email" }),
  });
  const tokens = (await response.json()) as { access_token: string; id_token: string };
  if (s.profile.authentication === "login") {
    const login = await fetch(`${s.controllerUrl}/v1/auth/login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ id_token: tokens.id_token }) });
    assert.equal(login.status, 200);
  }
  return tokens.access_token;
}

describe("opentalk: logging in", () => {
  // How the controller takes a login (0.29's ID-token login, userinfo from 0.30 on) depends on the release.
  forEachRelease((release) => {
    const profile = PROFILES[release];
    const sandbox = useSandbox({ controllerVersion: release, serviceAccounts: ALL_SERVICE_ACCOUNTS });
    beforeEach(() => sandbox().reset());

    it("logs in as a Keycloak service account with OPENTALK_CLIENT_ID and OPENTALK_CLIENT_SECRET alone", async () => {
      const s = sandbox();
      const env = serviceAccountEnv(s, SERVICE_ACCOUNTS.provisioner);
      const created = json<Record<string, unknown>>(await checked(runCli(["meetings", "create", "--title", "Provisioned"], env)));
      assert.equal(created.ownerEmail, "provisioner@example.org", "the meeting belongs to the service account's user");
      const rooms = json<Record<string, unknown>[]>(await checked(runCli(["rooms", "list"], env)));
      assert.deepEqual(rooms.map((room) => [room.roomId, room.ownerEmail]), [[created.roomId, "provisioner@example.org"]]);
      assert.equal(s.requests({ service: "keycloak", method: "POST" }).filter((r) => r.path.endsWith("/token")).length, 2, "one grant per run");
    });

    if (profile.authentication === "login") {
      // 0.29 checks the ID token of its login (and then every access token) for email and both names, without saying
      // which one is missing: the client says where to set all three.
      it("fails when the service account's user lacks an email, a first or a last name, saying where to set them (0.29)", async () => {
        const s = sandbox();
        for (const [account, client] of [[SERVICE_ACCOUNTS.bare, "bare-robot"], [SERVICE_ACCOUNTS.emailOnly, "half-robot"]] as const) {
          const run = await checked(runCli(["rooms", "list"], serviceAccountEnv(s, account)));
          assert.equal(run.status, 1);
          assert.equal(run.stdout, "");
          assert.equal(
            run.stderr,
            "OpenTalk controller answered 400 to POST /v1/auth/login (invalid_claims: some required attributes are missing or malformed) — " +
              `the service account of client "${client}" has no email, first name or last name: OpenTalk requires an email, a first name and a last name — ` +
              `set them on service-account-${client} in Keycloak: Clients → ${client} → Service account roles → the user link (service-account-${client}) → Details\n`,
          );
        }
      });
    } else {
      it("says which of email, first and last name the service account's user lacks, and where to set it in Keycloak", async () => {
        const s = sandbox();
        const bare = await checked(runCli(["rooms", "list"], serviceAccountEnv(s, SERVICE_ACCOUNTS.bare)));
        assert.equal(bare.status, 1);
        assert.equal(bare.stdout, "");
        assert.equal(
          bare.stderr,
          "OpenTalk controller answered 400 to GET /v1/rooms (bad_request: userinfo claims are missing mandatory 'email' field) — " +
            'the service account of client "bare-robot" has no email: OpenTalk requires an email, a first name and a last name — ' +
            "set them on service-account-bare-robot in Keycloak: Clients → bare-robot → Service account roles → the user link " +
            "(service-account-bare-robot) → Details\n",
        );
        const emailOnly = await checked(runCli(["rooms", "list"], serviceAccountEnv(s, SERVICE_ACCOUNTS.emailOnly)));
        assert.equal(emailOnly.status, 1);
        assert.match(emailOnly.stderr, /\(bad_request: userinfo claims are missing mandatory 'given_name' field\) — the service account of client "half-robot" has no first name: /);
        assert.deepEqual(s.store.rooms(), []);
      });
    }

    it("works with an access token instead of a password, and says when the controller rejects it", async () => {
      const s = sandbox();
      const token = await webAppAccessToken(s);
      const env = sandboxEnv(s, { OPENTALK_USERNAME: undefined, OPENTALK_PASSWORD: undefined, OPENTALK_ACCESS_TOKEN: token });
      const accepted = await checked(runCli(["rooms", "list"], env));
      assert.equal(accepted.status, 0, accepted.stderr);
      const rejected = await checked(runCli(["rooms", "list"], { ...env, OPENTALK_ACCESS_TOKEN: `${token}x` }));
      assert.equal(rejected.status, 1);
      if (profile.inactiveTokenStatus === 500) {
        // 0.30 answers every token introspection calls inactive with its own 500 (fixed in 0.31).
        assert.match(rejected.stderr, /^OpenTalk controller answered 500 to GET \/v1\/rooms \(internal_server_error: An internal server error occurred\) — if every call fails like this, the configured opentalk:accessToken \(OPENTALK_ACCESS_TOKEN\) was probably rejected — OpenTalk 0\.30 answers an expired or revoked token with this 500/);
      } else {
        assert.match(rejected.stderr, / — the configured opentalk:accessToken \(OPENTALK_ACCESS_TOKEN\) was rejected — expired or revoked: give a fresh one, or configure a login \(a service account, or a username and password\) so tokens are renewed\n$/);
      }
    });
  });

  // Keycloak's refusals and the settings check come before any release-dependent step: one release, through the built
  // command line.
  describe(`on one release (OpenTalk ${PROFILES["0.35"].release}): refused logins and settings`, () => {
    const sandbox = useSandbox({ serviceAccounts: ALL_SERVICE_ACCOUNTS });

    it("says to switch on service accounts for a client that has none", async () => {
      const run = await checked(opentalk(["rooms", "list"], serviceAccountEnv(sandbox(), SERVICE_ACCOUNTS.disabled)));
      assert.equal(run.status, 1);
      assert.equal(run.stdout, "");
      assert.equal(
        run.stderr,
        'OpenTalk login failed for the service account of client "no-accounts": Keycloak says "Client not enabled to retrieve service account" — ' +
          'client "no-accounts" has no service account: in Keycloak open Clients → no-accounts → Settings → Capability config and switch on ' +
          '"Client authentication" and "Service accounts roles"\n',
      );
    });

    it("says to check the client id and secret when Keycloak refuses the secret", async () => {
      const run = await checked(opentalk(["rooms", "list"], serviceAccountEnv(sandbox(), SERVICE_ACCOUNTS.provisioner, { OPENTALK_CLIENT_SECRET: "wrong-Secret-0815" })));
      assert.equal(run.status, 1);
      assert.equal(
        run.stderr,
        'OpenTalk login failed for the service account of client "provisioner": Keycloak says "Invalid client or Invalid client credentials" — ' +
          'check opentalk:clientId (now "provisioner") and opentalk:clientSecret (OPENTALK_CLIENT_ID / OPENTALK_CLIENT_SECRET): the secret is ' +
          "on the client's Credentials tab in Keycloak\n",
      );
    });

    it("refuses an access token together with a password before sending anything, and says which login to keep", async () => {
      const s = sandbox();
      s.clearRequests();
      const run = await checked(opentalk(["rooms", "list"], sandboxEnv(s, { OPENTALK_ACCESS_TOKEN: "not-even-a-Token-42" })));
      assert.equal(run.status, 1);
      assert.equal(run.stdout, "");
      assert.equal(
        run.stderr,
        "opentalk:accessToken is set together with opentalk:username and opentalk:password (OPENTALK_ACCESS_TOKEN, OPENTALK_USERNAME, OPENTALK_PASSWORD): it is not clear which login to use. " +
          "An access token is used alone: remove the others, or remove opentalk:accessToken (OPENTALK_ACCESS_TOKEN) to log in with them.\n",
      );
      assert.deepEqual(s.requests(), [], "nothing was sent anywhere");
    });
  });
});
