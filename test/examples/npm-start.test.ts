import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from "node:fs";
import { createServer } from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { findInstalledPulumiCli } from "../../examples/standing-rooms/pulumi-cli";
import { writePulumiStandIn } from "../support/pulumi-stand-in";

const ROOT = path.join(__dirname, "../..");
const START = path.join(ROOT, "examples/standing-rooms/sandbox-up.ts");
const TS_NODE = require.resolve("ts-node/dist/bin.js");
const LAUNCHER_VERSION = (require("pulumi/package.json") as { version: string }).version;
const REPO_STATE = [".sandbox", ".pulumi-state"].map((name) => path.join(ROOT, name));

/**
 * Every test gets its own folders: a PULUMI_HOME, the state npm start writes, a bin folder for a stand-in, and one
 * holding only node.
 */
function scratch(): { dir: string; home: string; state: string; bin: string; nodeOnly: string } {
  const dir = mkdtempSync(path.join(os.tmpdir(), "npm-start-"));
  const folders = { dir, home: `${dir}/pulumi-home`, state: `${dir}/state`, bin: `${dir}/bin`, nodeOnly: `${dir}/node-only` };
  for (const folder of [folders.home, folders.state, folders.bin, folders.nodeOnly]) mkdirSync(folder);
  symlinkSync(process.execPath, path.join(folders.nodeOnly, "node"));
  return folders;
}

