import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import * as path from "node:path";
import { sandboxEnv, useSandbox } from "../support/sandbox-fixture";

const DIST = path.join(__dirname, "../../dist/index.js");

// How the program's process ends does not depend on the release: one release (the newest).
describe("lookups in a program process", () => {
  const sandbox = useSandbox();

  it("let the process end on its own after a lookup, without closing anything", async function () {
    this.timeout(30_000);
    if (!existsSync(DIST)) throw new Error(`${DIST} is missing: run "npm run build" before these tests`);
    const s = sandbox();
    s.store.createRoom(s.username, {});
    const program = `require(${JSON.stringify(DIST)}).listRooms().then((rooms) => console.log(rooms.length))`;
    const child = spawn(process.execPath, ["-e", program], { env: { PATH: process.env.PATH, ...sandboxEnv(s) } });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    const status = await new Promise<number | null>((resolve) => {
      const timer = setTimeout(() => {
        child.kill();
        resolve(-1);
      }, 20_000);
      child.on("close", (code) => {
        clearTimeout(timer);
        resolve(code);
      });
    });
    assert.equal(status, 0, `the process did not end on its own (stderr: ${stderr})`);
    assert.equal(stdout, "1\n");
  });
});
