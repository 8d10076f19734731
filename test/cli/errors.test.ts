import assert from "node:assert/strict";
import type { Sandbox } from "../sandbox";
import { sandboxEnv, useSandbox } from "../support/sandbox-fixture";
import { COMMANDS } from "../../provider/cli/main";
import { opentalk, type CliRun } from "./run-cli";

/** A password grant as any OpenTalk user could make it, for the access-token setting. */
async function accessToken(s: Sandbox): Promise<string> {
  const response = await fetch(`${s.oidcUrl}/protocol/openid-connect/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ grant_type: "password", client_id: s.clientId, username: s.username, password: s.password, scope: "openid profile email" }),
  });
  return ((await response.json()) as { access_token: string }).access_token;
}

describe("opentalk: exit status, messages and secrets", () => {
  const sandbox = useSandbox();
  const runs: CliRun[] = [];

  it("prints the providers' login error and exits 1 on a wrong password", async () => {
    const s = sandbox();
    const run = await opentalk(["rooms", "list"], sandboxEnv(s, { OPENTALK_PASSWORD: "wrong-Passw0rd-77" }), runs);
    assert.equal(run.status, 1);
    assert.equal(run.stdout, "");
    assert.match(run.stderr, /^OpenTalk login failed for bot@example\.org: Keycloak says "Invalid user credentials" — check opentalk:username and opentalk:password/);
    assert.equal(run.stderr.split("\n").length, 2, "one line, no stack trace");
    assert.doesNotMatch(run.stderr, /wrong-Passw0rd-77/);
  });

  it("prints the settings error and exits 1 when no address is configured", async () => {
    const run = await opentalk(["rooms", "list"], {}, runs);
    assert.equal(run.status, 1);
    assert.equal(run.stderr, 'OpenTalk url is not set: run "pulumi config set opentalk:url …" or set OPENTALK_URL (the OpenTalk web address people open, e.g. https://opentalk.example.org).\n');
  });

  it("prints the usage and exits 2 on an unknown command, an unknown option or a missing argument", async () => {
    const env = sandboxEnv(sandbox());
    const cases: [string[], RegExp][] = [
      [["meetings", "list"], /^opentalk: unknown command "meetings"\nUsage: opentalk <command> \[options\]\nRun "opentalk --help" for more\.\n$/],
      [[], /^opentalk: no command given\nUsage: opentalk <command> \[options\]/],
      [["rooms"], /^opentalk: "opentalk rooms" needs a command: list, get, create\nUsage: opentalk rooms <list\|get\|create> \[options\]/],
      [["rooms", "delete", "x"], /^opentalk: unknown command "rooms delete"; rooms has list, get, create\n/],
      [["rooms", "list", "--json"], /^opentalk: unknown option --json\nUsage: opentalk rooms list \[--csv\] \[--config FILE\]\nRun "opentalk rooms list --help" for more\.\n$/],
      [["rooms", "list", "--from", "2026-01-01"], /^opentalk: "opentalk rooms list" does not take --from\n/],
      [["rooms", "get"], /^opentalk: "opentalk rooms get" takes <room-id>, got none\nUsage: opentalk rooms get <room-id>/],
      [["events", "list", "--to"], /^opentalk: --to needs a value\nUsage: opentalk events list/],
      [["events", "list", "--from", "next week"], /^opentalk: --from takes a date \(2026-05-04\) or a time with a zone/],
    ];
    for (const [args, stderr] of cases) {
      const run = await opentalk(args, env, runs);
      assert.equal(run.status, 2, `opentalk ${args.join(" ")}: ${run.stderr}`);
      assert.equal(run.stdout, "", args.join(" "));
      assert.match(run.stderr, stderr);
    }
  });

  it("explains every command and its options with --help, on stdout with exit status 0", async () => {
    const general = await opentalk(["--help"], {}, runs);
    assert.equal(general.status, 0);
    for (const command of COMMANDS) assert.ok(general.stdout.includes(`${command.group} ${command.action}  `), `${command.group} ${command.action} listed`);
    assert.match(general.stdout, /OPENTALK_PASSWORD +opentalk:password \(secret\)/);

    for (const command of COMMANDS) {
      for (const args of [[command.group, command.action, "--help"], ["help", command.group, command.action]]) {
        const run = await opentalk(args, {}, runs);
        assert.equal(run.status, 0, args.join(" "));
        assert.ok(run.stdout.startsWith(`Usage: opentalk ${command.group} ${command.action}`), run.stdout);
        for (const option of [...Object.keys(command.options), "csv", "config"]) assert.ok(run.stdout.includes(`--${option}`), `${args.join(" ")} mentions --${option}`);
      }
    }
    const short = await opentalk(["events", "list", "-h"], {}, runs);
    assert.ok(short.stdout.startsWith("Usage: opentalk events list"));
    const group = await opentalk(["rooms", "--help"], {}, runs);
    assert.match(group.stdout, /^Usage: opentalk rooms <list\|get\|create> \[options\]/);
  });

  it("prints the package version with --version", async () => {
    const run = await opentalk(["--version"], {}, runs);
    assert.equal(run.stdout, `${(require("../../package.json") as { version: string }).version}\n`);
  });

  it("works with an access token instead of a password", async () => {
    const s = sandbox();
    const token = await accessToken(s);
    const env = sandboxEnv(s, { OPENTALK_USERNAME: undefined, OPENTALK_PASSWORD: undefined, OPENTALK_ACCESS_TOKEN: token });
    const accepted = await opentalk(["rooms", "list"], env, runs);
    assert.equal(accepted.status, 0, accepted.stderr);
    const rejected = await opentalk(["rooms", "list"], { ...env, OPENTALK_ACCESS_TOKEN: `${token}x` }, runs);
    assert.equal(rejected.status, 1);
    assert.match(rejected.stderr, /the configured opentalk:accessToken was rejected/);
    for (const run of [accepted, rejected]) assert.ok(!`${run.stdout}${run.stderr}`.includes(token.slice(-40)), "token not printed");
  });

  it("never prints the configured password, a token or a client secret", async () => {
    const s = sandbox();
    const secrets = [s.password, "wrong-Passw0rd-77"];
    assert.ok(runs.length > 20);
    for (const run of runs) {
      const text = run.stdout + run.stderr;
      for (const secret of secrets) assert.ok(!text.includes(secret), `a secret in: ${text}`);
      assert.doesNotMatch(text, /eyJ[A-Za-z0-9_-]{8,}\./, "no JWT");
      assert.doesNotMatch(text, /Bearer [^*]/);
    }
  });
});
