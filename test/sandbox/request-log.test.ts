import * as assert from "node:assert/strict";
import { api, call, grant, tokenRequest, useSandbox } from "./sandbox-fixture";

describe("sandbox request log", () => {
  const ctx = useSandbox({ clientSecret: "client-secret-value", controllerVersion: "0.34" });

  it("records every service's requests without any secret", async () => {
    const sandbox = ctx.sandbox;
    const secrets: string[] = [sandbox.password, "client-secret-value", "room-password-value"];
    const tokens = (await tokenRequest(sandbox, { grant_type: "password", client_id: "Frontend", client_secret: "client-secret-value", username: sandbox.username, password: sandbox.password, scope: "openid profile email" })).json;
    secrets.push(tokens.access_token, tokens.refresh_token, tokens.id_token);
    const refreshed = (await tokenRequest(sandbox, { grant_type: "refresh_token", client_id: "Frontend", client_secret: "client-secret-value", refresh_token: tokens.refresh_token })).json;
    secrets.push(refreshed.access_token, refreshed.refresh_token);
    await call(`${sandbox.url}/.well-known/opentalk/client`);
    const room = (await api(sandbox, tokens.access_token, "POST", "/v1/rooms", { password: "room-password-value" })).json;
    const invite = (await api(sandbox, tokens.access_token, "POST", `/v1/rooms/${room.id}/invites`, {})).json;
    secrets.push(invite.invite_code);
    await api(sandbox, tokens.access_token, "GET", `/v1/rooms/${room.id}/invites/${invite.invite_code}`);
    await api(sandbox, tokens.access_token, "DELETE", `/v1/rooms/${room.id}/invites/${invite.invite_code}`);
    await api(sandbox, undefined, "POST", "/v1/invite/verify", { invite_code: invite.invite_code });
    await call(`${sandbox.oidcUrl}/protocol/openid-connect/userinfo?access_token=${tokens.access_token}`);
    await call(`${sandbox.url}/room/${room.id}?invite=${invite.invite_code}`);

    const log = sandbox.requests();
    assert.deepEqual([...new Set(log.map((e) => e.service))].sort(), ["controller", "frontend", "keycloak"]);
    const text = JSON.stringify(log);
    for (const secret of secrets) assert.ok(!text.includes(secret), `the log contains a secret (${secret.slice(0, 6)}…)`);
    assert.ok(log.some((e) => e.path === `/v1/rooms/${room.id}/invites/:code` && e.method === "DELETE" && e.status === 204));
    assert.ok(log.some((e) => e.path.endsWith("/userinfo?access_token=REDACTED")));
    assert.ok(log.every((e) => typeof e.durationMs === "number" && e.durationMs >= 0));
    assert.deepEqual(Object.keys(log[0]).sort(), ["durationMs", "method", "path", "service", "status"]);
    assert.equal(sandbox.requests({ service: "keycloak", method: "POST" }).length, 2);
  });
});