/** A loopback port nothing listens on: as a proxy it makes the launcher's download fail at once, online or not. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function proxiedTo(port: number): NodeJS.ProcessEnv {
  const proxy = `http://127.0.0.1:${port}`;
  return { HTTPS_PROXY: proxy, https_proxy: proxy, HTTP_PROXY: proxy, http_proxy: proxy, NO_PROXY: "", no_proxy: "" };
}

function npmStart(env: NodeJS.ProcessEnv) {
  return spawnSync(process.execPath, [TS_NODE, "--transpile-only", START], {
    cwd: ROOT,
    env: { ...process.env, OPENTALK_START_DIR: undefined, PULUMI_VERSION: undefined, ...env },
    encoding: "utf8",
    timeout: 120_000,
  });
}

function listing(folders: string[]): string[] {
  return folders.flatMap((folder) => (existsSync(folder) ? readdirSync(folder, { recursive: true }).map((entry) => `${folder}/${entry}`) : []));
}

describe("npm start (the standing-rooms stack on the sandbox)", () => {
  let folders: ReturnType<typeof scratch>;
  beforeEach(() => {
    folders = scratch();
  });
  /**
   * The PATH npm gives `npm start`, node_modules/.bin (holding the launcher) first, then the folders given, then
   * node and nothing else of this machine's, so a Pulumi CLI installed here cannot take part.
   */
  const npmStartPath = (...folder: string[]) => [path.join(ROOT, "node_modules/.bin"), ...folder, folders.nodeOnly].join(path.delimiter);
  afterEach(() => {
    rmSync(folders.dir, { recursive: true, force: true });
  });

  describe("when the Pulumi CLI cannot be had", () => {
    it("stops before the sandbox or any state with the launcher's words, the cache folder and both fixes", async function () {
      this.timeout(60_000);
      const before = listing(REPO_STATE);
      // No OPENTALK_START_DIR: npm start would write to the repository's own .sandbox/ and .pulumi-state/.
      const run = npmStart({ PATH: npmStartPath(), PULUMI_HOME: folders.home, ...proxiedTo(await closedPort()) });

      assert.equal(run.status, 1, run.stderr);
      assert.match(run.stderr, new RegExp(`npm start could not get the Pulumi CLI ${LAUNCHER_VERSION}\\.`));
      assert.match(run.stderr, /Pulumi's npm launcher \(node_modules\/pulumi\) says: fetch failed \(connect ECONNREFUSED 127\.0\.0\.1:\d+\)/);
      assert.ok(run.stderr.includes(`keeps it in ${path.join(folders.home, "versions", LAUNCHER_VERSION, "bin")} (set PULUMI_HOME`), run.stderr);
      assert.match(run.stderr, /check the network connection; behind a proxy, set HTTPS_PROXY \(and NO_PROXY\)/);
      assert.match(run.stderr, /or install the Pulumi CLI 3\.139\.0 or newer by hand \(https:\/\/www\.pulumi\.com\/docs\/install\/\) so that "pulumi" is on the PATH/);
      assert.match(run.stderr, /nothing was started and no state was written/);
      assert.doesNotMatch(run.stdout, /Using the Pulumi CLI|Rooms/, "nothing that pretends to have deployed");
      assert.deepEqual(listing(REPO_STATE), before, "the repository's .sandbox/ and .pulumi-state/ hold nothing new");
      assert.deepEqual(readdirSync(folders.home), [], "no half-downloaded CLI is left to count as installed");
    });

    it("passes over a pulumi on the PATH that is too old, and says so", async function () {
      this.timeout(60_000);
      const old = writePulumiStandIn(path.join(folders.bin, "pulumi"), "3.100.0");
      const run = npmStart({
        PATH: npmStartPath(folders.bin),
        PULUMI_HOME: folders.home,
        OPENTALK_START_DIR: folders.state,
        ...proxiedTo(await closedPort()),
      });

      assert.equal(run.status, 1, run.stderr);
      assert.ok(
        run.stdout.includes(`The pulumi on the PATH (${old.path}) is version 3.100.0, older than the 3.139.0 this stack needs; using Pulumi's npm launcher instead.`),
        run.stdout,
      );
      assert.match(run.stderr, /npm start could not get the Pulumi CLI/);
      assert.deepEqual(readdirSync(folders.state), []);
    });
  });

  describe("with a stand-in for the Pulumi CLI (it records what npm start asks and deploys nothing)", () => {
    it("uses a pulumi on the PATH ahead of the launcher, names it, and runs the stack on the sandbox with a file backend", function () {
      this.timeout(120_000);
      const before = listing(REPO_STATE);
      const standIn = writePulumiStandIn(path.join(folders.bin, "pulumi"), "3.251.0");
      // node_modules/.bin comes first, as under npm: the launcher there is not "a pulumi on the PATH".
      const env = { PATH: npmStartPath(folders.bin), OPENTALK_START_DIR: folders.state };

      const first = npmStart(env);
      assert.equal(first.status, 0, first.stderr);
      assert.ok(first.stdout.includes(`Using the Pulumi CLI 3.251.0 found on the PATH at ${standIn.path}.`), first.stdout);
      assert.match(first.stdout, /weekly: http:\/\/127\.0\.0\.1:\d+\/room\/0b0e0b0e/);
      assert.match(first.stdout, /guest link partners: http:\/\/127\.0\.0\.1:\d+\/room\/0b0e0b0e[^?]*\?invite=stand-in/);

      const second = npmStart(env);
      assert.equal(second.status, 0, second.stderr);

      const calls = standIn.calls().filter((call) => call.args[0] !== "version");
      const boardPassword = calls.find((call) => call.args[1] === "set")?.args.at(-1) ?? "";
      assert.deepEqual(
        calls.map((call) => call.args.join(" ")),
        [
          "stack select --create sandbox",
          "config get boardPassword --stack sandbox",
          `config set --secret --stack sandbox boardPassword ${boardPassword}`,
          "up --yes --stack sandbox",
          "stack output --json --show-secrets --stack sandbox",
          // the second run finds the board password and sets nothing
          "stack select --create sandbox",
          "config get boardPassword --stack sandbox",
          "up --yes --stack sandbox",
          "stack output --json --show-secrets --stack sandbox",
        ],
      );
      assert.match(boardPassword, /^[A-Za-z0-9_-]{16}$/, "a random board password, set as a secret");
      for (const call of calls) {
        assert.equal(call.cwd, ROOT, "run in the project folder (Pulumi.yaml)");
        assert.equal(call.env.PULUMI_BACKEND_URL, `file://${path.join(folders.state, ".pulumi-state")}`);
        assert.equal(call.env.PULUMI_CONFIG_PASSPHRASE, "", "the sandbox stack's empty passphrase");
        assert.equal(call.env.OPENTALK_URL, "http://127.0.0.1:47313");
        assert.equal(call.env.OPENTALK_USERNAME, "bot@example.org");
        assert.equal(call.env.openTalkPasswordSet, true);
      }
      assert.ok(existsSync(path.join(folders.state, ".sandbox", "state.json")), "the sandbox kept its data under OPENTALK_START_DIR");
      assert.deepEqual(listing(REPO_STATE), before, "the repository's .sandbox/ and .pulumi-state/ are untouched");
    });

    it("uses the launcher's CLI, already downloaded, when no pulumi is on the PATH, with its folder first on the PATH", function () {
      this.timeout(60_000);
      const binDir = path.join(folders.home, "versions", LAUNCHER_VERSION, "bin");
      const cached = writePulumiStandIn(path.join(binDir, "pulumi"), LAUNCHER_VERSION);
      const run = npmStart({ PATH: npmStartPath(), PULUMI_HOME: folders.home, OPENTALK_START_DIR: folders.state });

      assert.equal(run.status, 0, run.stderr);
      assert.ok(run.stdout.includes(`Using the Pulumi CLI ${LAUNCHER_VERSION} from Pulumi's npm launcher, kept in ${binDir}.`), run.stdout);
      assert.doesNotMatch(run.stderr, /Downloading/);
      const up = cached.calls().find((call) => call.args[0] === "up");
      assert.ok(up, "pulumi up ran");
      assert.equal(up.env.PATH.split(path.delimiter)[0], binDir, "the CLI finds the language hosts that came with it");
    });
  });

  it("deploys on the first run and changes nothing on the second (needs a real Pulumi CLI)", function () {
    if (!findInstalledPulumiCli()) {
      // Reported as pending, not passed: this machine has no Pulumi CLI, and the launcher's would need a download
      // (only the npm registry is reachable here).
      this.skip();
    }
    this.timeout(300_000);
    const env = { ...process.env, OPENTALK_START_DIR: folders.state };
    const first = spawnSync("npm", ["start"], { cwd: ROOT, env, encoding: "utf8" });
    assert.equal(first.status, 0, first.stderr);
    assert.match(first.stdout, /weekly: http:\/\/127\.0\.0\.1:\d+\/room\//);
    const second = spawnSync("npm", ["start"], { cwd: ROOT, env, encoding: "utf8" });
    assert.equal(second.status, 0, second.stderr);
    assert.match(second.stdout, /\d+ unchanged/);
    assert.doesNotMatch(second.stdout, /\+ \d+ to create|~ \d+ to update|- \d+ to delete/);
  });
});
