// OpenTalkRoom and OpenTalkInvite through Pulumi's real dynamic-provider host (gRPC), installed the way a user
// installs pulumi-opentalk, against the sandbox over real HTTP. HostEngine plays the engine's step logic: check,
// diff, create/update/replace, refresh, destroy, init failures, secret marking.
//
// Not covered by the engine emulation (see test/harness/engine.ts): state files and encryption (state() only
// imitates ciphertext), previews beyond Check/Diff, resource options (ignoreChanges, protect, retainOnDelete,
// aliases, dependsOn …), `--parallel` scheduling and dependency order (dependent resources are registered one
// after the other here, as the engine would order them), parent chains and default-provider registration.
import * as assert from "assert";
import { randomUUID } from "crypto";
import type { ConfigValue, DynamicHost, PropertyMap } from "../harness/dynamic-host";
import { HostEngine, type StepResult } from "../harness/engine";
import { isHostRpcError } from "../harness/host-rpc-error";
import { serializeProvider } from "../harness/provider-serialization";
import { DEFAULT_USERS, type Sandbox } from "../sandbox";
import {
  installPackage,
  inviteCodeOf,
  inviteGoal,
  leakedSecrets,
  PROJECT,
  roomGoal,
  stackConfig,
  startHostIn,
  verifyInvite,
  type InstalledPackage,
} from "../support/host-fixture";
import { tokenRequests, useSandbox } from "../support/sandbox-fixture";

const ROOM_PASSWORD = "Lifecycle-Room-Pw-5521";
const PROVIDER_BUDGET = 1536;
const ALICE = DEFAULT_USERS.find((user) => user.username.startsWith("alice"))!;

