// OpenTalk 0.35 removed invite codes: guests join by the room link while the room lets them in, and rooms may have
// names. Through Pulumi's real dynamic-provider host: OpenTalkInvite on 0.35 as documented (no expiry, an expiry,
// delete, guest access disabled), a stack made on 0.34 converging after its server is upgraded to 0.35 (the sandbox's
// profile switched between runs over the same data), and room names (create, rename in place, a taken name, refused
// before 0.35).
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import type { DynamicHost, PropertyMap } from "../harness/dynamic-host";
import { HostEngine, type StepResult } from "../harness/engine";
import { startSandbox, type ControllerVersion, type Sandbox } from "../sandbox";
import { hostLogsMatching, installPackage, inviteCodeOf, inviteGoal, meetingGoal, PROJECT, roomGoal, stackConfig, startHostIn, verifyInvite, type InstalledPackage } from "../support/host-fixture";
import { useSandbox } from "../support/sandbox-fixture";

function ok(step: StepResult): StepResult {
  assert.ok(step.ok, `${step.urn}: ${step.error?.message}`);
  return step;
}

describe("guest links on OpenTalk 0.35 through the real dynamic-provider host", () => {
  const sandbox = useSandbox({ controllerVersion: "0.35" });
  let pkg: InstalledPackage;
  let host: DynamicHost;
  before(async () => {
    pkg = installPackage("guest-links-035");
    host = await startHostIn(pkg.dir);
  });
  after(async () => {
    await host?.close();
    await pkg?.closeSharedClients();
  });

  it("yields the room link without an expiry, refuses one with it, warns on delete, and refuses a room that shuts guests out", async () => {
    const s = sandbox();
    const engine = new HostEngine(host, { project: PROJECT, config: stackConfig(s) });
    const open = ok(await engine.register(roomGoal(pkg.shims, "open", { waitingRoom: true })));
    const closed = ok(await engine.register(roomGoal(pkg.shims, "closed", { guestAccess: "disabled" })));
    s.clearRequests();

    const link = ok(await engine.register(inviteGoal(pkg.shims, "open/guests", { roomId: open.id })));
    assert.equal(link.outputs!.guestLink, open.outputs!.roomLink);
    assert.deepEqual([link.outputs!.inviteCode, link.outputs!.expiresAt, link.outputs!.active], [null, null, true]);
    assert.equal(s.guestCanJoin(open.id!), true, "the link lets a guest in");
    assert.deepEqual(engine.get(link.urn)!.secretOutputs.sort(), ["guestLink", "inviteCode"]);

    const expiring = await engine.register(inviteGoal(pkg.shims, "open/expiring", { roomId: open.id, expiresAt: "2031-01-01T00:00:00Z" }));
    assert.equal(expiring.ok, false);
    assert.match(expiring.error!.message, /expiresAt: OpenTalk 0\.35\.0 has no expiring guest links \(OpenTalk 0\.35 removed invite codes\)/);
    assert.equal(engine.get(expiring.urn), undefined, "nothing recorded");

    const refused = await engine.register(inviteGoal(pkg.shims, "closed/guests", { roomId: closed.id }));
    assert.equal(refused.ok, false);
    assert.match(refused.error!.message, /does not let guests in .*set guestAccess to "waiting_room" or "direct_access" on the room/);
    assert.deepEqual(s.requests({ service: "controller" }).filter((r) => r.path.includes("/invites")), [], "the removed API is never asked");

    // Dropping the link from the program: deleted from the state with a warning that nothing was revoked.
    const stderrBefore = host.logs().stderr.length;
    const steps = await engine.up([roomGoal(pkg.shims, "open", { waitingRoom: true }), roomGoal(pkg.shims, "closed", { guestAccess: "disabled" })]);
    assert.ok(steps.every((step) => step.ok), steps.map((step) => step.error?.message).join("; "));
    assert.equal(engine.get(link.urn), undefined);
    assert.equal(s.guestCanJoin(open.id!), true, "guests keep access: the room still lets them in");
    const warning = /cannot revoke a guest link — guests join by the room link, and keep that access until the room's guestAccess is "disabled"/;
    assert.match(await hostLogsMatching(host, warning, stderrBefore), warning);
    await engine.destroy();
  });

  it("names a room and a meeting's room, and renames a room in place", async () => {
    const s = sandbox();
    const engine = new HostEngine(host, { project: PROJECT, config: stackConfig(s) });
    const named = ok(await engine.register(roomGoal(pkg.shims, "board", { name: "board-room" })));
    assert.equal(named.outputs!.name, "board-room");
    assert.match(String(named.outputs!.alias), /^board-room(_[a-z0-9]+)?$/);
    const renamed = ok(await engine.register(roomGoal(pkg.shims, "board", { name: "board-room-2" })));
    assert.deepEqual([renamed.op, renamed.id, renamed.outputs!.name], ["update", named.id, "board-room-2"]);
    const meeting = ok(await engine.register(meetingGoal(pkg.shims, "weekly", { title: "Weekly", name: "weekly-sync" })));
    assert.equal(meeting.outputs!.name, "weekly-sync");
    await engine.destroy();
  });
});

