import * as assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import * as net from "node:net";
import * as path from "node:path";
import { createInterface } from "node:readline";
import { parseArguments } from "./cli";
import { call } from "./sandbox-fixture";

const root = path.resolve(__dirname, "../..");
const runCli = (args: string[]) => spawnSync(process.execPath, ["-r", "ts-node/register/transpile-only", "test/sandbox/cli.ts", ...args], { cwd: root, encoding: "utf8" });

describe("sandbox CLI", () => {
  it("prints one JSON line with its coordinates and stops cleanly on SIGTERM", async () => {
    const child = spawn(process.execPath, ["-r", "ts-node/register/transpile-only", "test/sandbox/cli.ts", "--realm-prefix", "/auth", "--controller-version", "0.29", "--token-ttl", "60", "--no-openapi"], {
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
      assert.equal((await call(`${printed.controllerUrl}/v1/auth/login`)).json.oidc.name, "default", "--controller-version 0.29 took effect");
      assert.equal((await call(`${printed.controllerUrl}/v1/openapi.json`)).status, 404, "--no-openapi took effect");
    } finally {
      child.kill("SIGTERM");
    }
    assert.equal(await exited, 0);
  });

  it("prints its usage for --help and exits 0", () => {
    const run = runCli(["--help"]);
    assert.equal(run.status, 0);
    assert.match(run.stdout, /^usage: npm run sandbox -- \[options\]/);
    assert.match(run.stdout, /--controller-version V +release to imitate: 0\.29, 0\.30, 0\.34, 0\.35/);
    assert.equal(run.stderr, "");
  });

  it("says in one line that a port is taken", async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
    try {
      const port = (blocker.address() as net.AddressInfo).port;
      const run = runCli(["--port", String(port)]);
      assert.equal(run.status, 1);
      assert.equal(run.stderr, `port ${port} is in use: choose another with --port, or stop what runs there\n`);
    } finally {
      blocker.close();
    }
  });

  it("parses every option and refuses bad values with the usage", () => {
    assert.deepEqual(parseArguments(["--controller-version", "0.30", "--latency-ms", "40", "--jitter-ms", "10", "--room-alias-suffix", "none"]), {
      help: false,
      options: { controllerVersion: "0.30", latencyMs: 40, jitterMs: 10, roomAliasSuffix: "none" },
    });
    for (const args of [["--controller-version", "0.31"], ["--latency-ms", "-1"], ["--jitter-ms", "5"], ["--port"], ["--bogus", "1"]]) {
      assert.throws(() => parseArguments(args), Error, args.join(" "));
    }
    const run = runCli(["--controller-version", "0.31"]);
    assert.equal(run.status, 1);
    assert.match(run.stderr, /^--controller-version must be one of 0\.29, 0\.30, 0\.34, 0\.35\nusage:/);
  });
});
