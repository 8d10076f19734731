import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { Sandbox } from "../sandbox";
import { sandboxEnv, useSandbox } from "../support/sandbox-fixture";
import { json, opentalk } from "./run-cli";

/** A stack file as `pulumi config set` writes it, with another provider's settings around ours. */
function stackFile(s: Sandbox, password: string): string {
  return [
    "encryptionsalt: v1:c2FsdHNhbHQ=:v1:Zm9vYmFyYmF6:cXV4",
    "config:",
    "  aws:region: eu-central-1",
    `  opentalk:url: ${s.url}`,
    `  opentalk:username: ${s.username}  # the room bot`,
    password,
    "  standing-rooms:rooms:",
    "    - name: weekly",
    "      waitingRoom: true",
    "  tls:cert: |",
    "    -----BEGIN CERTIFICATE-----",
    "    MIIB",
    "",
  ].join("\n");
}

// Reading settings files does not depend on the release: one release (the newest), through the built command line.
describe("opentalk --config FILE", () => {
  const sandbox = useSandbox();
  let dir: string;
  before(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), "opentalk-cli-config-"));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));
  beforeEach(() => sandbox().reset());

  function write(name: string, text: string): string {
    const file = path.join(dir, name);
    writeFileSync(file, text);
    return file;
  }

  it("reads the settings from a Pulumi stack file's config map, with no OPENTALK_* variables at all", async () => {
    const s = sandbox();
    const room = s.store.createRoom(s.username, {});
    const file = write("Pulumi.dev.yaml", stackFile(s, `  opentalk:password: ${s.password}`));
    const run = await opentalk(["rooms", "list", "--config", file], {});
    assert.deepEqual(json<{ roomId: string }[]>(run).map((r) => r.roomId), [room.id]);
    assert.equal(run.stderr, "");
  });

  it("says that an encrypted password needs OPENTALK_PASSWORD, and how to get it, instead of trying it", async () => {
    const s = sandbox();
    const file = write("Pulumi.prod.yaml", stackFile(s, "  opentalk:password:\n    secure: v1:AAAAAAAAAAAAAAAA:BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB"));
    s.clearRequests();
    const run = await opentalk(["rooms", "list", "--config", file], {});
    assert.equal(run.status, 1);
    assert.equal(run.stdout, "");
    assert.equal(
      run.stderr,
      'opentalk:password in Pulumi.prod.yaml is encrypted (a "secure:" value), and only the Pulumi CLI can decrypt it: ' +
        'set OPENTALK_PASSWORD instead, e.g. export OPENTALK_PASSWORD="$(pulumi config get opentalk:password --stack prod)".\n',
    );
    assert.deepEqual(s.requests(), [], "nothing was sent anywhere");
  });

  it("takes an encrypted setting from its environment variable and the rest from the stack file", async () => {
    const s = sandbox();
    s.store.createRoom(s.username, {});
    const file = write("Pulumi.prod.yaml", stackFile(s, "  opentalk:password:\n    secure: v1:AAAAAAAAAAAAAAAA:BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB"));
    const run = await opentalk(["rooms", "list", "--config", file], { OPENTALK_PASSWORD: s.password });
    assert.equal(json<unknown[]>(run).length, 1);
  });

  it("lets the file win over the environment key by key", async () => {
    const s = sandbox();
    const file = write("settings.yaml", `opentalk:url: ${s.url}\n`);
    const env = sandboxEnv(s, { OPENTALK_URL: "http://127.0.0.1:9" });
    const run = await opentalk(["rooms", "list", "--config", file], env);
    assert.equal(run.status, 0, run.stderr);
  });

  it("reads a plain JSON map of opentalk:* settings", async () => {
    const s = sandbox();
    const file = write("opentalk.json", JSON.stringify({ "opentalk:url": s.url, "opentalk:username": s.username, "opentalk:password": s.password }));
    const run = await opentalk(["rooms", "list", "--config", file], {});
    assert.equal(run.stdout, "[]\n");
  });

  it("reads a plain YAML map with quoted values", async () => {
    const s = sandbox();
    const file = write("opentalk.yaml", `# settings\n"opentalk:url": "${s.url}"\nopentalk:username: '${s.username}'\nopentalk:password: "${s.password}"\n`);
    const run = await opentalk(["rooms", "list", "--config", file], {});
    assert.equal(run.stdout, "[]\n");
  });

  it("warns on stderr about an opentalk:* key it does not know, and still prints clean JSON", async () => {
    const s = sandbox();
    const file = write("typo.yaml", `opentalk:url: ${s.url}\nopentalk:pasword: x\n`);
    const run = await opentalk(["rooms", "list", "--config", file], sandboxEnv(s, { OPENTALK_URL: undefined }));
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.stdout, "[]\n");
    assert.match(run.stderr, /^warning: typo\.yaml: opentalk:pasword is not a pulumi-opentalk setting \(known: opentalk:url, /);
  });

  it("fails with exit status 1 when the file cannot be read or understood", async () => {
    const missing = await opentalk(["rooms", "list", "--config", path.join(dir, "nope.yaml")], {});
    assert.equal(missing.status, 1);
    assert.match(missing.stderr, /^Cannot read the config file .*nope\.yaml: ENOENT/);

    const flow = write("flow.yaml", "config:\n  opentalk:password: {secure: v1:abc}\n");
    const encrypted = await opentalk(["rooms", "list", "--config", flow], {});
    assert.equal(encrypted.status, 1);
    assert.match(encrypted.stderr, /^opentalk:password in flow\.yaml is encrypted \(a "secure:" value\)/, "an inline secure value is never taken for a password");

    const broken = write("broken.yaml", "config:\n  opentalk:url: [\n");
    const unreadable = await opentalk(["rooms", "list", "--config", broken], {});
    assert.equal(unreadable.status, 1);
    assert.match(unreadable.stderr, /^Cannot read the config file .*broken\.yaml: /);

    const list = write("list.json", "[1, 2]");
    const wrongShape = await opentalk(["rooms", "list", "--config", list], {});
    assert.equal(wrongShape.status, 1);
    assert.match(wrongShape.stderr, /must be a Pulumi stack file \(with a "config:" map\) or a map of opentalk:\* settings/);
  });
});
