import assert from "node:assert/strict";
import { isAmbiguousCreateError, isControllerError } from "../../provider/client";
import { meetingImplementation as meeting } from "../../provider/runtime/meeting-provider";
import { roomImplementation as room } from "../../provider/runtime/room-provider";
import { closeClients, inviteToMeeting, rejection, useSandbox } from "../support/sandbox-fixture";
import { assertStructSafe, closeSharedClients, providerContext } from "../support/provider-fixture";

/** The room provider's methods called directly (as the host calls them) against the sandbox. */
describe("OpenTalkRoom provider", () => {
  const sandbox = useSandbox();
  after(closeSharedClients);
  const ctx = () => providerContext(sandbox());
  const alice = () => providerContext(sandbox(), { "opentalk:username": "alice@example.org", "opentalk:password": "alice-password-123" });
  const PROVIDER = { __provider: "<serialized shim>" };

  async function created(inputs: Record<string, unknown> = {}) {
    const { inputs: checked, failures } = await room.check(ctx(), {}, { ...PROVIDER, ...inputs });
    assert.deepEqual(failures, []);
    return room.create(ctx(), checked);
  }

  describe("create", () => {
    it("makes a room with the controller's defaults and complete, Struct-safe outputs", async () => {
      const { id, outs } = await created();
      assertStructSafe(outs);
      assert.equal(outs.roomId, id);
      assert.equal(outs.roomLink, `${sandbox().url}/room/${id}`);
      assert.equal(outs.ownerEmail, "bot@example.org");
      assert.deepEqual(
        { password: outs.password, waitingRoom: outs.waitingRoom, e2eEncryption: outs.e2eEncryption, sip: outs.sip, sipId: outs.sipId, adoptRoomId: outs.adoptRoomId },
        { password: null, waitingRoom: false, e2eEncryption: false, sip: { enabled: false, lobby: false }, sipId: null, adoptRoomId: null },
      );
      assert.equal(outs.guestAccess, "waiting_room", "the server's default is recorded");
      assert.ok(sandbox().store.room(id));
    });

    it("sets every setting, with SIP dial-in and its lobby", async () => {
      const { id, outs } = await created({ password: "pässwörd", waitingRoom: true, guestAccess: "direct_access", sip: { enabled: true, lobby: true } });
      const live = sandbox().store.room(id)!;
      assert.deepEqual([live.password, live.waitingRoom, live.guestAccess], ["pässwörd", true, "direct_access"]);
      const sip = sandbox().store.sipConfig(id)!;
      assert.equal(sip.lobby, true);
      assert.equal(outs.sipId, sip.sipId);
      assert.match(String(outs.sipPin), /^\d{10}$/);
      assert.deepEqual(outs.sip, { enabled: true, lobby: true });
    });

    it("records the room when SIP set-up fails after the room was made", async () => {
      const s = sandbox();
      s.addFault({ service: "controller", method: "PUT", path: "/sip$", status: 500, count: 1 });
      const { inputs } = await room.check(ctx(), {}, { ...PROVIDER, sip: { enabled: true } });
      const error = (await rejection(room.create(ctx(), inputs))) as Error & { id: string; properties: Record<string, unknown>; reasons: string[] };
      assert.ok(error.id, "the error carries the room id");
      assert.ok(s.store.room(error.id), "the room exists");
      assert.match(error.message, new RegExp(`Room ${error.id} was created, but setting up SIP dial-in failed`));
      assert.equal(error.properties.__provider, PROVIDER.__provider, "recorded with its provider, so it can be deleted later");
      assert.deepEqual(error.properties.sip, { enabled: false, lobby: false }, "recorded without SIP, so the next up sets it up");
      assertStructSafe(error.properties);
    });

    // Catches a lost create retried on a guess when the search for it fails too (a duplicate room), or an error that
    // then claims the create "most probably did not happen".
    it("says the search failed too when a create's answer was lost and the rooms cannot be listed, repeating nothing", async () => {
      const s = sandbox();
      const before = s.store.rooms().length;
      s.addFault({ service: "controller", method: "POST", path: "^/v1/rooms$", dropAfterProcessing: true, count: 1 });
      s.addFault({ service: "controller", method: "GET", path: "^/v1/rooms(\\?|$)", status: 503, body: "html", count: 20 });
      try {
        const error = await rejection(created({ password: "lost-answer" }));
        assert.match(error.message, /^Creating the room may have succeeded on the server although its answer was lost, so it was not repeated/);
        assert.match(error.message, /\nListing your rooms to find it failed as well \(.*GET \S+\/v1\/rooms.* HTTP 503/);
        assert.doesNotMatch(error.message, /most probably did not happen/);
        assert.match(error.message, /opentalk rooms unmanaged --state/, "and how to look for it later");
        assert.equal(s.store.rooms().length, before + 1, "the one room the lost create made, and no second");
      } finally {
        s.clearFaults();
      }
    });

    it("fails before creating anything when the tariff forbids SIP", async () => {
      const s = sandbox();
      s.store.setTariff("alice@example.org", { guestsAllowed: true, callIn: false });
      const before = s.store.rooms().length;
      try {
        const error = await rejection(room.create(alice(), { sip: { enabled: true } }));
        // 0.34+ says feature_disabled (older releases feature_disabled_by_tariff); either way the hint names the tariff.
        assert.match(error.message, /answered 403 to POST \/v1\/rooms \(feature_disabled: .*core::call_in/);
        assert.match(error.message, /does not include this feature/);
        assert.equal(s.store.rooms().length, before);
      } finally {
        s.store.setTariff("alice@example.org", { guestsAllowed: true, callIn: true });
      }
    });
  });

  describe("diff", () => {
    it("sees no change when nothing changed, and never counts the provider's code", async () => {
      const { outs } = await created({ password: "secret-1", sip: { enabled: true } });
      const diff = await room.diff(ctx(), outs.roomId, { ...outs, __provider: "old code" }, { __provider: "new code", password: "secret-1", sip: { enabled: true } });
      assert.deepEqual(diff, { changes: false, replaces: [], deleteBeforeReplace: false });
    });

    it("changes in place for settings and replaces for another adoptRoomId", async () => {
      const { outs } = await created();
      const settings = await room.diff(ctx(), outs.roomId, outs, { waitingRoom: true });
      assert.deepEqual([settings.changes, settings.replaces], [true, []]);
      const other = sandbox().store.createRoom(sandbox().username, {});
      assert.deepEqual((await room.diff(ctx(), outs.roomId, outs, { adoptRoomId: other.id })).replaces, ["adoptRoomId"]);
    });
  });

  describe("update", () => {
    it("patches only what changed, keeps the room, and returns complete outputs", async () => {
      const s = sandbox();
      const { id, outs } = await created({ password: "first-pass", waitingRoom: true });
      s.clearRequests();
      const { outs: updated } = await room.update(ctx(), id, outs, { password: "second-pass", waitingRoom: true });
      assertStructSafe(updated);
      assert.equal(updated.roomId, id);
      assert.equal(s.store.room(id)!.password, "second-pass");
      const writes = s.requests({ service: "controller" }).filter((r) => r.method !== "GET");
      assert.deepEqual(writes.map((r) => `${r.method} ${r.status}`), ["PATCH 200"]);
      for (const key of Object.keys(outs)) assert.ok(key in updated, `${key} is still in the outputs`);
    });

    // Catches a state written by an earlier pulumi-opentalk (no guest access, e2e, name or dial-in ids recorded) taken
    // for another room, or left without the dial-in ids it did not record then (sipId null although the room has one).
    it("updates a room recorded by an earlier version, with fewer outputs, in place and records every output", async () => {
      const s = sandbox();
      const { id, outs } = await created({ password: "kept-pass", sip: { enabled: true } });
      const earlier = { roomId: id, roomLink: outs.roomLink, password: "kept-pass", waitingRoom: false, sip: { enabled: true }, ownerId: outs.ownerId, ownerEmail: outs.ownerEmail };
      const wanted = { ...PROVIDER, password: "kept-pass", waitingRoom: true, sip: { enabled: true } };
      const diff = await room.diff(ctx(), id, earlier, wanted);
      assert.deepEqual([diff.changes, diff.replaces], [true, []]);
      s.clearRequests();
      const { outs: updated } = await room.update(ctx(), id, earlier, wanted);
      assertStructSafe(updated);
      assert.deepEqual(Object.keys(updated).sort(), Object.keys(outs).sort(), "every output a new record has");
      assert.deepEqual([updated.waitingRoom, updated.sip, updated.sipId], [true, { enabled: true, lobby: false }, s.store.sipConfig(id)!.sipId]);
      assert.deepEqual(s.requests({ service: "controller" }).filter((r) => r.method !== "GET").map((r) => r.method), ["PATCH"], "the dial-in it has is kept as it is");
      assert.equal((await room.diff(ctx(), id, updated, wanted)).changes, false, "and nothing left to change");
    });

    it("removes a password when the input is dropped", async () => {
      const { id, outs } = await created({ password: "to-be-removed" });
      const { outs: updated } = await room.update(ctx(), id, outs, {});
      assert.equal(updated.password, null);
      assert.equal(sandbox().store.room(id)!.password, null);
    });

    it("turns SIP on and off through its endpoint", async () => {
      const { id, outs } = await created();
      const on = await room.update(ctx(), id, outs, { sip: { enabled: true, lobby: true } });
      assert.equal(sandbox().store.sipConfig(id)!.lobby, true);
      assert.match(String(on.outs.sipId), /^\d{10}$/);
      const off = await room.update(ctx(), id, on.outs, { sip: { enabled: false } });
      assert.equal(sandbox().store.sipConfig(id), undefined);
      assert.deepEqual([off.outs.sipId, off.outs.sipPin], [null, null]);
    });

    it("goes from SIP to end-to-end encryption by removing SIP first", async () => {
      const { id, outs } = await created({ sip: { enabled: true } });
      const { outs: updated } = await room.update(ctx(), id, outs, { e2eEncryption: true });
      assert.equal(sandbox().store.room(id)!.e2eEncryption, true);
      assert.equal(sandbox().store.sipConfig(id), undefined);
      assert.equal(updated.e2eEncryption, true);
    });

    it("changes a password on a tariff without guests when guest access is disabled", async () => {
      const s = sandbox();
      s.store.setTariff("alice@example.org", { guestsAllowed: false, callIn: true });
      try {
        const { id, outs } = await room.create(alice(), { guestAccess: "disabled" });
        const { outs: updated } = await room.update(alice(), id, outs, { guestAccess: "disabled", password: "new-pass" });
        assert.equal(updated.password, "new-pass");
      } finally {
        s.store.setTariff("alice@example.org", { guestsAllowed: true, callIn: true });
      }
    });
  });

  describe("read (refresh)", () => {
    it("returns what the server has, as outputs and as inputs, so drift shows", async () => {
      const s = sandbox();
      const { id, outs } = await created({ password: "declared-room-password", sip: { enabled: true } });
      s.store.updateRoom(id, { password: "changed-in-ui", waitingRoom: true });
      s.store.deleteSipConfig(id);
      const read = await room.read(ctx(), id, outs);
      assertStructSafe(read);
      assert.equal(read.id, id);
      assert.deepEqual([read.props.password, read.props.waitingRoom, read.props.sip], ["changed-in-ui", true, { enabled: false, lobby: false }]);
      assert.deepEqual(read.inputs, { waitingRoom: true, guestAccess: "waiting_room", e2eEncryption: false, sip: { enabled: false, lobby: false } },
        "the password stays out of the inputs: the engine would store a refreshed input in plain text");
      const diff = await room.diff(ctx(), id, read.props, { password: "declared-room-password", sip: { enabled: true } });
      assert.equal(diff.changes, true, "the next up puts it back");
    });

    it("reads one GET per room without SIP, and leaves the inputs alone when nothing drifted", async () => {
      const s = sandbox();
      const { id, outs } = await created();
      s.clearRequests();
      const read = await room.read(ctx(), id, outs);
      assert.deepEqual(s.requests({ service: "controller" }).map((r) => r.method), ["GET"]);
      assert.equal(read.inputs, undefined, "without drift the recorded inputs stay as the program wrote them");
    });

    it("reports a room deleted outside Pulumi as gone (blank id)", async () => {
      const { id, outs } = await created();
      sandbox().store.deleteRoom(id);
      assert.equal((await room.read(ctx(), id, outs)).id, "");
    });

    it("does not take a proxy's 403 (no OpenTalk error body) for a deleted room", async () => {
      const s = sandbox();
      const { id, outs } = await created();
      s.addFault({ service: "controller", method: "GET", path: `^/v1/rooms/${id}$`, status: 403, count: 1 });
      const error = await rejection(room.read(ctx(), id, outs));
      assert.match(error.message, /GET \S+ did not come from the OpenTalk controller: HTTP 403/);
      assert.ok(s.store.room(id));
    });

    it("does not take the controller's denial for gone while it still lists the room (a proxy rule, changed permissions)", async () => {
      const s = sandbox();
      const { id, outs } = await created();
      s.addFault({ service: "controller", method: "GET", path: `^/v1/rooms/${id}$`, status: 403, body: "empty", count: 1 });
      const error = await rejection(room.read(ctx(), id, outs));
      assert.match(error.message, /answered 403 to GET \/v1\/rooms\/\S+ — yet room \S+ is still listed among bot@example\.org's rooms/);
      assert.ok(s.store.room(id));
    });

    it("proves a room gone with one listing after the denial", async () => {
      const s = sandbox();
      const { id, outs } = await created();
      s.store.deleteRoom(id);
      s.clearRequests();
      assert.equal((await room.read(ctx(), id, outs)).id, "");
      assert.deepEqual(s.requests({ service: "controller" }).map((r) => `${r.method} ${r.status} ${r.path.split("?")[0]}`), [
        `GET 403 /v1/rooms/${id}`,
        "GET 200 /v1/rooms",
      ]);
    });

    it("reports a room owned by someone else as an error, not as gone", async () => {
      const { id, outs } = await room.create(alice(), {});
      const error = await rejection(room.read(ctx(), id, outs));
      assert.ok(isControllerError(error));
      assert.match(error.message, /was created by another user \(alice@example\.org\) than the configured bot@example\.org/);
    });
  });

  describe("delete", () => {
    it("deletes the room, and treats an already deleted room as done", async () => {
      const { id, outs } = await created();
      await room.delete(ctx(), id, outs);
      assert.equal(sandbox().store.room(id), undefined);
      await room.delete(ctx(), id, outs);
    });

    it("explains that a room with an event must be deleted through its meeting", async () => {
      const { id, outs } = await created();
      sandbox().store.attachEvent(id);
      const error = await rejection(room.delete(ctx(), id, outs));
      assert.match(error.message, /answered 409 to DELETE/);
      assert.match(error.message, /belongs to an event \(a meeting\): delete the meeting instead/);
      assert.ok(sandbox().store.room(id));
    });
  });

  describe("adoptRoomId", () => {
    it("takes over an own room and converges its settings", async () => {
      const s = sandbox();
      const existing = s.store.createRoom(s.username, { password: "old", waitingRoom: true, enableSip: true });
      const before = s.store.rooms().length;
      const { id, outs } = await created({ adoptRoomId: existing.id, waitingRoom: false });
      assert.equal(id, existing.id);
      assert.equal(s.store.rooms().length, before, "no new room");
      const live = s.store.room(id)!;
      assert.deepEqual([live.password, live.waitingRoom, s.store.sipConfig(id)], [null, false, undefined]);
      assert.equal(outs.adoptRoomId, existing.id);
      const diff = await room.diff(ctx(), id, outs, { waitingRoom: false });
      assert.equal(diff.changes, false, "dropping adoptRoomId later keeps the room");
    });

    it("adopts a guest-less room on a tariff without guests when guestAccess is left out", async () => {
      const s = sandbox();
      s.store.setTariff("alice@example.org", { guestsAllowed: false, callIn: true });
      try {
        const existing = s.store.createRoom("alice@example.org", { guestAccess: "disabled" });
        const { outs } = await room.create(alice(), { adoptRoomId: existing.id, waitingRoom: true });
        assert.equal(outs.waitingRoom, true);
        assert.equal(s.store.room(existing.id)!.guestAccess, "disabled");
      } finally {
        s.store.setTariff("alice@example.org", { guestsAllowed: true, callIn: true });
      }
    });

    it("refuses a room that belongs to someone else", async () => {
      const foreign = sandbox().store.createRoom("alice@example.org", {});
      const error = await rejection(room.create(ctx(), { adoptRoomId: foreign.id }));
      assert.match(error.message, /cannot adopt room/);
      assert.equal(sandbox().store.room(foreign.id)!.ownerId, foreign.ownerId);
    });

    it("refuses a room that does not exist", async () => {
      const error = await rejection(room.create(ctx(), { adoptRoomId: "00000000-0000-4000-8000-000000000000" }));
      assert.match(error.message, /cannot adopt room 00000000-0000-4000-8000-000000000000: it does not exist or belongs to another user than bot@example\.org/);
    });
  });
});

describe("OpenTalkRoom provider on a 0.29 controller", () => {
  const sandbox = useSandbox({ controllerVersion: "0.29" });
  after(closeSharedClients);

  it("refuses a declared guestAccess, which 0.29 does not know, before creating anything", async () => {
    const s = sandbox();
    const before = s.store.rooms().length;
    const error = await rejection(room.create(providerContext(s), { guestAccess: "disabled", waitingRoom: true }));
    assert.match(error.message, /^OpenTalkRoom: guestAccess: guest access settings need OpenTalk 0\.34 or newer; on OpenTalk 0\.29\.6 guests join with guest links/);
    assert.equal(s.store.rooms().length, before);
  });

  it("switches dial-in on with the create (owners cannot touch /sip before 0.34), and keeps it without reading it back", async () => {
    const s = sandbox();
    const ctx = providerContext(s);
    s.clearRequests();
    const { id, outs } = await room.create(ctx, { sip: { enabled: true } });
    assert.ok(s.store.sipConfig(id), "enable_sip made the dial-in");
    assert.deepEqual([outs.sip, outs.sipId, outs.sipPin], [{ enabled: true, lobby: false }, null, null]);
    assert.deepEqual(s.requests({ service: "controller" }).filter((r) => r.path.includes("/sip")), [], "no call to /sip at all");
    const read = await room.read(ctx, id, outs);
    assert.deepEqual(read.props.sip, { enabled: true, lobby: false });
    const error = await rejection(room.update(ctx, id, outs, { sip: { enabled: false } }));
    assert.match(error.message, /sip: OpenTalk 0\.29\.6 does not let room owners change dial-in settings .*cannot be switched off/);
    assert.ok(s.store.sipConfig(id), "nothing was changed");
  });

  it("refuses a lobby for dial-in, which only /sip could set", async () => {
    const error = await rejection(room.create(providerContext(sandbox()), { sip: { enabled: true, lobby: true } }));
    assert.match(error.message, /sip\.lobby: .*remove lobby/);
  });

  it("refuses a room name, which needs 0.35", async () => {
    const error = await rejection(room.create(providerContext(sandbox()), { name: "board" }));
    assert.match(error.message, /name: room names need OpenTalk 0\.35 or newer, and OpenTalk 0\.29\.6 has none/);
  });
});

describe("OpenTalkRoom provider on OpenTalk 0.35", () => {
  const sandbox = useSandbox({ controllerVersion: "0.35", roomAliasSuffix: "none" });
  after(closeSharedClients);
  const ctx = () => providerContext(sandbox());

  it("names a room, renames it in place, and removes the name", async () => {
    const s = sandbox();
    const { id, outs } = await room.create(ctx(), { name: "board" });
    assert.deepEqual([outs.name, outs.alias], ["board", "board"]);
    assert.equal(s.store.room(id)!.alias, "board");
    const renamed = await room.update(ctx(), id, outs, { name: "board-2" });
    assert.deepEqual([renamed.outs.roomId, renamed.outs.name, renamed.outs.alias], [id, "board-2", "board-2"]);
    const unnamed = await room.update(ctx(), id, renamed.outs, {});
    assert.deepEqual([unnamed.outs.name, unnamed.outs.alias], [null, null]);
  });

  it("fails with the server's reason when the name is taken", async () => {
    await room.create(ctx(), { name: "taken-name" });
    const error = await rejection(room.create(ctx(), { name: "taken-name" }));
    assert.match(error.message, /answered 409 to POST \/v1\/rooms/);
  });

  it("publishes the room link as the guest link while guests are let in, and none when they are not", async () => {
    const s = sandbox();
    const open = await room.create(ctx(), { guestAccess: "waiting_room" });
    assert.equal(open.outs.guestLink, open.outs.roomLink);
    assert.equal(s.guestCanJoin(open.id), true);
    const closed = await room.create(ctx(), { guestAccess: "disabled" });
    assert.equal(closed.outs.guestLink, null);
    assert.equal(s.guestCanJoin(closed.id), false);
    const encrypted = await room.create(ctx(), { e2eEncryption: true });
    assert.equal(encrypted.outs.guestLink, null, "encryption shuts guests out (guest access sent as disabled)");
    assert.equal(s.store.room(encrypted.id)!.guestAccess, "disabled");
  });
});

describe("OpenTalkRoom provider on OpenTalk 0.34 and 0.30", () => {
  const on034 = useSandbox({ controllerVersion: "0.34" });
  const on030 = useSandbox({ controllerVersion: "0.30" });
  after(closeSharedClients);

  it("0.34: makes an encrypted room without guestAccess (guest access sent as disabled, which 0.34 requires)", async () => {
    const s = on034();
    const { id, outs } = await room.create(providerContext(s), { e2eEncryption: true });
    assert.deepEqual([s.store.room(id)!.e2eEncryption, s.store.room(id)!.guestAccess, outs.guestAccess], [true, "disabled", "disabled"]);
  });

  it("0.30: adopts a room without dial-in, never asking for its SIP config (owners get 403 there)", async () => {
    const s = on030();
    const existing = s.store.createRoom(s.username, { waitingRoom: true });
    s.clearRequests();
    const { id, outs } = await room.create(providerContext(s), { adoptRoomId: existing.id, waitingRoom: false });
    assert.equal(id, existing.id);
    assert.equal(outs.waitingRoom, false);
    assert.deepEqual(s.requests({ service: "controller" }).filter((r) => r.path.includes("/sip")), []);
  });
});

/**
 * The room of a meeting of alice's that the configured user (bot) is invited to. Every release lists it among bot's
 * rooms; up to 0.30 bot may also read it (kustos `room_read_access`), from 0.34 only moderators may.
 */
for (const release of ["0.30", "0.35"] as const) {
  describe(`OpenTalkRoom provider and the room of a meeting the user is only invited to (OpenTalk ${release})`, () => {
    const sandbox = useSandbox({ controllerVersion: release });
    after(closeSharedClients);
    afterEach(closeClients);
    const ctx = () => providerContext(sandbox());
    const alice = () => providerContext(sandbox(), { "opentalk:username": "alice@example.org", "opentalk:password": "alice-password-123" });
    const readable = release === "0.30";

    /** alice's meeting with bot invited, and its room as alice's OpenTalkRoom adopting it would record it. */
    async function invitedRoom() {
      const event = await meeting.create(alice(), { title: "Alice's room", waitingRoom: false });
      await inviteToMeeting(sandbox(), event.id);
      return { roomId: event.outs.roomId as string, alices: await room.create(alice(), { adoptRoomId: event.outs.roomId, waitingRoom: false }) };
    }

    it(`refuses to adopt it with the same settings, ${readable ? "naming its owner" : "as the controller denies bot the room"}, and changes nothing`, async () => {
      // Catches the removal of adoptRoom's `created_by` check (reached where invitees may read the room: ≤ 0.30);
      // with nothing to change, adopting would make bot's stack manage alice's meeting room without one write.
      const s = sandbox();
      const { roomId } = await invitedRoom();
      s.clearRequests();
      const error = await rejection(room.create(ctx(), { adoptRoomId: roomId, waitingRoom: false }));
      assert.match(
        error.message,
        readable
          ? new RegExp(`cannot adopt room ${roomId}: it belongs to alice@example\\.org, and only its owner can change or delete it`)
          : new RegExp(`cannot adopt room ${roomId}: it does not exist or belongs to another user than bot@example\\.org`),
      );
      const writes = ["PATCH", "PUT", "DELETE", "POST"].flatMap((method) => s.requests({ service: "controller", method })).filter((r) => !r.path.startsWith("/v1/auth/"));
      assert.deepEqual(writes, [], "no write of any kind");
    });

    it("refuses to refresh it as the configured user's, naming its owner", async () => {
      // Catches a room read that accepts what an invitee may see (≤ 0.30), recording alice's room as bot's.
      const { roomId, alices } = await invitedRoom();
      const error = await rejection(room.read(ctx(), roomId, alices.outs));
      assert.match(error.message, /room .* was created by another user \(alice@example\.org\) than the configured bot@example\.org/);
    });

    it("does not offer it as the room a lost create may have made", async () => {
      // Catches the lost-create search without an owner filter: bot's rooms listing holds alice's new room, with the
      // settings asked for, so it would be offered as "yours" to adopt.
      const s = sandbox();
      const { roomId } = await invitedRoom();
      s.addFault({ service: "controller", method: "POST", path: "^/v1/rooms$", status: 504, count: 1 });
      const error = await rejection(room.create(ctx(), { waitingRoom: false }));
      assert.ok(isAmbiguousCreateError(error), error.message);
      assert.deepEqual(error.candidates, [], "alice's room is no candidate");
      assert.ok(!error.message.includes(roomId), error.message);
    });
  });
}
