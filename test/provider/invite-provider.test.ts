import assert from "node:assert/strict";
import { inviteImplementation as invite } from "../../provider/runtime/invite-provider";
import { roomImplementation as room } from "../../provider/runtime/room-provider";
import { rejection, useSandbox } from "../support/sandbox-fixture";
import { assertStructSafe, closeSharedClients, providerContext } from "../support/provider-fixture";

const LATER = "2031-05-01T12:00:00Z";

/** The invite provider's methods called directly (as the host calls them) against the sandbox. */
describe("OpenTalkInvite provider", () => {
  const sandbox = useSandbox();
  after(closeSharedClients);
  const ctx = () => providerContext(sandbox());

  const newRoom = async (inputs: Record<string, unknown> = {}) => (await room.create(ctx(), inputs)).id;
  const verify = async (code: string) => {
    const response = await fetch(`${sandbox().controllerUrl}/v1/invite/verify`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ invite_code: code }),
    });
    return response.status;
  };

  describe("create", () => {
    it("makes a guest link that works, with an id that does not give the code away", async () => {
      const roomId = await newRoom();
      const { id, outs } = await invite.create(ctx(), { roomId });
      assertStructSafe(outs);
      assert.equal(outs.guestLink, `${sandbox().url}/room/${roomId}?invite=${outs.inviteCode}`);
      assert.deepEqual([outs.roomId, outs.expiresAt, outs.active], [roomId, null, true]);
      assert.ok(!id.includes(outs.inviteCode), "the resource id is not secret in Pulumi, so it must not hold the code");
      assert.match(id, /^invite-[0-9a-f]{32}$/);
      assert.equal(await verify(outs.inviteCode), 200);
    });

    it("sends the expiry in UTC", async () => {
      const { outs } = await invite.create(ctx(), { roomId: await newRoom(), expiresAt: "2031-05-01T14:00:00+02:00" });
      assert.equal(Date.parse(outs.expiresAt), Date.parse(LATER));
    });

    it("explains a refusal for a room with guest access disabled", async () => {
      const error = await rejection(invite.create(ctx(), { roomId: await newRoom({ guestAccess: "disabled" }) }));
      assert.match(error.message, /guest access is disabled for room .*: set guestAccess to "waiting_room" or "direct_access"/);
    });

    it("explains a refusal for an end-to-end encrypted room", async () => {
      const error = await rejection(invite.create(ctx(), { roomId: await newRoom({ e2eEncryption: true }) }));
      assert.match(error.message, /is end-to-end encrypted, and encrypted rooms cannot have guest links/);
    });

    it("explains a refusal by a tariff without guests", async () => {
      const s = sandbox();
      const alice = providerContext(s, { "opentalk:username": "alice@example.org", "opentalk:password": "alice-password-123" });
      const { id: roomId } = await room.create(alice, {});
      s.store.setTariff("alice@example.org", { guestsAllowed: false, callIn: true });
      try {
        const error = await rejection(invite.create(alice, { roomId }));
        assert.match(error.message, /does not allow guests \(core::guests_allowed\)/);
      } finally {
        s.store.setTariff("alice@example.org", { guestsAllowed: true, callIn: true });
      }
    });

    it("explains a room that does not exist or is someone else's", async () => {
      const foreign = sandbox().store.createRoom("alice@example.org", {});
      const error = await rejection(invite.create(ctx(), { roomId: foreign.id }));
      assert.match(error.message, /does not exist or belongs to another user, so no guest link can be made/);
    });
  });

  describe("update", () => {
    it("changes the expiry in place without a new link", async () => {
      const created = await invite.create(ctx(), { roomId: await newRoom() });
      const { outs } = await invite.update(ctx(), created.id, created.outs, { roomId: created.outs.roomId, expiresAt: LATER });
      assert.equal(outs.inviteCode, created.outs.inviteCode);
      assert.equal(outs.guestLink, created.outs.guestLink);
      assert.equal(Date.parse(outs.expiresAt), Date.parse(LATER));
      const removed = await invite.update(ctx(), created.id, outs, { roomId: created.outs.roomId });
      assert.equal(removed.outs.expiresAt, null, "removing the input removes the expiry");
    });

    it("sees the same instant in another offset as no change", async () => {
      const created = await invite.create(ctx(), { roomId: await newRoom(), expiresAt: LATER });
      const diff = await invite.diff(ctx(), created.id, created.outs, { roomId: created.outs.roomId, expiresAt: "2031-05-01T13:00:00+01:00" });
      assert.equal(diff.changes, false);
      const moved = await invite.diff(ctx(), created.id, created.outs, { roomId: await newRoom(), expiresAt: LATER });
      assert.deepEqual(moved.replaces, ["roomId"]);
    });
  });

  describe("read (refresh)", () => {
    it("returns the server's view, and inputs that match it", async () => {
      const s = sandbox();
      const created = await invite.create(ctx(), { roomId: await newRoom(), expiresAt: LATER });
      s.store.updateInviteExpiration(created.outs.roomId, created.outs.inviteCode, "2032-01-01T00:00:00Z");
      const read = await invite.read(ctx(), created.id, created.outs);
      assert.equal(read.id, created.id);
      assert.equal(Date.parse(read.props.expiresAt), Date.parse("2032-01-01T00:00:00Z"));
      assert.equal(Date.parse(read.inputs!.expiresAt), Date.parse("2032-01-01T00:00:00Z"));
    });

    it("reports a deactivated link as gone, so the next up makes a new one", async () => {
      const created = await invite.create(ctx(), { roomId: await newRoom() });
      sandbox().store.deactivateInvite(created.outs.roomId, created.outs.inviteCode);
      assert.equal((await invite.read(ctx(), created.id, created.outs)).id, "");
    });

    it("reports an expired link as gone", async () => {
      const created = await invite.create(ctx(), { roomId: await newRoom() });
      sandbox().store.updateInviteExpiration(created.outs.roomId, created.outs.inviteCode, "2020-01-01T00:00:00Z");
      assert.equal((await invite.read(ctx(), created.id, created.outs)).id, "");
    });

    it("reports the link of a deleted room as gone", async () => {
      const created = await invite.create(ctx(), { roomId: await newRoom() });
      sandbox().store.deleteRoom(created.outs.roomId);
      assert.equal((await invite.read(ctx(), created.id, created.outs)).id, "");
    });
  });

  describe("while the room shuts guests out", () => {
    it("keeps the link recorded on refresh, since it would work again once guests are let in", async () => {
      const s = sandbox();
      const roomId = await newRoom();
      const created = await invite.create(ctx(), { roomId });
      s.store.updateRoom(roomId, { guestAccess: "disabled" });
      const read = await invite.read(ctx(), created.id, created.outs);
      assert.equal(read.id, created.id, "not dropped from the state");
      s.store.updateRoom(roomId, { guestAccess: "waiting_room" });
      assert.equal(await verify(created.outs.inviteCode), 200, "the link is live again — and still managed");
    });
  });

  describe("delete", () => {
    it("revokes the link (a soft delete on the server), and a second delete is fine", async () => {
      const created = await invite.create(ctx(), { roomId: await newRoom() });
      await invite.delete(ctx(), created.id, created.outs);
      assert.equal(sandbox().store.invite(created.outs.roomId, created.outs.inviteCode)!.active, false);
      assert.equal(await verify(created.outs.inviteCode), 404);
      await invite.delete(ctx(), created.id, created.outs);
    });

    it("refuses, naming the owner, to call a link deleted when the configured user cannot see its room", async () => {
      const created = await invite.create(ctx(), { roomId: await newRoom() });
      const alice = providerContext(sandbox(), { "opentalk:username": "alice@example.org", "opentalk:password": "alice-password-123" });
      const error = await rejection(invite.delete(alice, created.id, created.outs));
      assert.match(error.message, /was created by another user \(bot@example\.org\) than the configured alice@example\.org/);
      assert.equal(await verify(created.outs.inviteCode), 200, "and the link was not silently left live under a success");
    });

    it("is done when the room is already gone", async () => {
      const created = await invite.create(ctx(), { roomId: await newRoom() });
      sandbox().store.deleteRoom(created.outs.roomId);
      await invite.delete(ctx(), created.id, created.outs);
    });

    it("never shows the invite code in an error", async () => {
      const created = await invite.create(ctx(), { roomId: await newRoom() });
      sandbox().addFault({ service: "controller", method: "DELETE", path: "/invites/", status: 500, count: 10 });
      try {
        const error = await rejection(invite.delete(ctx(), created.id, created.outs));
        assert.match(error.message, /answered 500 to DELETE \/v1\/rooms\/[^/]+\/invites\/\*\*\*/);
        assert.ok(!error.message.includes(created.outs.inviteCode));
        assert.ok(!String(error.stack).includes(created.outs.inviteCode));
      } finally {
        sandbox().clearFaults();
      }
    });
  });
});
