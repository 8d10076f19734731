import { resolveSettings } from "../../provider/client/settings";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { parseDocument } from "yaml";
import { commandName, type Command } from "../../provider/cli/command";
import { COMMANDS } from "../../provider/cli/main";

const ROOT = path.join(__dirname, "../..");
const WORKFLOW = path.join(ROOT, "examples/gitops/opentalk-rooms.yml");

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  shell?: string;
  if?: string;
  with?: Record<string, unknown>;
  env?: Record<string, unknown>;
}
interface Job {
  if?: string;
  permissions?: Record<string, string>;
  steps: Step[];
}
interface Workflow {
  on: Record<string, unknown>;
  permissions: Record<string, string>;
  env: Record<string, string>;
  jobs: Record<string, Job>;
}

/**
 * examples/gitops/opentalk-rooms.yml: valid YAML and valid shell, the triggers and permissions each job needs, and
 * nothing run that this package does not have — every `opentalk …` command and option, every npm script, every file.
 */
describe("the GitOps workflow", () => {
  const text = readFileSync(WORKFLOW, "utf8");
  const document = parseDocument(text, { prettyErrors: false, uniqueKeys: true });
  const workflow = document.toJS() as Workflow;
  const runs = Object.values(workflow.jobs).flatMap((job) => job.steps.filter((step) => step.run !== undefined));

  it("is well-formed YAML", () => {
    assert.deepEqual(document.errors.map((e) => e.message), []);
    assert.deepEqual(document.warnings.map((e) => e.message), []);
  });

  it("is triggered by pull requests and pushes to main that touch the rooms or the policies, and nightly", () => {
    const pr = workflow.on.pull_request as { paths: string[] };
    const push = workflow.on.push as { branches: string[]; paths: string[] };
    for (const paths of [pr.paths, push.paths]) {
      assert.ok(paths.includes("examples/standing-rooms/**") && paths.includes("examples/policy-pack/**") && paths.includes("Pulumi.*.yaml"));
    }
    assert.deepEqual(push.branches, ["main"]);
    const [nightly] = workflow.on.schedule as { cron: string }[];
    assert.match(nightly!.cron, /^\d+ \d+ \* \* \*$/, "once a day");
    assert.ok("workflow_dispatch" in workflow.on);
  });

  it("gives each job only the permissions it needs", () => {
    assert.deepEqual(workflow.permissions, { contents: "read" });
    assert.deepEqual(workflow.jobs.preview!.permissions, { contents: "read", "pull-requests": "write" });
    assert.deepEqual(workflow.jobs.up!.permissions, { contents: "read" });
    assert.deepEqual(workflow.jobs.drift!.permissions, { contents: "read", issues: "write" });
  });

  it("runs each job on its own event", () => {
    assert.equal(workflow.jobs.preview!.if, "github.event_name == 'pull_request'");
    assert.equal(workflow.jobs.up!.if, "github.event_name == 'push'");
    assert.equal(workflow.jobs.drift!.if, "github.event_name == 'schedule' || github.event_name == 'workflow_dispatch'");
  });

  it("previews with the policy pack and its config, keeping the event log for the summary", () => {
    const preview = runs.find((step) => /pulumi preview/.test(step.run!))!.run!;
    for (const flag of ["--json", '--policy-pack "$POLICY_PACK"', '--policy-pack-config "$POLICY_CONFIG"', "--event-log preview-events.jsonl"]) {
      assert.ok(preview.includes(flag), flag);
    }
    const up = workflow.jobs.up!.steps.find((step) => step.uses?.startsWith("pulumi/actions@"))!;
    assert.equal(up.with!.command, "up");
    assert.equal(up.with!.policyPacks, "${{ env.POLICY_PACK }}");
    assert.equal(up.with!.policyPackConfigs, "${{ env.POLICY_CONFIG }}");
    assert.ok(existsSync(path.join(ROOT, workflow.env.POLICY_PACK!, "PulumiPolicy.yaml")));
    assert.doesNotThrow(() => JSON.parse(readFileSync(path.join(ROOT, workflow.env.POLICY_CONFIG!), "utf8")));
    const drift = runs.find((step) => /pulumi refresh/.test(step.run!))!.run!;
    assert.match(drift, /pulumi refresh --preview-only --json .*--event-log refresh-events\.jsonl > refresh\.json/);
  });

  it("runs only opentalk commands and options this package has", () => {
    const invocations = runs.flatMap((step) => step.run!.split("\n")).filter((line) => /(^|\s)(npx )?opentalk /.test(line));
    assert.ok(invocations.length >= 3, invocations.join("\n"));
    for (const line of invocations) {
      // What the command itself gets: a process substitution is a file name; redirections are the shell's.
      const commandLine = line.slice(line.search(/opentalk /) + "opentalk ".length).replace(/<\([^)]*\)/g, "/dev/fd/63").split(/\s[>|]/)[0]!;
      const words = [...commandLine.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2] ?? m[3]!);
      const command = COMMANDS.find((c) => (c.action ? words[0] === c.group && words[1] === c.action : words[0] === c.group));
      assert.ok(command, `"${line.trim()}" runs a command opentalk does not have`);
      assertTakes(command, words.slice(command.action ? 2 : 1), line);
    }
  });

  it("runs only npm scripts and actions that exist", () => {
    const scripts = Object.keys((JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as { scripts: object }).scripts);
    for (const match of text.matchAll(/npm run ([\w:-]+)/g)) assert.ok(scripts.includes(match[1]!), `npm run ${match[1]}`);
    const actions = Object.values(workflow.jobs).flatMap((job) => job.steps.map((step) => step.uses).filter(Boolean));
    assert.deepEqual([...new Set(actions)].sort(), ["actions/checkout@v4", "actions/setup-node@v4", "actions/upload-artifact@v4", "pulumi/actions@v6"]);
  });

  it("has shell steps bash can parse", () => {
    for (const step of runs) {
      // GitHub replaces ${{ … }} before the shell sees the script.
      const script = step.run!.replace(/\$\{\{[^}]*\}\}/g, "placeholder");
      const check = spawnSync("bash", ["-n"], { input: script, encoding: "utf8" });
      assert.equal(check.status, 0, `${step.name ?? script}: ${check.stderr}`);
    }
  });

  it("logs in with a Keycloak service account, the recommended login, from repository secrets", () => {
    assert.equal(workflow.env.OPENTALK_CLIENT_ID, "${{ secrets.OPENTALK_CLIENT_ID }}");
    assert.equal(workflow.env.OPENTALK_CLIENT_SECRET, "${{ secrets.OPENTALK_CLIENT_SECRET }}");
    // As the job sees them with only the service-account secrets set (unset secrets are empty strings).
    const env = { OPENTALK_URL: "https://opentalk.example.org", OPENTALK_CLIENT_ID: "pulumi-opentalk", OPENTALK_CLIENT_SECRET: "s", OPENTALK_USERNAME: "", OPENTALK_PASSWORD: "" };
    assert.deepEqual(resolveSettings(undefined, env).login, { kind: "client-credentials", clientId: "pulumi-opentalk", clientSecret: "s" });
  });
});

/** The words after `opentalk <command>`: its positional arguments and its own options, as its parser would take them. */
function assertTakes(command: Command, words: string[], line: string): void {
  const options = Object.fromEntries(Object.entries(command.options).map(([name, option]) => [name, { type: option.type }]));
  let parsed: { positionals: string[] };
  try {
    parsed = parseArgs({ args: words, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new Error(`"${line.trim()}": opentalk ${commandName(command)} does not take that: ${(error as Error).message}`);
  }
  assert.equal(parsed.positionals.length, command.args.length, `"${line.trim()}" gives opentalk ${commandName(command)} ${command.args.length} argument(s)`);
}
