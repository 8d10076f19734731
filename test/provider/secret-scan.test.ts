// Every kind of secret pulumi-opentalk handles — the login password, a confidential client's secret, the access,
// refresh and ID tokens Keycloak hands out, room and meeting passwords, SIP PINs, invite codes and guest links — is
// kept out of everything a person or a log can read: error messages (also when a server echoes a request back), the
// host's log lines, check failures (also their echoed inputs), and the state. Through Pulumi's real dynamic-provider
// host against the sandbox (0.34: invite codes and owners' dial-in both exist there).
import assert from "node:assert/strict";
import type { DynamicHost, PropertyMap } from "../harness/dynamic-host";
import { HostEngine, type StepResult } from "../harness/engine";
import { serializeProvider } from "../harness/provider-serialization";
import { installPackage, inviteGoal, leakedSecrets, meetingGoal, PROJECT, roomGoal, startHostIn, type InstalledPackage } from "../support/host-fixture";
import { useSandbox } from "../support/sandbox-fixture";

const CLIENT_SECRET = "Frontend-Client-Secret-6620";
const ROOM_PASSWORD = "Scan-Room-Pw-6621";
const NEW_ROOM_PASSWORD = "Scan-Room-Pw-6622";
const MEETING_PASSWORD = "Scan-Meeting-Pw-6623";
const JWT = /eyJ[\w-]{8,}\.[\w-]+\.[\w-]*/;

describe("no secret in any error, log line, check failure or state", () => {
  const sandbox = useSandbox({ controllerVersion: "0.34", clientSecret: CLIENT_SECRET });
  let pkg: InstalledPackage;
  let host: DynamicHost;
  before(async () => {
    pkg = installPackage("secret-scan");
    host = await startHostIn(pkg.dir);
  });
  after(async () => {
    await host?.close();
    await pkg?.closeSharedClients();
  });

  it("keeps every kind of secret out, through successes, echoed errors, refused checks and a failed login", async function () {
    this.timeout(60_000);
    const s = sandbox();
    const config = {
      "opentalk:url": s.url,
      "opentalk:username": s.username,
      "opentalk:password": { secret: s.password },
      "opentalk:clientSecret": { secret: CLIENT_SECRET },
    };
    const engine = new HostEngine(host, { project: PROJECT, config });
    const texts: string[] = [];
    const record = (step: StepResult): StepResult => {
      if (step.error) texts.push(step.error.message, String(step.error.stack));
      for (const failure of step.checkFailures ?? []) texts.push(failure.reason);
      return step;
    };

    // Successes: a room with dial-in and a password, a meeting with one, a guest link.
    const room = record(await engine.register(roomGoal(pkg.shims, "vault", { password: ROOM_PASSWORD, sip: { enabled: true } })));
    const meeting = record(await engine.register(meetingGoal(pkg.shims, "board", { title: "Board", password: MEETING_PASSWORD })));
    const link = record(await engine.register(inviteGoal(pkg.shims, "vault/guests", { roomId: room.outputs!.roomId })));
    assert.ok(room.ok && meeting.ok && link.ok, texts.join("\n"));
    const sipPin = String(room.outputs!.sipPin);
    const inviteCode = String(link.outputs!.inviteCode);
    const guestLink = String(link.outputs!.guestLink);

    // An upstream that echoes the request back in its error: the new password must not come back out.
    s.addFault({
      service: "controller",
      method: "PATCH",
      path: "^/v1/rooms/",
      status: 400,
      contentType: "text/json; charset=utf-8",
      body: JSON.stringify({ code: "invalid_json", message: `Json deserialize error: {"password":"${NEW_ROOM_PASSWORD}","sip_pin":"${sipPin}"}` }),
      count: 1,
    });
    const echoed = record(await engine.register(roomGoal(pkg.shims, "vault", { password: NEW_ROOM_PASSWORD, sip: { enabled: true } })));
    assert.equal(echoed.ok, false);
    assert.match(echoed.error!.message, /Json deserialize error: \{"password":"\*\*\*","sip_pin":"\*\*\*"\}/);

    // A failing delete of the guest link: its code sits in the path.
    s.addFault({ service: "controller", method: "DELETE", path: "/invites/", status: 500, body: "html", count: 10 });
    const failedDelete = record(await engine.up([roomGoal(pkg.shims, "vault", { password: ROOM_PASSWORD, sip: { enabled: true } }), meetingGoal(pkg.shims, "board", { title: "Board", password: MEETING_PASSWORD })]).then((steps) => steps.find((step) => !step.ok)!));
    assert.match(failedDelete.error!.message, /\/invites\/\*\*\*/);
    s.clearFaults();

    // Refused checks: a password of the wrong type or length is never described, and the check echoes no input.
    const checked = await host.check(engine.urnOf({ name: "bad", module: "opentalk", type: "Room" }), {}, {
      __provider: (await serializeProvider(pkg.shims.room)).text,
      password: `${ROOM_PASSWORD}${"x".repeat(300)}`,
      sip: { enabled: "yes", pin: sipPin },
    } as PropertyMap);
    texts.push(...checked.failures.map((failure) => failure.reason), JSON.stringify(checked.inputs));
    assert.ok(checked.failures.length >= 2);
    assert.deepEqual(Object.keys(checked.inputs), ["__provider"], "a refused check sends no input back");

    // A failed login names the user, never the password or the client secret.
    const wrongHost = await startHostIn(pkg.dir);
    try {
      const wrong = new HostEngine(wrongHost, { project: PROJECT, config: { ...config, "opentalk:password": { secret: "Not-The-Password-6624" } } });
      const refused = record(await wrong.register(roomGoal(pkg.shims, "never", {})));
      assert.match(refused.error!.message, /OpenTalk login failed for bot@example\.org: Keycloak says "Invalid user credentials"/);
      assert.ok(!refused.error!.message.includes("Not-The-Password-6624"));
    } finally {
      await wrongHost.close();
    }
    // Read after the hosts exited: their stderr is a pipe, and lines written last may arrive after the last answer.
    texts.push(...wrongHost.logs().stderr, ...wrongHost.logs().stdout);

    await engine.destroy();
    await host.close();
    texts.push(...host.logs().stderr, ...host.logs().stdout, JSON.stringify(engine.state()));
    const everything = texts.join("\n");
    const secrets = [s.password, CLIENT_SECRET, ROOM_PASSWORD, NEW_ROOM_PASSWORD, MEETING_PASSWORD, sipPin, inviteCode, guestLink];
    assert.deepEqual(leakedSecrets(everything, secrets), []);
    assert.doesNotMatch(everything, JWT, "no access, refresh or ID token");
  });
});
