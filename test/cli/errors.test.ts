import assert from "node:assert/strict";
import { sandboxEnv, useSandbox } from "../support/sandbox-fixture";
import { commandName } from "../../provider/cli/command";
import { COMMANDS } from "../../provider/cli/main";
import { opentalk, runCli, type CliRun } from "./run-cli";

// Parsing, usage, help and the login's error path do not depend on the release: one release (the newest). The exit
// status and what goes to stdout and stderr are checked on the built command line; the long tables of usage errors and
// help texts are the parser's words and run in this process (runCli), which spares a Node start per line.
// Logins per release: logins.test.ts.
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
      [["invites", "list"], /^opentalk: unknown command "invites": the command groups are rooms, meetings, events and review, e\.g\. "opentalk rooms list"\nUsage: opentalk <command> \[options\]\nRun "opentalk --help" for more\.\n$/],
      [[], /^opentalk: no command given: name one, e\.g\. "opentalk rooms list" \(the command groups are rooms, meetings, events and review\)\nUsage: opentalk <command> \[options\]/],
      [["rooms"], /^opentalk rooms: say what to do: list, get, create or unmanaged \(e\.g\. "opentalk rooms list"\)\nUsage: opentalk rooms <list\|get\|create\|unmanaged> \[options\]\nRun "opentalk rooms --help" for more\.\n$/],
      [["rooms", "delete", "x"], /^opentalk rooms: unknown command "delete": rooms has list, get, create and unmanaged — did you mean "opentalk meetings delete"\?\n/],
      [["rooms", "list", "--json"], /^opentalk rooms list: unknown option --json; its options are --config FILE, --csv, --table\nUsage: opentalk rooms list \[--csv\|--table\] \[--config FILE\]\nRun "opentalk rooms list --help" for more\.\n$/],
      [["rooms", "list", "--from", "2026-01-01"], /^opentalk rooms list: does not take --from \(meetings list and events list do\); its options are --config FILE, --csv, --table\n/],
      [["rooms", "list", "extra"], /^opentalk rooms list: takes no arguments, got "extra": remove it \(options start with --\)\n/],
      [["rooms", "get"], /^opentalk rooms get: takes <room-id>, got none: give the id of one of your rooms, as "opentalk rooms list" shows it\nUsage: opentalk rooms get <room-id>/],
      [["rooms", "get", "lobby"], /^opentalk rooms get: <room-id> must be a UUID such as [0-9a-f-]{36}, got "lobby": give the id of one of your rooms/],
      [["rooms", "list", "--csv", "--table"], /^opentalk rooms list: --csv and --table exclude each other: choose one \(without either, the output is JSON\)\n/],
      [["rooms", "list", "--config", ""], /^opentalk rooms list: --config needs a file name \(--config FILE\)\n/],
      [["rooms", "create", "--guest-link-hours", "-3"], /^opentalk rooms create: --guest-link-hours takes a whole number of hours from 1 to 87840, got "-3"\n/],
      [["rooms", "create", "--waiting-room=yes"], /^opentalk rooms create: --waiting-room does not take a value: it is a switch, write --waiting-room alone\n/],
      [["rooms", "create", "--guest-access", "everyone"], /^opentalk rooms create: --guest-access must be one of "disabled", "waiting_room", "direct_access", got "everyone"\n/],
      [["rooms", "create", "--name", "Team Room"], /^opentalk rooms create: --name must be 3–40 characters of a–z, 0–9, "\." and "-", and not a UUID, got "Team Room"\n/],
      [["rooms", "unmanaged"], /^opentalk rooms unmanaged: needs --state FILE: the stack's state as "pulumi stack export" writes it: a file, or - for standard input\n/],
      [["rooms", "unmanaged", "--state", ""], /^opentalk rooms unmanaged: --state needs a file name, or - for standard input \(--state <\(pulumi stack export\)\)\n/],
      [["events", "list", "--to"], /^opentalk events list: --to needs a value \(--to TIME\)\nUsage: opentalk events list/],
      [["events", "list", "--to", "--csv"], /^opentalk events list: --to needs a value \(--to TIME\)\n/],
      [["events", "list", "--from", "next week"], /^opentalk events list: --from takes a date \(2026-05-04\) or a time with a zone/],
      [["events", "list", "--from", "2026-06-02", "--to", "2026-06-01"], /^opentalk events list: --from \(2026-06-02T00:00:00Z\) is after --to \(2026-06-01T00:00:00Z\), so no meeting could match: swap them, or leave one out\n/],
      [["meetings", "list", "--to", "2026-06-01", "--from", "2026-06-01T00:00:01Z"], /^opentalk meetings list: --from \(2026-06-01T00:00:01Z\) is after --to \(2026-06-01T00:00:00Z\)/],
      [["meetings", "create"], /^opentalk meetings create: needs --title TEXT: the meeting's title, as people see it in their OpenTalk dashboard\nUsage: opentalk meetings create --title TEXT \[--description TEXT\]/],
      [["meetings", "create", "--title", "  "], /^opentalk meetings create: --title is required: the name people see in their OpenTalk dashboard\n/],
      [["meetings", "create", "--title", "Sync", "--guest-link-hours", "-3"], /^opentalk meetings create: --guest-link-hours takes a whole number of hours from 1 to 87840, got "-3"\n/],
      [["meetings", "create", "--title", "Sync", "--password-env", "UNSET_ROOM_PASSWORD"], /^opentalk meetings create: --password-env UNSET_ROOM_PASSWORD: the environment variable UNSET_ROOM_PASSWORD is not set; export it first/],
      [["meetings", "create", "--title", "Sync", "--password-env", "ROOM PASSWORD"], /^opentalk meetings create: --password-env takes the name of an environment variable \(e\.g\. ROOM_PASSWORD\), got "ROOM PASSWORD"\n/],
      [["meetings", "create", "--title", "Sync", "--guest-access", "disabled", "--guest-link-hours", "2"], /^opentalk meetings create: --guest-link-hours needs guest access: .*; leave out one of them\n/],
      [["meetings", "get", "a", "b"], /^opentalk meetings get: takes <event-id>, got "a" "b": give the eventId of one of your meetings, as "opentalk meetings list" shows it\n/],
      [["review", "--no-such-option"], /^opentalk review: unknown option --no-such-option; its options are --events FILE, --raw, --title TEXT, and for every command --config FILE\nUsage: opentalk review <preview-json> \[--events FILE\]/],
      [["meetings", "delete"], /^opentalk meetings delete: takes <event-id>, got none: give the eventId of one of your meetings/],
    ];
    for (const [i, [args, stderr]] of cases.entries()) {
      const run = await (i === 0 ? opentalk : runCli)(args, env, runs);
      assert.equal(run.status, 2, `opentalk ${args.join(" ")}: ${run.stderr}`);
      assert.equal(run.stdout, "", args.join(" "));
      assert.match(run.stderr, stderr);
    }
    assert.deepEqual(sandbox().store.rooms(), [], "a usage error sends nothing");
  });

  it("names the command in every usage error of every command", async () => {
    for (const command of COMMANDS) {
      const name = commandName(command);
      const run = await runCli([...name.split(" "), "--no-such-option"], {}, runs);
      assert.equal(run.status, 2);
      assert.ok(run.stderr.startsWith(`opentalk ${name}: unknown option --no-such-option; its options are `), run.stderr);
      assert.ok(run.stderr.includes(`Run "opentalk ${name} --help" for more.`));
    }
  });

  it("explains every command and its options with --help, on stdout with exit status 0", async () => {
    const general = await opentalk(["--help"], {}, runs);
    assert.equal(general.status, 0);
    for (const command of COMMANDS) assert.ok(general.stdout.includes(`  ${commandName(command)}  `), `${commandName(command)} listed`);
    assert.match(general.stdout, /OPENTALK_PASSWORD +opentalk:password \(secret\)/);

    for (const command of COMMANDS) {
      const words = commandName(command).split(" ");
      for (const args of [[...words, "--help"], ["help", ...words]]) {
        const run = await runCli(args, {}, runs);
        assert.equal(run.status, 0, args.join(" "));
        assert.ok(run.stdout.startsWith(`Usage: opentalk ${commandName(command)} `), run.stdout);
        for (const option of [...Object.keys(command.options), "csv", "table", "config"]) assert.ok(run.stdout.includes(`--${option}`), `${args.join(" ")} mentions --${option}`);
      }
    }
    const short = await opentalk(["events", "list", "-h"], {}, runs);
    assert.ok(short.stdout.startsWith("Usage: opentalk events list"));
    const group = await runCli(["rooms", "--help"], {}, runs);
    assert.match(group.stdout, /^Usage: opentalk rooms <list\|get\|create\|unmanaged> \[options\]/);
  });

  it("prints the package version with --version", async () => {
    const run = await opentalk(["--version"], {}, runs);
    assert.equal(run.stdout, `${(require("../../package.json") as { version: string }).version}\n`);
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
