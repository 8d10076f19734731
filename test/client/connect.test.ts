import assert from "node:assert/strict";
import { isLoginError } from "../../provider/client";
import { DEFAULT_USERS } from "../sandbox";
import { closeClients, newClient, rejection, useSandbox } from "../support/sandbox-fixture";

describe("OpenTalkClient: connecting", () => {
  afterEach(closeClients);

  describe("with only the web address, a username and a password", () => {
    const sandbox = useSandbox();

    it("discovers the controller, the realm and the client, logs in and calls the API", async () => {
      const me = await newClient(sandbox()).currentUser();
      assert.equal(me.email, "bot@example.org");
      const paths = sandbox().requests().map((r) => `${r.service} ${r.method} ${r.path.split("?")[0]}`);
      assert.deepEqual(paths.slice(0, 4), [
        "frontend GET /.well-known/opentalk/client",
        "controller GET /.well-known/opentalk/api",
        "controller GET /v1/auth/login",
        "keycloak GET /realms/opentalk/.well-known/openid-configuration",
      ]);
      assert.ok(paths.includes("controller POST /v1/auth/login"), "the id_token is handed to the controller");
    });

    it("skips discovery steps whose settings are given", async () => {
      sandbox().clearRequests();
      const s = sandbox();
      await newClient(s, { OPENTALK_CONTROLLER_URL: s.controllerUrl, OPENTALK_OIDC_URL: s.oidcUrl, OPENTALK_CLIENT_ID: s.clientId }).currentUser();
      const gets = s.requests({ method: "GET" }).map((r) => `${r.service} ${r.path.split("?")[0]}`);
      assert.ok(!gets.includes("frontend /.well-known/opentalk/client"), "no web frontend discovery");
      assert.ok(!gets.includes("controller /v1/auth/login"), "no OIDC provider discovery");
    });

    it("uses a given access token without logging in", async () => {
      const s = sandbox();
      const first = newClient(s);
      await first.currentUser();
      const token = await (first as unknown as { session: { tokens: { token(): Promise<string> } } }).session.tokens.token();
      s.clearRequests();
      const me = await newClient(s, { OPENTALK_USERNAME: undefined, OPENTALK_PASSWORD: undefined, OPENTALK_ACCESS_TOKEN: token }).currentUser();
      assert.equal(me.email, "bot@example.org");
      assert.equal(s.requests({ service: "keycloak" }).length, 0);
    });
  });

  describe("a Keycloak realm under /auth (Keycloak ≤ 16, or KC_HTTP_RELATIVE_PATH=/auth)", () => {
    const sandbox = useSandbox({ realmPrefix: "/auth" });

    it("follows the discovered URLs", async () => {
      assert.match(sandbox().oidcUrl, /\/auth\/realms\/opentalk$/);
      const me = await newClient(sandbox()).currentUser();
      assert.equal(me.email, "bot@example.org");
      assert.ok(sandbox().requests({ service: "keycloak" }).every((r) => r.path.startsWith("/auth/realms/")));
    });
  });

  describe("controller 0.29 (login required before any call)", () => {
    const sandbox = useSandbox({ controllerVersion: "0.29" });

    it("registers the user with POST /v1/auth/login, then works", async () => {
      const client = newClient(sandbox());
      const room = await client.createRoom({ waiting_room: true });
      assert.equal(room.guest_access, undefined, "0.29 knows no guest access");
      const unknownSub = sandbox().requests({ service: "controller" }).filter((r) => r.status === 401);
      assert.deepEqual(unknownSub, [], "no call was made before the login");
    });
  });

  describe("a user the controller cannot accept", () => {
    const sandbox = useSandbox();

    it("says which profile field is missing and where to set it", async () => {
      const s = sandbox();
      const error = await rejection(newClient(s, { OPENTALK_USERNAME: "nomail", OPENTALK_PASSWORD: passwordOf("nomail") }).currentUser());
      assert.match(error.message, /has no email in Keycloak/);
      assert.match(error.message, /Users → nomail → Details/);
      assert.ok(!isLoginError(error));
    });
  });
});

function passwordOf(username: string): string {
  const user = DEFAULT_USERS.find((u) => u.username === username);
  if (!user) throw new Error(`no default sandbox user ${username}`);
  return user.password;
}
