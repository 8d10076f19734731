import assert from "node:assert/strict";
import { closeSharedClients, isLoginError, isSettingsError } from "../../provider/client";
import { getRoom, listRooms } from "../../provider";
import { runCli } from "../cli/run-cli";
import { PROFILES } from "../sandbox";
import { forEachRelease } from "../support/releases";
import { closeClients, newClient, rejection, sandboxEnv, useSandbox } from "../support/sandbox-fixture";
import { ALL_SERVICE_ACCOUNTS, SERVICE_ACCOUNTS, serviceAccountEnv } from "../support/service-accounts";

/**
 * The lookups take the same settings as the command line (issue #18) and fail with the same words: each refusal
 * here is compared with what `opentalk rooms list` prints for the same settings.
 */
describe("lookups: logging in", () => {
  // How the controller takes a service account (0.29's ID-token login, userinfo from 0.30 on) depends on the release.
  forEachRelease((release) => {
    const sandbox = useSandbox({ controllerVersion: release, serviceAccounts: ALL_SERVICE_ACCOUNTS });
    beforeEach(() => sandbox().reset());
    afterEach(async () => {
      await closeClients();
      await closeSharedClients();
    });

    it("log in as a Keycloak service account with OPENTALK_CLIENT_ID and OPENTALK_CLIENT_SECRET alone", async () => {
      const s = sandbox();
      const env = serviceAccountEnv(s, SERVICE_ACCOUNTS.provisioner);
      const owner = newClient(s, { OPENTALK_USERNAME: undefined, OPENTALK_PASSWORD: undefined, ...env });
      const made = await owner.createRoom({});
      s.store.createRoom(s.username, {});
      const rooms = await listRooms({ env });
      assert.deepEqual(rooms.map((room) => [room.roomId, room.ownerEmail]), [[made.id, "provisioner@example.org"]], "only the service account's rooms");
      assert.equal((await getRoom(made.id, { env })).ownerEmail, "provisioner@example.org");
    });

    it("fail with the command line's words when the service account's user lacks its email or names", async () => {
      const s = sandbox();
      for (const account of [SERVICE_ACCOUNTS.bare, SERVICE_ACCOUNTS.emailOnly]) {
        const env = serviceAccountEnv(s, account);
        const error = await rejection(listRooms({ env }));
        await closeSharedClients();
        const cli = await runCli(["rooms", "list"], env);
        assert.equal(cli.status, 1);
        assert.equal(`${error.message}\n`, cli.stderr);
      }
    });
  });

  // Keycloak's refusals and the settings check come before any release-dependent step: one release.
  describe(`on one release (OpenTalk ${PROFILES["0.35"].release}): refused logins and settings`, () => {
    const sandbox = useSandbox({ serviceAccounts: ALL_SERVICE_ACCOUNTS });
    afterEach(closeSharedClients);

    it("say what the command line says for a client without service accounts and for a wrong secret", async () => {
      const s = sandbox();
      for (const env of [serviceAccountEnv(s, SERVICE_ACCOUNTS.disabled), serviceAccountEnv(s, SERVICE_ACCOUNTS.provisioner, { OPENTALK_CLIENT_SECRET: "wrong-Secret-0815" })]) {
        const error = await rejection(listRooms({ env }));
        assert.ok(isLoginError(error), String(error));
        await closeSharedClients();
        assert.equal(`${error.message}\n`, (await runCli(["rooms", "list"], env)).stderr);
        assert.ok(!error.message.includes(env.OPENTALK_CLIENT_SECRET!), "the secret is not in the message");
      }
    });

    it("refuse an access token together with a password, as the command line does", async () => {
      const s = sandbox();
      const env = sandboxEnv(s, { OPENTALK_ACCESS_TOKEN: "not-even-a-Token-42" });
      s.clearRequests();
      const error = await rejection(listRooms({ env }));
      assert.ok(isSettingsError(error));
      assert.equal(`${error.message}\n`, (await runCli(["rooms", "list"], env)).stderr);
      assert.deepEqual(s.requests(), []);
    });
  });
});
