import * as assert from "node:assert/strict";
import type { ControllerVersion, SandboxServiceAccount } from "./index";
import { api, login, tokenRequest, Tokens, useSandbox } from "./sandbox-fixture";

const ACCOUNTS: SandboxServiceAccount[] = [
  { clientId: "provisioner", clientSecret: "prov-secret", profile: { email: "provisioner@example.org", givenName: "Pro", familyName: "Visioner" } },
  { clientId: "bare-robot", clientSecret: "bare-secret" },
];

describe("sandbox controller with service-account tokens", () => {
  for (const version of ["0.29", "0.30", "0.34", "0.35"] as ControllerVersion[]) {
    describe(version, () => {
      const ctx = useSandbox({ controllerVersion: version, serviceAccounts: ACCOUNTS });
      const serviceToken = async (clientId: string, scope = "openid"): Promise<Tokens> =>
        (await tokenRequest(ctx.sandbox, { grant_type: "client_credentials", client_id: clientId, client_secret: ACCOUNTS.find((a) => a.clientId === clientId)?.clientSecret ?? "", scope })).json;

      it("lets a service account with e-mail and names in (0.29 after the ID-token login)", async () => {
        const tokens = await serviceToken("provisioner");
        if (version === "0.29") await login(ctx.sandbox, tokens);
        const me = await api(ctx.sandbox, tokens.access_token, "GET", "/v1/users/me");
        assert.equal(me.status, 200);
        assert.equal(me.json.email, "provisioner@example.org");
        assert.equal((await api(ctx.sandbox, tokens.access_token, "POST", "/v1/rooms", { guest_access: "disabled" })).status, 200);
      });

      it("refuses a service account without profile the way this release does", async () => {
        const tokens = await serviceToken("bare-robot");
        const response = await api(ctx.sandbox, tokens.access_token, "GET", "/v1/users/me");
        if (version === "0.29") {
          assert.deepEqual([response.status, response.json.message], [401, "Authentication failed"], "the access token's own claims");
        } else {
          assert.deepEqual([response.status, response.json], [400, { code: "bad_request", message: "userinfo claims are missing mandatory 'email' field" }]);
        }
      });

      it("fails on userinfo for a service-account token without openid (≥ 0.30: 500)", async () => {
        const tokens = await serviceToken("provisioner", "profile email");
        const response = await api(ctx.sandbox, tokens.access_token, "GET", "/v1/users/me");
        // 0.29 asks no userinfo: the login of the first test (with an openid grant) is enough.
        if (version === "0.29") assert.equal(response.status, 200);
        else assert.deepEqual([response.status, response.json.code], [500, "internal_server_error"]);
      });
    });
  }
});
