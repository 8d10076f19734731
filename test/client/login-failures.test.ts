import assert from "node:assert/strict";
import { isLoginError, type OpenTalkError } from "../../provider/client";
import { DEFAULT_USERS } from "../sandbox";
import { closeClients, newClient, recordingLogger, rejection, useSandbox } from "../support/sandbox-fixture";

/**
 * Each Keycloak refusal of API-NOTES §2, met for real against the sandbox's Keycloak, must give a message that
 * quotes Keycloak and says what to change — and never shows a credential. Every message and log line of these
 * tests is collected and scanned at the end.
 */
describe("OpenTalkClient: login failures", () => {
  const seen: string[] = [];
  const logger = recordingLogger();
  afterEach(closeClients);

  const failure = async (promise: Promise<unknown>): Promise<OpenTalkError> => {
    const error = await rejection(promise);
    seen.push(error.message, String(error.stack));
    return error as OpenTalkError;
  };

  describe("with the defaults (Keycloak ≤ 26.5)", () => {
    const sandbox = useSandbox();

    it("explains a wrong password (401) and names the settings", async () => {
      const error = await failure(newClient(sandbox(), { OPENTALK_PASSWORD: "wrong-password-9" }, logger).currentUser());
      assert.ok(isLoginError(error));
      assert.match(error.message, /^OpenTalk login failed for bot@example\.org: Keycloak says "Invalid user credentials"/);
      assert.match(error.message, /opentalk:username and opentalk:password/);
    });

    it("explains an unknown client", async () => {
      const error = await failure(newClient(sandbox(), { OPENTALK_CLIENT_ID: "Nope" }, logger).currentUser());
      assert.match(error.message, /Invalid client or Invalid client credentials/);
      assert.match(error.message, /check opentalk:clientId \(now "Nope"\)/);
    });

    it("explains an unknown realm", async () => {
      const s = sandbox();
      const wrongRealm = s.oidcUrl.replace(/\/realms\/.*$/, "/realms/nope");
      const error = await failure(newClient(s, { OPENTALK_OIDC_URL: wrongRealm }, logger).currentUser());
      assert.ok(isLoginError(error));
      assert.match(error.message, /Realm does not exist/);
      assert.match(error.message, /check opentalk:oidcUrl/);
    });
  });

  describe("Keycloak 26.6+ (400 for bad credentials)", () => {
    const sandbox = useSandbox({ wrongPasswordStatus: 400 });

    it("gives the same explanation as for 401", async () => {
      const error = await failure(newClient(sandbox(), { OPENTALK_PASSWORD: "wrong-password-9" }, logger).currentUser());
      assert.ok(isLoginError(error));
      assert.equal((error as unknown as { status: number }).status, 400);
      assert.match(error.message, /Invalid user credentials" — check opentalk:username and opentalk:password/);
    });
  });

  describe("a client without Direct access grants", () => {
    const sandbox = useSandbox({ directAccessGrants: false });

    it("names the Keycloak switch, the client and the realm", async () => {
      const error = await failure(newClient(sandbox(), {}, logger).currentUser());
      assert.equal(
        error.message,
        'OpenTalk login failed for bot@example.org: Keycloak says "Client not allowed for direct access grants" — ' +
          'enable "Direct access grants" for client "Frontend" in the realm "opentalk" (Keycloak admin console → ' +
          "Clients → Frontend → Settings → Capability config), or configure opentalk:accessToken instead",
      );
    });
  });

  describe("a confidential client", () => {
    const sandbox = useSandbox({ clientSecret: "client-secret-77" });

    it("asks for the client secret when none is configured", async () => {
      const error = await failure(newClient(sandbox(), {}, logger).currentUser());
      assert.match(error.message, /set opentalk:clientSecret/);
    });

    it("explains a wrong client secret", async () => {
      const error = await failure(newClient(sandbox(), { OPENTALK_CLIENT_SECRET: "wrong-secret-77" }, logger).currentUser());
      assert.match(error.message, /Invalid client or Invalid client credentials/);
    });

    it("logs in with the right one", async () => {
      const me = await newClient(sandbox(), { OPENTALK_CLIENT_SECRET: "client-secret-77" }, logger).currentUser();
      assert.equal(me.email, "bot@example.org");
    });
  });

  describe("a disabled user", () => {
    const sandbox = useSandbox({ users: [...DEFAULT_USERS, { username: "gone@example.org", password: "gone-password-1", email: "gone@example.org", givenName: "G", familyName: "One", enabled: false }] });

    it("says to enable the account", async () => {
      const error = await failure(newClient(sandbox(), { OPENTALK_USERNAME: "gone@example.org", OPENTALK_PASSWORD: "gone-password-1" }, logger).currentUser());
      assert.match(error.message, /Account disabled" — enable the user/);
    });
  });

  describe("afterwards", () => {
    it("never shows a password, client secret or token in any of these messages or log lines", () => {
    assert.ok(seen.length >= 14, "the failures above were collected");
    const text = [...seen, ...logger.lines].join("\n");
    for (const secret of ["wrong-password-9", "bot-password-123", "client-secret-77", "wrong-secret-77", "gone-password-1"]) {
      assert.ok(!text.includes(secret), `"${secret}" leaked`);
    }
    assert.doesNotMatch(text, /eyJ[A-Za-z0-9_-]{8,}\./, "no JWT");
    });
  });
});
