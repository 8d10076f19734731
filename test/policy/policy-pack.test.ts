import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { DAY_MS } from "../../provider/plan/calendar-day";
import { TYPE_TOKENS } from "../../provider/resources/type-tokens";
import { prepareInstalledPackage } from "../harness/fixture";
import { PolicyPackProcess, reconcile, type AnalyzedResource, type AnalyzeResult, type PolicyConfigEntry } from "../harness/policy-analyzer";
import { UNKNOWN_VALUE, wrapSecret } from "../harness/wire-values";
import { closeSharedClients } from "../support/provider-fixture";
import { useSandbox } from "../support/sandbox-fixture";
import { EXAMPLE_PACK, preparePolicyPack } from "./policy-pack-fixture";
import { PROJECT, runStandingRooms, STACK, STACK_URN, type RegisteredResource, type StandingRoomsRun } from "./registered-resources";

/**
 * The example policy pack (examples/policy-pack → pulumi-opentalk/policy), started as the Pulumi CLI starts it and
 * driven over the Analyzer gRPC service with the SDK's own stubs (test/harness/policy-analyzer.ts). Every resource
 * analyzed is one the standing-rooms program really registered against the sandbox — its checked inputs for
 * Analyze, its outputs for AnalyzeStack, with the engine's secret marks — changed only where a test says so.
 */
