import * as assert from "node:assert/strict";
import { spawn } from "node:child_process";
import * as path from "node:path";
import { createInterface } from "node:readline";
import { call } from "./sandbox-fixture";

describe("sandbox CLI", () => {
  it("prints one JSON line with its coordinates and stops cleanly on SIGTERM", async () => {
    const root = path.resolve(__dirname, "../..");
    const child = spawn(process.execPath, ["-r", "ts-node/register/transpile-only", "test/sandbox/cli.ts", "--realm-prefix", "/auth", "--controller-version", "0.29", "--token-ttl", "60"], {
      cwd: root,
      stdio: ["ignore", "pipe", "inherit"],
    });
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    try {
      const line = await new Promise<string>((resolve, reject) => {
        createInterface({ input: child.stdout }).once("line", resolve);
        child.once("exit", (code) => reject(new Error(`the CLI exited (${code}) before printing its line`)));
      });
      const printed = JSON.parse(line);
      assert.deepEqual(Object.keys(printed), ["url", "controllerUrl", "oidcUrl", "realm", "clientId", "username", "password", "adminUrl"]);
      assert.match(printed.oidcUrl, /\/auth\/realms\/opentalk$/);
      const discovery = await call(`${printed.url}/.well-known/opentalk/client`);
      assert.equal(discovery.json.opentalk_controller.base_url, printed.controllerUrl);
      const grantResponse = await call(`${printed.oidcUrl}/protocol/openid-connect/token`, {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ grant_type: "password", client_id: printed.clientId, username: printed.username, password: printed.password, scope: "openid" }),
      });
      assert.equal(grantResponse.json.expires_in, 60);
      const rooms = await call(`${printed.controllerUrl}/v1/rooms`, { headers: { Authorization: `Bearer ${grantResponse.json.access_token}` } });
      assert.equal(rooms.json.code, "unknown_sub", "--controller-version 0.29 took effect");
    } finally {
      child.kill("SIGTERM");
    }
    assert.equal(await exited, 0);
  });
});