describe("room names where the server has none (OpenTalk 0.34)", () => {
  const sandbox = useSandbox({ controllerVersion: "0.34" });
  let pkg: InstalledPackage;
  let host: DynamicHost;
  before(async () => {
    pkg = installPackage("names-034");
    host = await startHostIn(pkg.dir);
  });
  after(async () => {
    await host?.close();
    await pkg?.closeSharedClients();
  });

  it("refuses a name before creating anything, naming the release", async () => {
    const s = sandbox();
    const engine = new HostEngine(host, { project: PROJECT, config: stackConfig(s) });
    const before = s.store.rooms().length;
    const step = await engine.register(roomGoal(pkg.shims, "board", { name: "board-room" }));
    assert.equal(step.ok, false);
    assert.match(step.error!.message, /name: room names need OpenTalk 0\.35 or newer, and OpenTalk 0\.34\.5 has none — remove name/);
    assert.equal(s.store.rooms().length, before);
  });
});

describe("a taken room name on OpenTalk 0.35 without alias suffixes", () => {
  const sandbox = useSandbox({ controllerVersion: "0.35", roomAliasSuffix: "none" });
  let pkg: InstalledPackage;
  let host: DynamicHost;
  before(async () => {
    pkg = installPackage("names-taken-035");
    host = await startHostIn(pkg.dir);
  });
  after(async () => {
    await host?.close();
    await pkg?.closeSharedClients();
  });

  it("fails with the server's reason, and makes no room", async () => {
    const s = sandbox();
    s.store.createRoom("alice@example.org", { name: "lobby" });
    const engine = new HostEngine(host, { project: PROJECT, config: stackConfig(s) });
    const before = s.store.rooms().length;
    const step = await engine.register(roomGoal(pkg.shims, "lobby", { name: "lobby" }));
    assert.equal(step.ok, false);
    assert.match(step.error!.message, /answered 409 to POST \/v1\/rooms \(conflict/);
    assert.equal(s.store.rooms().length, before);
  });
});

describe("a stack made on OpenTalk 0.34, after its server is upgraded to 0.35", () => {
  let pkg: InstalledPackage;
  let dir: string;
  before(() => {
    pkg = installPackage("upgrade-034-035");
    dir = mkdtempSync(path.join(tmpdir(), "opentalk-upgrade-"));
  });
  after(async () => {
    await pkg?.closeSharedClients();
    rmSync(dir, { recursive: true, force: true });
  });

  const startOn = (release: ControllerVersion): Promise<Sandbox> => startSandbox({ controllerVersion: release, statePath: path.join(dir, "state.json") });

  it("converges with refresh and up, keeping every room and meeting id, without asking the removed invite API twice", async function () {
    this.timeout(60_000);
    // 3 meetings and 2 rooms with 6 guest links, none with an expiry (0.35 cannot keep one: see the invite tests).
    const owners: PropertyMap[] = [
      { kind: "meeting", name: "weekly", props: { title: "Weekly customer sync", waitingRoom: true, guestAccess: "waiting_room" } },
      { kind: "meeting", name: "all-hands", props: { title: "All hands", guestAccess: "waiting_room" } },
      { kind: "meeting", name: "retro", props: { title: "Retro", password: "Retro-Pw-771", guestAccess: "direct_access" } },
      { kind: "room", name: "lobby", props: { waitingRoom: true, guestAccess: "waiting_room" } },
      { kind: "room", name: "support", props: { password: "Support-Pw-772", guestAccess: "waiting_room" } },
    ];
    const links: Record<string, string[]> = { weekly: ["acme", "partners"], "all-hands": ["press"], retro: ["coach"], lobby: ["visitors"], support: ["customers"] };
    let s = await startOn("0.34");
    let host = await startHostIn(pkg.dir);
    const engine = new HostEngine(host, { project: PROJECT, config: stackConfig(s) });
    const goalOf = (owner: PropertyMap) =>
      owner.kind === "room" ? roomGoal(pkg.shims, String(owner.name), owner.props as PropertyMap) : meetingGoal(pkg.shims, String(owner.name), owner.props as PropertyMap);
    const up = async (): Promise<Map<string, StepResult>> => {
      const steps = new Map<string, StepResult>();
      for (const step of await Promise.all(owners.map((owner) => engine.register(goalOf(owner))))) steps.set(step.urn.split("::").pop()!, ok(step));
      const linkSteps = await Promise.all(
        Object.entries(links).flatMap(([owner, names]) =>
          names.map((name) => engine.register(inviteGoal(pkg.shims, `${owner}/${name}`, { roomId: steps.get(owner)!.outputs!.roomId }))),
        ),
      );
      for (const step of linkSteps) steps.set(step.urn.split("::").pop()!, ok(step));
      return steps;
    };
    let ids: Record<string, string>;
    try {
      const onOld = await up();
      assert.equal(onOld.size, 11);
      ids = Object.fromEntries(owners.map((owner) => [String(owner.name), onOld.get(String(owner.name))!.id!]));
      for (const name of ["weekly/acme", "lobby/visitors"]) assert.equal(await verifyInvite(s, inviteCodeOf(String(onOld.get(name)!.outputs!.guestLink))), 200);
    } finally {
      await host.close();
      await s.close();
    }

    // The server is upgraded: same data, same addresses, release 0.35. The next `pulumi up` is a new host process.
    s = await startOn("0.35");
    host = await startHostIn(pkg.dir);
    engine.useHost(host);
    try {
      const refreshed = await engine.refresh();
      assert.ok(refreshed.every((step) => step.ok), refreshed.map((step) => step.error?.message).join("; "));
      const changedMeaning = /has no invite codes any more; guests now join by the room link/;
      assert.match(await hostLogsMatching(host, changedMeaning), changedMeaning, "the links that changed meaning are named");
      const onNew = await up();
      for (const owner of owners) assert.equal(onNew.get(String(owner.name))!.id, ids[String(owner.name)], `${String(owner.name)} kept its id`);
      for (const [owner, names] of Object.entries(links)) {
        for (const name of names) {
          const step = onNew.get(`${owner}/${name}`)!;
          assert.equal(step.outputs!.guestLink, onNew.get(owner)!.outputs!.roomLink, `${owner}/${name} is now the room link`);
          assert.equal(step.outputs!.inviteCode, null);
        }
        assert.equal(s.guestCanJoin(onNew.get(owner)!.outputs!.roomId as string), true);
      }
      const again = await up();
      assert.deepEqual([...again.values()].map((step) => step.op), [...again.values()].map(() => "same"), "converged: a second up changes nothing");
      const gone410 = s.requests({ service: "controller" }).filter((r) => r.status === 410);
      assert.ok(gone410.length <= 1, `the removed invite API was answered with 410 at most once in this process, saw ${gone410.length}`);
      const destroyed = await engine.destroy();
      assert.ok(destroyed.every((step) => step.ok), destroyed.map((step) => step.error?.message).join("; "));
    } finally {
      await host.close();
      await s.close();
    }
  });
});