describe("the OpenTalk policy pack, through the Analyzer gRPC service", () => {
  const sandbox = useSandbox();
  let run: StandingRoomsRun;
  let pack: PolicyPackProcess;
  const examplePolicyConfig = JSON.parse(readFileSync(path.join(EXAMPLE_PACK, "policy-config.json"), "utf8")) as Record<string, PolicyConfigEntry>;

  before(async function () {
    this.timeout(60_000);
    const packDir = preparePolicyPack("policy-pack");
    [run, pack] = await Promise.all([
      runStandingRooms(sandbox(), prepareInstalledPackage("policy-standing-rooms").dir),
      PolicyPackProcess.start({ packDir, project: PROJECT, stack: STACK }),
    ]);
    await pack.handshake().catch((error: { code?: number }) => assert.equal(error.code, 12, "UNIMPLEMENTED, which the engine accepts"));
    await stackConfigured();
  });
  after(async () => {
    await pack?.close();
    await closeSharedClients();
  });

  const registered = (name: string): RegisteredResource => run.resources.find((r) => r.name === name)!;
  /** What Analyze gets for a registered resource, with some inputs changed (undefined removes one). */
  const inputsOf = (name: string, changes: Record<string, unknown> = {}): AnalyzedResource => {
    const r = registered(name);
    const properties = { ...r.inputs, ...changes };
    for (const [key, value] of Object.entries(changes)) if (value === undefined) delete properties[key];
    return { urn: r.urn, type: r.type, name: r.name, properties, parent: r.parent, additionalSecretOutputs: r.additionalSecretOutputs };
  };
  const outputsOf = (r: RegisteredResource, changes: Record<string, unknown> = {}): AnalyzedResource => ({
    urn: r.urn, type: r.type, name: r.name, properties: { ...r.outputs, ...changes }, parent: r.parent,
    dependencies: r.dependencies, propertyDependencies: r.propertyDependencies, additionalSecretOutputs: r.additionalSecretOutputs,
  });
  const stackConfigured = (secretKeys = run.secretKeys) => pack.configureStack({ project: PROJECT, stack: STACK, config: run.config, secretKeys });
  const of = (result: AnalyzeResult, policy: string) => result.diagnostics.filter((d) => d.policyName === policy);
  /** The one violation of a policy; its message is `description\nmessage` (server.ts makeReportViolationFun). */
  const violation = (result: AnalyzeResult, policy: string) => {
    const found = of(result, policy);
    assert.equal(found.length, 1, `one ${policy} violation, got ${JSON.stringify(result.diagnostics)}`);
    return { ...found[0]!, text: found[0]!.message.split("\n").slice(1).join("\n") };
  };

  describe("GetAnalyzerInfo and Configure", () => {
    it("names every rule with its enforcement level and the defaults of its parameters", async () => {
      const info = await pack.analyzerInfo();
      assert.equal(info.getName(), "opentalk-rooms");
      assert.equal(info.getVersion(), "0.1.0", "from the pack's package.json");
      assert.equal(info.getSupportsconfig(), true);
      const reconciled = reconcile(info, {});
      assert.deepEqual(Object.fromEntries(Object.entries(reconciled).map(([name, c]) => [name, c.enforcementLevel])), {
        "guests-need-waiting-room-or-password": "mandatory",
        "direct-access-only-where-allowed": "mandatory",
        "room-password-is-secret": "mandatory",
        "guest-link-expiry": "mandatory",
        "room-password-length": "advisory",
        "dial-in-waits-in-lobby": "advisory",
        "guest-access-declared": "advisory",
        "standing-rooms-are-meetings": "advisory",
      });
      assert.deepEqual(reconciled["guest-link-expiry"]!.properties, { maxDays: 90, allowNeverExpires: [], openTalkVersion: "0.34" });
      assert.deepEqual(reconciled["room-password-length"]!.properties, { minLength: 12 });
    });

    it("accepts the example's policy-config.json and refuses ill-typed settings, as the CLI does", async () => {
      const info = await pack.analyzerInfo();
      assert.equal(reconcile(info, examplePolicyConfig)["guest-link-expiry"]!.properties.maxDays, 180);
      assert.throws(() => reconcile(info, { "guest-link-expiry": { maxDays: "ninety" } }), /guest-link-expiry: \/maxDays must be integer/);
      assert.throws(() => reconcile(info, { "guest-link-expiry": { openTalkVersion: "latest" } }), /openTalkVersion must match pattern/);
    });

    it("honours \"all\" and a level raised for one rule, in the Analyze answers", async () => {
      await pack.configure({ all: "disabled" });
      assert.deepEqual((await pack.analyze(inputsOf("board"))).diagnostics, []);
      await pack.configure({ "standing-rooms-are-meetings": "mandatory" });
      assert.equal(violation(await pack.analyze(inputsOf("board")), "standing-rooms-are-meetings").enforcementLevel, "mandatory");
    });
  });

  describe("guests-need-waiting-room-or-password", () => {
    beforeEach(() => pack.configure());

    it("refuses a meeting that lets guests straight in, naming the entry and the fix", async () => {
      const found = violation(await pack.analyze(inputsOf("weekly", { guestAccess: "direct_access", waitingRoom: false })), "guests-need-waiting-room-or-password");
      assert.equal(found.enforcementLevel, "mandatory");
      assert.equal(found.severity, 3, "high");
      assert.equal(found.text,
        'rooms.yaml entry "weekly": guests can join without a waiting room or a password (guestAccess: direct_access lets ' +
        "anyone with the link straight in) — add waitingRoom: true or passwordConfig, or set guestAccess: waiting_room or guestAccess: disabled");
    });

    it("refuses guest access left to the server without a waiting room or password", async () => {
      const found = violation(await pack.analyze(inputsOf("all-hands", { guestAccess: undefined })), "guests-need-waiting-room-or-password");
      assert.match(found.text, /^rooms\.yaml entry "all-hands": .*guestAccess is not set, so guests get the server's default/);
    });

    it("accepts the registered rooms: a waiting room, guests sent to the waiting room, guests disabled", async () => {
      for (const name of ["weekly", "all-hands", "board"]) {
        assert.deepEqual(of(await pack.analyze(inputsOf(name)), "guests-need-waiting-room-or-password"), [], name);
      }
    });

    it("accepts direct access behind a password, and an encrypted room", async () => {
      const withPassword = await pack.analyze(inputsOf("weekly", { guestAccess: "direct_access", waitingRoom: false, password: wrapSecret("a-long-room-password") }));
      assert.deepEqual(of(withPassword, "guests-need-waiting-room-or-password"), []);
      const encrypted = await pack.analyze(inputsOf("all-hands", { guestAccess: undefined, e2eEncryption: true }));
      assert.deepEqual(of(encrypted, "guests-need-waiting-room-or-password"), []);
    });

    it("honours allowedEntries, and the enforcement level the config sets", async () => {
      const open = inputsOf("weekly", { guestAccess: "direct_access", waitingRoom: false });
      await pack.configure({ "guests-need-waiting-room-or-password": { allowedEntries: ["weekly"] } });
      assert.deepEqual(of(await pack.analyze(open), "guests-need-waiting-room-or-password"), []);
      await pack.configure({ "guests-need-waiting-room-or-password": "advisory" });
      assert.equal(violation(await pack.analyze(open), "guests-need-waiting-room-or-password").enforcementLevel, "advisory");
      await pack.configure({ "guests-need-waiting-room-or-password": "disabled" });
      assert.deepEqual(of(await pack.analyze(open), "guests-need-waiting-room-or-password"), []);
    });
  });

  describe("direct-access-only-where-allowed", () => {
    it("refuses direct_access unless the config lists the entry", async () => {
      const open = inputsOf("weekly", { guestAccess: "direct_access" });
      await pack.configure();
      const found = violation(await pack.analyze(open), "direct-access-only-where-allowed");
      assert.equal(found.enforcementLevel, "mandatory");
      assert.match(found.text, /^rooms\.yaml entry "weekly": guestAccess: direct_access lets guests in without a moderator .*add "weekly" to allowedEntries/);
      assert.deepEqual(of(await pack.analyze(inputsOf("weekly")), "direct-access-only-where-allowed"), [], "waiting_room is fine");
      await pack.configure({ "direct-access-only-where-allowed": { allowedEntries: ["weekly"] } });
      assert.deepEqual(of(await pack.analyze(open), "direct-access-only-where-allowed"), []);
    });
  });

  describe("room-password-is-secret", () => {
    const password = "board-room-pass-2026";
    before(() => pack.configure());
    afterEach(() => stackConfigured());

    it("accepts the board's password: a secret on the wire, from a secret stack setting", async () => {
      assert.deepEqual(of(await pack.analyze(inputsOf("board")), "room-password-is-secret"), []);
    });

    it("refuses a password the engine received as a plain value", async () => {
      const found = violation(await pack.analyze(inputsOf("board", { password })), "room-password-is-secret");
      assert.match(found.text, /^rooms\.yaml entry "board": the room password reaches Pulumi as a plain value/);
      assert.ok(!found.message.includes(password));
    });

    it("refuses a password kept in plain text in the stack file, naming the setting but never the password", async () => {
      await stackConfigured(run.secretKeys.filter((key) => key !== `${PROJECT}:boardPassword`));
      const found = violation(await pack.analyze(inputsOf("board")), "room-password-is-secret");
      assert.equal(found.text,
        'rooms.yaml entry "board": the room password is the stack setting boardPassword, which Pulumi.<stack>.yaml keeps ' +
        "in plain text — set a new password with pulumi config set --secret boardPassword (the old one stays in the Git history)");
      assert.ok(!found.message.includes(password));
    });
  });

  describe("room-password-length", () => {
    it("flags a short password by its length and setting, and honours minLength", async () => {
      await pack.configure();
      const short = wrapSecret("short");
      const found = violation(await pack.analyze(inputsOf("board", { password: short })), "room-password-length");
      assert.equal(found.enforcementLevel, "advisory");
      assert.match(found.text, /^rooms\.yaml entry "board": the room password has 5 characters; use at least 12/);
      assert.ok(!found.message.includes("short"));
      assert.deepEqual(of(await pack.analyze(inputsOf("board")), "room-password-length"), [], "20 characters");
      await pack.configure({ "room-password-length": { minLength: 24 } });
      assert.match(violation(await pack.analyze(inputsOf("board")), "room-password-length").text,
        /has 20 characters; use at least 24 \(pulumi config set --secret boardPassword …\)/);
    });
  });

  describe("guest-link-expiry", () => {
    const inDays = (days: number) => new Date(Date.now() + days * DAY_MS).toISOString().replace(/\.\d+Z$/, "Z");

    it("refuses a link that never expires unless allowed", async () => {
      await pack.configure();
      const found = violation(await pack.analyze(inputsOf("weekly/partners")), "guest-link-expiry");
      assert.equal(found.enforcementLevel, "mandatory");
      assert.match(found.text, /^rooms\.yaml entry "weekly", guest link "partners": the guest link never expires — add expiresAt \(at most 90 days ahead, e\.g\. \d{4}-\d\d-\d\dT00:00:00Z\), or add "weekly\/partners" to allowNeverExpires/);
      await pack.configure({ "guest-link-expiry": { allowNeverExpires: ["weekly/partners"] } });
      assert.deepEqual(of(await pack.analyze(inputsOf("weekly/partners")), "guest-link-expiry"), []);
    });

    it("refuses an expiry beyond maxDays and accepts one within", async () => {
      await pack.configure({ "guest-link-expiry": { maxDays: 30 } });
      const far = violation(await pack.analyze(inputsOf("weekly/customer-acme", { expiresAt: inDays(45) })), "guest-link-expiry");
      assert.match(far.text, /^rooms\.yaml entry "weekly", guest link "customer-acme": the guest link expires \d+ \w{3} \d{4}, 45 days ahead; the limit is 30 days — set expiresAt to \d+ \w{3} \d{4} or earlier/);
      assert.deepEqual(of(await pack.analyze(inputsOf("weekly/customer-acme", { expiresAt: inDays(29) })), "guest-link-expiry"), []);
    });

    it("on OpenTalk 0.35, where links cannot expire, refuses expiresAt and accepts a link without", async () => {
      await pack.configure({ "guest-link-expiry": { openTalkVersion: "0.35" } });
      const found = violation(await pack.analyze(inputsOf("weekly/customer-acme", { expiresAt: inDays(10) })), "guest-link-expiry");
      assert.match(found.text, /OpenTalk 0\.35 cannot expire guest links .* remove it, and end guest access with guestAccess: disabled on entry "weekly"/);
      assert.deepEqual(of(await pack.analyze(inputsOf("weekly/partners")), "guest-link-expiry"), []);
    });
  });

  describe("standing-rooms-are-meetings", () => {
    it("flags a plain room, not a meeting, and honours allowedEntries", async () => {
      await pack.configure();
      const found = violation(await pack.analyze(inputsOf("board")), "standing-rooms-are-meetings");
      assert.equal(found.enforcementLevel, "advisory");
      assert.match(found.text, /^rooms\.yaml entry "board": a plain room, which OpenTalk's room-cleanup job deletes together with its link — add a title/);
      assert.deepEqual(of(await pack.analyze(inputsOf("weekly")), "standing-rooms-are-meetings"), []);
      await pack.configure({ "standing-rooms-are-meetings": { allowedEntries: ["board"] } });
      assert.deepEqual(of(await pack.analyze(inputsOf("board")), "standing-rooms-are-meetings"), []);
    });
  });

  describe("the standing-rooms stack as registered, with the example's policy config", () => {
    before(() => pack.configure(examplePolicyConfig));

    it("registers exactly the type tokens the policies match", () => {
      assert.deepEqual([...new Set(run.resources.map((r) => r.type))].sort(), Object.values(TYPE_TOKENS).sort());
    });

    it("Analyze: only the plain board room is flagged (advisory)", async () => {
      const results = await Promise.all(run.resources.map((r) => pack.analyze(inputsOf(r.name))));
      const found = results.flatMap((r) => r.diagnostics).map((d) => `${d.policyName} ${d.enforcementLevel}`);
      assert.deepEqual(found, ["standing-rooms-are-meetings advisory"]);
    });

    it("AnalyzeStack: the weekly meeting's dial-in, which OpenTalk switched on without a lobby, is attributed to it", async () => {
      const result = await pack.analyzeStack(run.resources.map((r) => outputsOf(r)));
      // The stack ran on the sandbox's default release, 0.35: all-hands lets guests in by its room link, and the rooms
      // file names no guest link for it — the advisory rule for that speaks too.
      assert.deepEqual(result.diagnostics.map((d) => [d.policyName, d.urn]), [
        ["dial-in-waits-in-lobby", registered("weekly").urn],
        ["guest-access-declared", registered("all-hands").urn],
      ]);
      assert.match(result.diagnostics[0]!.message, /rooms\.yaml entry "weekly": phone callers join without waiting — set sip: \{ enabled: true, lobby: true \}/);
      assert.match(result.diagnostics[1]!.message, /rooms\.yaml entry "all-hands": guests can join by the room link, but the rooms file declares no guest link/);
      assert.equal((registered("weekly").outputs.sip as { lobby: boolean }).lobby, false, "as the sandbox made it");
      await pack.configure({ ...examplePolicyConfig, "dial-in-waits-in-lobby": { allowedEntries: ["weekly"] } });
      assert.deepEqual((await pack.analyzeStack(run.resources.map((r) => outputsOf(r)))).diagnostics.map((d) => d.policyName), ["guest-access-declared"]);
      await pack.configure(examplePolicyConfig);
    });
  });

  describe("previews with values not known yet", () => {
    before(() => pack.configure());

    it("checks a new guest link whose room does not exist yet without a 'can't run during preview' message", async () => {
      const expiresAt = new Date(Date.now() + 200 * DAY_MS).toISOString();
      const result = await pack.analyze(inputsOf("weekly/customer-acme", { roomId: UNKNOWN_VALUE, expiresAt }));
      assert.deepEqual(result.diagnostics.filter((d) => /during preview/.test(d.message)), []);
      assert.equal(of(result, "guest-link-expiry").length, 1, "its expiry is known, and checked");
    });

    it("leaves a rule out, saying why, when the setting it needs is unknown, and runs the others", async () => {
      const result = await pack.analyze(inputsOf("weekly", { guestAccess: UNKNOWN_VALUE, waitingRoom: false }));
      assert.deepEqual(result.diagnostics, []);
      assert.deepEqual(result.notApplicable.filter((n) => n.policyName === "guests-need-waiting-room-or-password"),
        [{ policyName: "guests-need-waiting-room-or-password", reason: "guestAccess is not known until pulumi up; checked then" }]);
    });

    it("AnalyzeStack skips outputs that are not known yet", async () => {
      const result = await pack.analyzeStack([
        outputsOf(registered("weekly"), { sip: UNKNOWN_VALUE, guestLink: UNKNOWN_VALUE, roomId: UNKNOWN_VALUE }),
        outputsOf(registered("weekly/partners"), { roomId: UNKNOWN_VALUE }),
        { urn: STACK_URN, type: "pulumi:pulumi:Stack", name: `${PROJECT}-${STACK}`, properties: {} },
      ]);
      assert.deepEqual(result.diagnostics, []);
    });
  });
});