describe("OpenTalkRoom and OpenTalkInvite through the real dynamic-provider host", () => {
  const sandbox = useSandbox({ controllerVersion: "0.34" }); // the detailed lifecycle of invite codes; every release: release-lifecycle.test.ts
  let pkg: InstalledPackage;
  let host: DynamicHost;
  const engines: HostEngine[] = [];

  before(async () => {
    pkg = installPackage("provider-host");
    host = await startHostIn(pkg.dir);
  });
  after(async () => {
    await host?.close();
    await pkg?.closeSharedClients();
  });
  afterEach(async () => {
    // Whatever a failed test left behind is destroyed, so the next test starts from an empty sandbox.
    for (const engine of engines.splice(0)) await engine.destroy().catch(() => undefined);
    sandbox().clearFaults();
  });

  function newEngine(on: DynamicHost = host, config: Record<string, ConfigValue> = stackConfig(sandbox())): HostEngine {
    const engine = new HostEngine(on, { project: PROJECT, config });
    engines.push(engine);
    return engine;
  }

  function botUserId(): string {
    return sandbox().store.user(sandbox().username)!.id;
  }

  function activeInvites(s: Sandbox): number {
    return s.store.rooms().flatMap((room) => s.store.invites(room.id)).filter((invite) => invite.active).length;
  }

  /** One `pulumi up` of a room and a guest link to it; the invite is registered once the room id is known. */
  async function upRoomAndInvite(engine: HostEngine, room: PropertyMap, invite: PropertyMap = {}): Promise<[StepResult, StepResult]> {
    const roomStep = await engine.register(roomGoal(pkg.shims, "standup", room));
    assert.ok(roomStep.ok, roomStep.error?.message);
    const inviteStep = await engine.register(inviteGoal(pkg.shims, "guests", { roomId: roomStep.outputs!.roomId, ...invite }));
    assert.ok(inviteStep.ok, inviteStep.error?.message);
    return [roomStep, inviteStep];
  }

  /** The state as a state file would hold it must hold no credential and no token in plain text. */
  function assertNoSecretsInState(engine: HostEngine, extra: string[] = []): void {
    const persisted = JSON.stringify(engine.state());
    const recorded = engine.resources();
    const secrets = [
      sandbox().password,
      ...DEFAULT_USERS.map((user) => user.password),
      ...extra,
      ...recorded.flatMap((r) => ["password", "sipPin", "inviteCode", "guestLink"].map((key) => r.outputs[key] as string)),
      ...recorded.flatMap((r) => sandbox().store.invites(r.id).map((invite) => invite.code)),
    ];
    assert.deepStrictEqual(leakedSecrets(persisted, secrets), []);
    assert.doesNotMatch(persisted, /eyJ[\w-]{10,}\.[\w-]{10,}/, "no JWT (access, refresh or id token)");
    for (const resource of engine.state().resources) {
      const size = Buffer.byteLength(String(resource.outputs.__provider));
      assert.ok(size <= PROVIDER_BUDGET, `${resource.urn}: __provider is ${size} bytes`);
    }
  }

  it("takes a room and its guest link through create, no change, update, replace, drift, deletion, recreate and destroy", async () => {
    const s = sandbox();
    const engine = newEngine();
    const declared = { password: ROOM_PASSWORD, waitingRoom: false, guestAccess: "waiting_room", sip: { enabled: true } };

    // create
    const [room, invite] = await upRoomAndInvite(engine, declared, { expiresAt: "2031-01-01T10:00:00Z" });
    assert.deepStrictEqual([room.op, invite.op], ["create", "create"]);
    const firstRoomId = room.id!;
    const live = s.store.room(firstRoomId)!;
    assert.deepStrictEqual([live.ownerId, live.password, live.waitingRoom], [botUserId(), ROOM_PASSWORD, false]);
    assert.strictEqual(room.outputs!.sipPin, s.store.sipConfig(firstRoomId)!.password);
    const guestLink = invite.outputs!.guestLink as string;
    assert.strictEqual(await verifyInvite(s, inviteCodeOf(guestLink)), 200);
    assert.deepStrictEqual(engine.get(room.urn)!.secretOutputs.sort(), ["guestLink", "password", "sipPin"]);
    assert.deepStrictEqual(engine.get(invite.urn)!.secretOutputs.sort(), ["guestLink", "inviteCode"]);
    assertNoSecretsInState(engine);
    for (const resource of engine.state().resources) {
      const bytes = Buffer.byteLength(JSON.stringify(resource.inputs)) + Buffer.byteLength(JSON.stringify(resource.outputs));
      console.log(`      state of ${resource.type}: ${bytes} bytes (inputs + outputs, __provider included)`);
    }

    // no change: no API call at all (check and diff are local)
    s.clearRequests();
    const same = await upRoomAndInvite(engine, declared, { expiresAt: "2031-01-01T10:00:00Z" });
    assert.deepStrictEqual(same.map((step) => step.op), ["same", "same"]);
    assert.deepStrictEqual(s.requests({ service: "controller" }), []);

    // update in place: same room, same link
    const [updatedRoom, updatedInvite] = await upRoomAndInvite(engine, { ...declared, waitingRoom: true }, { expiresAt: "2031-06-01T12:00:00+02:00" });
    assert.deepStrictEqual([updatedRoom.op, updatedInvite.op], ["update", "update"]);
    assert.strictEqual(updatedRoom.id, firstRoomId);
    assert.strictEqual(updatedInvite.outputs!.guestLink, guestLink);
    assert.strictEqual(s.store.room(firstRoomId)!.waitingRoom, true);
    assert.strictEqual(Date.parse(s.store.invite(firstRoomId, inviteCodeOf(guestLink))!.expiration!), Date.parse("2031-06-01T10:00:00Z"));
    assert.strictEqual(s.store.invites(firstRoomId).length, 1, "no second invite");

    // replace: adopting another room of the same user makes a new resource; the old room is deleted
    const other = s.store.createRoom(s.username, { waitingRoom: false });
    const adopting = { ...declared, waitingRoom: true, adoptRoomId: other.id };
    const [replacedRoom, replacedInvite] = await upRoomAndInvite(engine, adopting, { expiresAt: "2031-06-01T10:00:00Z" });
    assert.deepStrictEqual([replacedRoom.op, replacedInvite.op], ["replace", "replace"]);
    assert.strictEqual(replacedRoom.id, other.id);
    assert.strictEqual(s.store.room(firstRoomId), undefined, "the replaced room is deleted");
    assert.deepStrictEqual([s.store.room(other.id)!.password, s.store.room(other.id)!.waitingRoom], [ROOM_PASSWORD, true]);
    assert.ok(s.store.sipConfig(other.id), "SIP dial-in set up on the adopted room");
    const adoptedLink = replacedInvite.outputs!.guestLink as string;
    assert.notStrictEqual(adoptedLink, guestLink);
    assert.strictEqual(await verifyInvite(s, inviteCodeOf(guestLink)), 404);
    assert.strictEqual(await verifyInvite(s, inviteCodeOf(adoptedLink)), 200);
    assertNoSecretsInState(engine);

    // drift: a change in the web UI shows up in outputs and inputs after a refresh …
    const driftPassword = "changed-in-the-web-ui";
    s.store.updateRoom(other.id, { waitingRoom: false, password: driftPassword });
    const refreshed = await engine.refresh();
    const roomRefresh = refreshed.find((step) => step.urn === replacedRoom.urn)!;
    assert.deepStrictEqual([roomRefresh.op, roomRefresh.ok], ["refresh-update", true], roomRefresh.error?.message);
    assert.strictEqual(refreshed.find((step) => step.urn === replacedInvite.urn)!.op, "refresh-same");
    const drifted = engine.get(replacedRoom.urn)!;
    assert.deepStrictEqual([drifted.outputs.waitingRoom, drifted.outputs.password], [false, driftPassword]);
    assert.strictEqual(drifted.inputs.waitingRoom, false);
    assert.ok(!("password" in drifted.inputs), "a refreshed password stays out of the inputs, which the engine would store in plain text");
    assertNoSecretsInState(engine, [driftPassword]);
    // … and the next up brings the room back to the program
    const [restored, keptInvite] = await upRoomAndInvite(engine, adopting, { expiresAt: "2031-06-01T10:00:00Z" });
    assert.deepStrictEqual([restored.op, keptInvite.op], ["update", "same"]);
    assert.deepStrictEqual([s.store.room(other.id)!.password, s.store.room(other.id)!.waitingRoom], [ROOM_PASSWORD, true]);

    // deleted outside Pulumi: refresh forgets room and link (the controller deleted the link with the room)
    s.store.deleteRoom(other.id);
    const gone = await engine.refresh();
    assert.deepStrictEqual(gone.map((step) => [step.op, step.ok]), [["refresh-gone", true], ["refresh-gone", true]]);
    assert.deepStrictEqual(engine.resources(), []);
    // A program that still adopts the deleted room cannot be applied; one that does not creates a new room.
    const stillAdopting = await engine.register(roomGoal(pkg.shims, "standup", adopting));
    assert.strictEqual(stillAdopting.ok, false);
    assert.match(stillAdopting.error!.message, new RegExp(`cannot adopt room ${other.id}: it does not exist or belongs to another user`));
    const [recreated, recreatedInvite] = await upRoomAndInvite(engine, { ...declared, waitingRoom: true }, { expiresAt: "2031-06-01T10:00:00Z" });
    assert.deepStrictEqual([recreated.op, recreatedInvite.op], ["create", "create"]);
    assert.ok(s.store.room(recreated.id!));
    assert.strictEqual(await verifyInvite(s, inviteCodeOf(recreatedInvite.outputs!.guestLink as string)), 200);
    assertNoSecretsInState(engine);

    // destroy
    const destroyed = await engine.destroy();
    assert.ok(destroyed.every((step) => step.ok), destroyed.map((step) => step.error?.message).join("; "));
    assert.deepStrictEqual(s.store.roomsOwnedBy(botUserId()), []);
    assert.strictEqual(activeInvites(s), 0);
    assert.deepStrictEqual(engine.state(), { resources: [] });
  });

  it("never lets an expiry that merely passed block an up, also after a refresh and after the invite-cleanup job", async function () {
    this.timeout(20_000);
    const s = sandbox();
    const engine = newEngine();
    const room = await engine.register(roomGoal(pkg.shims, "short-lived", {}));
    assert.ok(room.ok, room.error?.message);
    // The test waits for this expiry (the provider's clock is the host's), so it is only 2–3 s ahead: the create must
    // come before it, or the provider rightly makes no link — said here, not by a later step that expects one.
    const soon = new Date(Math.ceil((Date.now() + 2_000) / 1000) * 1000).toISOString();
    const goal = inviteGoal(pkg.shims, "short-lived/guests", { roomId: room.id, expiresAt: soon });
    const created = await engine.register(goal);
    assert.ok(created.ok, created.error?.message);
    assert.ok(typeof created.outputs!.inviteCode === "string" && created.outputs!.guestLink,
      `no invite code: the create ended after the expiry ${soon} it was given (a slow machine), so no link was made — ${JSON.stringify(created.outputs)}`);
    assert.deepEqual(s.store.invites(room.id!).map((invite) => invite.code), [created.outputs!.inviteCode], "the link exists on the controller");
    await new Promise((resolve) => setTimeout(resolve, Date.parse(soon) - Date.now() + 300));

    // The link ran out; the GitOps workflow refreshes before every up.
    const refreshed = await engine.refresh();
    assert.ok(refreshed.every((step) => step.ok), refreshed.map((step) => step.error?.message).join("; "));
    assert.equal(engine.get(created.urn)!.outputs.active, false, "kept, as inactive");
    const again = await engine.register(goal);
    assert.deepEqual([again.ok, again.op], [true, "same"], again.error?.message);

    // The controller's invite-cleanup job removes the expired invite: refresh forgets it, up makes no new link.
    s.store.deleteInvite(room.id!, String(created.outputs!.inviteCode));
    await engine.refresh();
    const remade = await engine.register(goal);
    assert.deepEqual([remade.ok, remade.op, remade.outputs!.guestLink], [true, "create", null], remade.error?.message);
    assert.equal(s.store.invites(room.id!).length, 0, "no link made for an expiry already past");
    const settled = await engine.register(goal);
    assert.deepEqual([settled.ok, settled.op], [true, "same"]);
    await engine.destroy();
  });

  it("compares a room id the way the server reads it: an upper-case roomId does not make a new guest link every run", async () => {
    const s = sandbox();
    const engine = newEngine();
    const room = await engine.register(roomGoal(pkg.shims, "shouting", {}));
    assert.ok(room.ok, room.error?.message);
    const goal = inviteGoal(pkg.shims, "shouting/guests", { roomId: room.id!.toUpperCase() });
    const ops: string[] = [];
    for (let run = 0; run < 3; run++) {
      const step = await engine.register(goal);
      assert.ok(step.ok, step.error?.message);
      ops.push(step.op);
    }
    assert.deepEqual(ops, ["create", "same", "same"]);
    assert.equal(s.store.invites(room.id!).length, 1);
    await engine.destroy();
  });

  it("keeps a password set in the web UI out of the state after a refresh, also for a room declared without one", async () => {
    // The engine marks refreshed inputs secret only by the name of a secret old input (annotateSecrets in
    // provider_plugin.go Read, as HostEngine does); outputs stay secret through additionalSecretOutputs.
    const s = sandbox();
    const engine = newEngine();
    const room = await engine.register(roomGoal(pkg.shims, "open-room", { waitingRoom: false }));
    assert.ok(room.ok, room.error?.message);
    const uiPassword = "set-in-the-web-ui-7731";
    s.store.updateRoom(room.id!, { password: uiPassword });
    const [refreshed] = await engine.refresh();
    assert.strictEqual(refreshed.op, "refresh-update");
    assert.strictEqual(engine.get(room.urn)!.outputs.password, uiPassword);
    assert.deepStrictEqual(leakedSecrets(JSON.stringify(engine.state()), [uiPassword]), [],
      "the live password is in the state in plain text (read() returns it among the inputs)");
  });

  it("creates 50 rooms and 50 guest links at once with one login", async () => {
    const s = sandbox();
    // A host of its own: the login is shared per host process, and the describe's host has logged in already.
    const freshHost = await startHostIn(pkg.dir);
    const existing = Array.from({ length: 50 }, () => s.store.createRoom(s.username));
    try {
      const engine = newEngine(freshHost);
      s.clearRequests();
      const started = Date.now();
      const steps = await engine.up([
        ...Array.from({ length: 50 }, (_, i) => roomGoal(pkg.shims, `room-${i}`, { waitingRoom: i % 2 === 0 })),
        ...existing.map((room, i) => inviteGoal(pkg.shims, `invite-${i}`, { roomId: room.id })),
      ]);
      console.log(`      100 concurrent creates through one host: ${Date.now() - started} ms`);
      assert.deepStrictEqual(steps.filter((step) => !step.ok).map((step) => step.error?.message), []);
      assert.ok(steps.every((step) => step.op === "create"));
      assert.strictEqual(new Set(steps.map((step) => step.id)).size, 100);
      assert.strictEqual(tokenRequests(s), 1, "one token grant for the whole run");
      assert.strictEqual(s.requests({ service: "controller", method: "POST" }).filter((r) => r.path === "/v1/auth/login").length, 1);
      assert.strictEqual(s.store.roomsOwnedBy(botUserId()).length, 100);
      assert.ok(existing.every((room) => s.store.invites(room.id).filter((i) => i.active).length === 1));

      const destroyed = await engine.destroy();
      assert.ok(destroyed.every((step) => step.ok));
      assert.strictEqual(activeInvites(s), 0);
      assert.strictEqual(tokenRequests(s), 1);
    } finally {
      for (const room of existing) s.store.deleteRoom(room.id);
      await freshHost.close();
    }
  });

  it("rejects bad input at Check, naming each property, before any request", async () => {
    const s = sandbox();
    const engine = newEngine();
    s.clearRequests();
    const [room, invite] = await engine.up([
      roomGoal(pkg.shims, "bad-room", { password: "", guestAccess: "everyone" }),
      inviteGoal(pkg.shims, "bad-invite", { roomId: randomUUID(), expiresAt: "2027-01-01T10:00" }),
    ]);
    assert.deepStrictEqual([room.op, room.ok, invite.op, invite.ok], ["check", false, "check", false]);
    assert.deepStrictEqual(room.checkFailures!.map((f) => f.property), ["password", "guestAccess"]);
    assert.match(room.checkFailures![0].reason, /must be 1–255 bytes/);
    assert.match(room.checkFailures![1].reason, /must be one of "disabled", "waiting_room", "direct_access", got "everyone"/);
    assert.deepStrictEqual(invite.checkFailures, [
      { property: "expiresAt", reason: '"2027-01-01T10:00" has no time zone: add Z (UTC) or an offset such as +01:00' },
    ]);
    assert.match(room.error!.message, /password: must be 1–255 bytes/);
    assert.deepStrictEqual(s.requests(), [], "no request to OpenTalk or Keycloak");
    assert.deepStrictEqual(engine.resources(), []);
  });

  it("records a room whose SIP set-up failed as an init failure, and completes it on the next up", async () => {
    const s = sandbox();
    const engine = newEngine();
    const before = new Set(s.store.rooms().map((room) => room.id));
    s.addFault({ service: "controller", method: "PUT", path: "/sip$", status: 500, count: 10 });
    const goal = roomGoal(pkg.shims, "dial-in", { password: ROOM_PASSWORD, sip: { enabled: true } });

    const failed = await engine.register(goal);
    assert.deepStrictEqual([failed.op, failed.ok], ["create", false]);
    const created = s.store.rooms().filter((room) => !before.has(room.id));
    assert.strictEqual(created.length, 1, "the room was created");
    const roomId = created[0].id;
    assert.ok(isHostRpcError(failed.error));
    assert.ok(failed.initFailure, "an ErrorResourceInitFailed, not a plain error");
    assert.strictEqual(failed.initFailure.id, roomId);
    assert.match(failed.initFailure.reasons[0], new RegExp(`Room ${roomId} was created, but setting up SIP dial-in failed`));
    const provider = (await serializeProvider(pkg.shims.room)).text;
    assert.strictEqual(failed.initFailure.properties.__provider, provider, "refresh and delete of the recorded room need it");
    const recorded = engine.get(failed.urn)!;
    assert.strictEqual(recorded.id, roomId);
    assert.ok(recorded.initErrors);
    // The room is recorded as it is known to be: SIP not (yet) as declared, so the next up sets it up.
    assert.deepStrictEqual([recorded.outputs.sip, recorded.outputs.sipId], [{ enabled: false, lobby: false }, null]);
    assertNoSecretsInState(engine);

    s.clearFaults();
    const completed = await engine.register(goal);
    assert.deepStrictEqual([completed.op, completed.ok, completed.id], ["update", true, roomId]);
    assert.strictEqual(engine.get(failed.urn)!.initErrors, undefined);
    assert.deepStrictEqual(completed.outputs!.sip, { enabled: true, lobby: false });
    assert.strictEqual(completed.outputs!.sipId, s.store.sipConfig(roomId)!.sipId);
    assert.strictEqual(s.store.rooms().filter((room) => !before.has(room.id)).length, 1, "no second room");
    assertNoSecretsInState(engine);
  });

  it("hands the config to every one of several concurrent first calls (the host's configure race)", async () => {
    const s = sandbox();
    const freshHost = await startHostIn(pkg.dir);
    const target = s.store.createRoom(s.username);
    try {
      await freshHost.configure(stackConfig(s));
      const room = (await serializeProvider(pkg.shims.room)).text;
      const invite = (await serializeProvider(pkg.shims.invite)).text;
      // Creates are the very first calls that load the provider texts in this host, all at once.
      const urn = (type: string, name: string) => `urn:pulumi:test::${PROJECT}::pulumi-nodejs:dynamic/opentalk:${type}::${name}`;
      const results = await Promise.allSettled([
        ...Array.from({ length: 4 }, (_, i) => freshHost.create(urn("Room", `race-${i}`), { __provider: room, waitingRoom: true })),
        ...Array.from({ length: 3 }, (_, i) => freshHost.create(urn("Invite", `race-${i}`), { __provider: invite, roomId: target.id })),
      ]);
      const failures = results.filter((r): r is PromiseRejectedResult => r.status === "rejected").map((r) => String(r.reason));
      assert.deepStrictEqual(failures, []);
      const created = results.map((r) => (r as PromiseFulfilledResult<{ id: string; outputs: PropertyMap }>).value);
      for (const { id } of created.slice(0, 4)) assert.strictEqual(s.store.room(id)?.waitingRoom, true);
      assert.strictEqual(s.store.invites(target.id).filter((i) => i.active).length, 3);
      await Promise.all(created.map(({ id, outputs }, i) => freshHost.delete(id, urn(i < 4 ? "Room" : "Invite", `race-${i}`), outputs)));
      assert.strictEqual(activeInvites(s), 0);
    } finally {
      s.store.deleteRoom(target.id);
      await freshHost.close();
    }
  });

  it("runs the upgraded implementation for existing resources after a package upgrade, with no diff", async () => {
    const s = sandbox();
    const upgradeFixture = "provider-host-upgrade";
    const oldHost = await startHostIn(installPackage(upgradeFixture).dir);
    const engine = newEngine(oldHost);
    let newHost: DynamicHost | undefined;
    try {
      const [room] = await upRoomAndInvite(engine, { waitingRoom: true });
      const providerBefore = engine.get(room.urn)!.outputs.__provider;
      const refreshedByOldCode = (await engine.refresh()).find((step) => step.urn === room.urn)!;
      assert.deepStrictEqual([refreshedByOldCode.ok, refreshedByOldCode.outputs!.readBy], [true, undefined]);
      await oldHost.close();

      let patched = false;
      const upgraded = installPackage(upgradeFixture, {
        transform: (relativePath, text) => {
          if (relativePath !== "dist/runtime/room-provider.js") return text;
          const original = "return { id, props: outputs, inputs: ";
          assert.ok(text.includes(original), "the compiled read() has the expected shape");
          patched = true;
          return text.replace(original, 'return { id, props: { ...outputs, readBy: "pulumi-opentalk next" }, inputs: ');
        },
      });
      assert.ok(patched);
      newHost = await startHostIn(upgraded.dir);
      engine.useHost(newHost);

      const steps = await upRoomAndInvite(engine, { waitingRoom: true });
      assert.deepStrictEqual(steps.map((step) => step.op), ["same", "same"]);
      const refreshed = await engine.refresh();
      const roomRefresh = refreshed.find((step) => step.urn === room.urn)!;
      assert.strictEqual(roomRefresh.ok, true, roomRefresh.error?.message);
      assert.strictEqual(roomRefresh.outputs!.readBy, "pulumi-opentalk next", "refresh ran the installed (new) code");
      assert.strictEqual(engine.get(room.urn)!.outputs.__provider, providerBefore);
      const destroyed = await engine.destroy();
      assert.ok(destroyed.every((step) => step.ok));
      assert.strictEqual(s.store.room(room.id!), undefined);
    } finally {
      await oldHost.close();
      await newHost?.close();
    }
  });

  it("refuses to refresh a room recorded with another owner instead of calling it gone", async () => {
    const s = sandbox();
    const [aliceHost, botHost] = await Promise.all([startHostIn(pkg.dir), startHostIn(pkg.dir)]);
    // The stack config changes between two runs, as `pulumi config set` would change it.
    const config = stackConfig(s, ALICE);
    const engine = new HostEngine(aliceHost, { project: PROJECT, config });
    let roomId: string | undefined;
    try {
      const created = await engine.register(roomGoal(pkg.shims, "alices-room", { waitingRoom: true }));
      assert.ok(created.ok, created.error?.message);
      roomId = created.id!;
      assert.strictEqual(created.outputs!.ownerEmail, ALICE.email);
      const aliceId = created.outputs!.ownerId as string;

      Object.assign(config, stackConfig(s));
      engine.useHost(botHost);
      const [refreshed] = await engine.refresh();
      assert.deepStrictEqual([refreshed.op, refreshed.ok], ["refresh-same", false]);
      assert.match(refreshed.error!.message,
        new RegExp(`room ${roomId} was created by another user \\(alice@example\\.org\\) than the configured ${s.username}`));
      assert.ok(engine.get(refreshed.urn), "still recorded");
      assert.ok(s.store.room(roomId), "and untouched");
    } finally {
      if (roomId) s.store.deleteRoom(roomId);
      await aliceHost.close();
      await botHost.close();
    }
  });
});
