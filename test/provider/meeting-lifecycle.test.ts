// OpenTalkMeeting through Pulumi's real dynamic-provider host (gRPC), installed as a user installs pulumi-opentalk,
// against the sandbox's events API. Not covered by the engine emulation (see test/harness/engine.ts): state files,
// previews beyond Check/Diff, resource options, `--parallel` scheduling.
import assert from "node:assert/strict";
import type { DynamicHost } from "../harness/dynamic-host";
import { HostEngine } from "../harness/engine";
import { installPackage, inviteGoal, leakedSecrets, meetingGoal, PROJECT, stackConfig, startHostIn, verifyInvite, inviteCodeOf, type InstalledPackage } from "../support/host-fixture";
import { closeClients, newClient, useSandbox } from "../support/sandbox-fixture";

describe("OpenTalkMeeting through the real dynamic-provider host", () => {
  const sandbox = useSandbox({ controllerVersion: "0.34" }); // the detailed lifecycle of invite codes; every release: release-lifecycle.test.ts
  let pkg: InstalledPackage;
  let host: DynamicHost;

  before(async () => {
    pkg = installPackage("meeting-host");
    host = await startHostIn(pkg.dir);
  });
  after(async () => {
    await host?.close();
    await pkg?.closeSharedClients();
  });
  afterEach(closeClients);

  it("takes a meeting and its guest link through create, no change, update, drift, deletion, recreate and destroy", async function () {
    this.timeout(60_000);
    const s = sandbox();
    const engine = new HostEngine(host, { project: PROJECT, config: stackConfig(s) });
    const declared = { title: "Team sync", password: "Meeting-Pw-9911", waitingRoom: true };
    const up = async (props: Record<string, unknown>) => {
      const meetingStep = await engine.register(meetingGoal(pkg.shims, "team-sync", props));
      assert.ok(meetingStep.ok, meetingStep.error?.message);
      const inviteStep = await engine.register(inviteGoal(pkg.shims, "team-sync/guests", { roomId: meetingStep.outputs!.roomId }));
      assert.ok(inviteStep.ok, inviteStep.error?.message);
      return [meetingStep, inviteStep] as const;
    };

    const [created, link] = await up(declared);
    assert.deepEqual([created.op, link.op], ["create", "create"]);
    const eventId = created.id!;
    assert.equal(await verifyInvite(s, inviteCodeOf(String(link.outputs!.guestLink))), 200);

    s.clearRequests();
    const [same, sameLink] = await up(declared);
    assert.deepEqual([same.op, sameLink.op], ["same", "same"]);
    assert.deepEqual(s.requests({ service: "controller" }), [], "no request for an unchanged stack");

    const [updated, keptLink] = await up({ ...declared, title: "Team sync (weekly)" });
    assert.deepEqual([updated.op, updated.id, keptLink.op], ["update", eventId, "same"]);
    assert.equal(updated.outputs!.roomId, created.outputs!.roomId);
    assert.equal((await newClient(s).getEvent(eventId)).title, "Team sync (weekly)");

    await newClient(s).updateEvent(eventId, { waiting_room: false });
    const refreshed = await engine.refresh();
    assert.ok(refreshed.every((step) => step.ok), JSON.stringify(refreshed.map((step) => step.error?.message)));
    assert.equal(engine.get(updated.urn)!.outputs.waitingRoom, false, "drift is recorded");
    const [restored] = await up({ ...declared, title: "Team sync (weekly)" });
    assert.equal(restored.op, "update");
    assert.equal((await newClient(s).getEvent(eventId)).room!.waiting_room, true, "and put right by the next up");

    await newClient(s).deleteEvent(eventId);
    const afterDelete = await engine.refresh();
    assert.deepEqual(afterDelete.map((step) => step.op).sort(), ["refresh-gone", "refresh-gone"], "the meeting and its link are gone");
    const [recreated, newLink] = await up(declared);
    assert.deepEqual([recreated.op, newLink.op], ["create", "create"]);
    assert.notEqual(recreated.id, eventId);

    const state = JSON.stringify(engine.state());
    assert.deepEqual(leakedSecrets(state, [declared.password, String(newLink.outputs!.guestLink), s.password]), []);

    await engine.destroy();
    assert.deepEqual(s.store.events?.() ?? [], []);
    assert.equal(s.store.room(String(recreated.outputs!.roomId)), undefined);
  });
});
