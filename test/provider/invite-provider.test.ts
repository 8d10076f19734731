import assert from "node:assert/strict";
import { inviteImplementation as invite } from "../../provider/runtime/invite-provider";
import { roomImplementation as room } from "../../provider/runtime/room-provider";
import { rejection, useSandbox } from "../support/sandbox-fixture";
import { assertStructSafe, closeSharedClients, providerContext } from "../support/provider-fixture";

const LATER = "2031-05-01T12:00:00Z";

/** The invite provider's methods called directly (as the host calls them) against the sandbox. */
describe("OpenTalkInvite provider on OpenTalk 0.34 (guest links are invite codes)", () => {
  const sandbox = useSandbox({ controllerVersion: "0.34" });
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

    it("explains a refusal for an end-to-end encrypted room (whose guest access 0.34 keeps disabled)", async () => {
      const error = await rejection(invite.create(ctx(), { roomId: await newRoom({ e2eEncryption: true }) }));
      assert.match(error.message, /guest access is disabled for room /);
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

    it("keeps a link that merely expired, as inactive: an expiry that passed never makes the stack recreate or refuse it", async () => {
      const created = await invite.create(ctx(), { roomId: await newRoom() });
      sandbox().store.updateInviteExpiration(created.outs.roomId, created.outs.inviteCode, "2020-01-01T00:00:00Z");
      const read = await invite.read(ctx(), created.id, created.outs);
      assert.equal(read.id, created.id);
      assert.equal(read.props.active, false);
      const check = await invite.check(ctx(), read.inputs!, read.inputs!);
      assert.deepEqual(check.failures, [], "the refreshed inputs (with the passed expiry) pass check");
      assert.equal((await invite.diff(ctx(), created.id, read.props, read.inputs!)).changes, false);
    });

    it("makes no link for an expiry already past, warns, and makes one when a later expiry is declared", async () => {
      const s = sandbox();
      const roomId = await newRoom();
      const c = ctx();
      const checked = await invite.check(c, {}, { roomId, expiresAt: "2020-01-01T00:00:00Z" });
      assert.deepEqual(checked.failures, []);
      s.clearRequests();
      const none = await invite.create(c, checked.inputs);
      assert.deepEqual([none.outs.inviteCode, none.outs.guestLink, none.outs.active], [null, null, false]);
      assert.deepEqual(s.requests({ service: "controller", method: "POST" }), [], "no invite was made");
      assert.ok(c.lines.some((line) => /its expiry 2020-01-01T00:00:00Z has passed, so no link is made/.test(line)), c.lines.join("\n"));
      s.clearRequests();
      assert.deepEqual(await invite.read(c, none.id, none.outs), { id: none.id, props: none.outs }, "a refresh keeps the record of the link never made");
      assert.deepEqual(s.requests({ service: "controller" }), [], "without asking for a code it does not have");
      const later = await invite.diff(c, none.id, none.outs, { roomId, expiresAt: LATER });
      assert.deepEqual(later.replaces, ["expiresAt"], "a link never made is made anew");
      await invite.delete(c, none.id, none.outs);
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

    // Catches a destroy that takes the gate's refusal for "gone" and forgets a link that works again once guests are
    // let back in, or that fails with the controller's one message for three causes and no way out.
    it("refuses to delete the link, saying it would work again and how to get it deleted", async () => {
      const s = sandbox();
      const roomId = await newRoom();
      const created = await invite.create(ctx(), { roomId });
      s.store.updateRoom(roomId, { guestAccess: "disabled" });
      const error = await rejection(invite.delete(ctx(), created.id, created.outs));
      assert.match(error.message, /answered 403 to DELETE .*\(service_unavailable: .*the controller refuses to touch invites of this room while guests are shut out .*allow guests for a moment and run destroy again, or delete the room/);
      assert.ok(!error.message.includes(created.outs.inviteCode), "the code stays out of the message");
      assert.equal(s.store.invite(roomId, created.outs.inviteCode)!.active, true, "still there, and the error says so");
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

    it("is done when the room is already gone, after the controller's list of rooms proves it", async () => {
      const s = sandbox();
      const created = await invite.create(ctx(), { roomId: await newRoom() });
      s.store.deleteRoom(created.outs.roomId);
      s.clearRequests();
      await invite.delete(ctx(), created.id, created.outs);
      const calls = s.requests({ service: "controller" }).map((r) => `${r.method} ${r.status} ${r.path.split("?")[0]}`);
      assert.deepEqual(calls, [`DELETE 403 /v1/rooms/${created.outs.roomId}/invites/:code`, "GET 200 /v1/rooms"]);
    });

    it("is not done when the room is denied but still listed: the link may be live", async () => {
      const s = sandbox();
      const created = await invite.create(ctx(), { roomId: await newRoom() });
      s.addFault({ service: "controller", method: "DELETE", path: "/invites/", status: 403, body: "empty", count: 1 });
      const error = await rejection(invite.delete(ctx(), created.id, created.outs));
      assert.match(error.message, /yet the room of guest link \S+ is still listed among bot@example\.org's rooms/);
      assert.equal(await verify(created.outs.inviteCode), 200);
    });

    it("never shows the invite code in an error", async () => {
      const created = await invite.create(ctx(), { roomId: await newRoom() });
      sandbox().addFault({ service: "controller", method: "DELETE", path: "/invites/", status: 500, count: 10 });
      try {
        const error = await rejection(invite.delete(ctx(), created.id, created.outs));
        assert.match(error.message, /DELETE \S+\/v1\/rooms\/[^/]+\/invites\/\*\*\* did not come from the OpenTalk controller: HTTP 500/);
        assert.ok(!error.message.includes(created.outs.inviteCode));
        assert.ok(!String(error.stack).includes(created.outs.inviteCode));
      } finally {
        sandbox().clearFaults();
      }
    });
  });
});

describe("OpenTalkInvite provider on OpenTalk 0.30 (no guest gate; an unknown code answers 500)", () => {
  const sandbox = useSandbox({ controllerVersion: "0.30" });
  after(closeSharedClients);
  const ctx = () => providerContext(sandbox());

  it("takes links the invite-cleanup job removed for gone, proven by the room's list of links", async () => {
    const s = sandbox();
    const { id: roomId } = await room.create(ctx(), {});
    const links = [await invite.create(ctx(), { roomId }), await invite.create(ctx(), { roomId })];
    for (const link of links) s.store.deleteInvite(roomId, link.outs.inviteCode);
    s.clearRequests();
    for (const link of links) assert.equal((await invite.read(ctx(), link.id, link.outs)).id, "");
    const calls = s.requests({ service: "controller" }).map((r) => `${r.method} ${r.status} ${r.path.split("?")[0]}`);
    // 0.30 answers a rejected token with 500 as well: the first 500 gets one fresh token (and its login); once that
    // token gets a 500 too, 500s are taken as the controller's answer — no second renewal for the second link.
    assert.deepEqual(calls, [
      `GET 500 /v1/rooms/${roomId}/invites/:code`,
      "POST 200 /v1/auth/login",
      `GET 500 /v1/rooms/${roomId}/invites/:code`,
      "GET 200 /v1/users/me",
      `GET 200 /v1/rooms/${roomId}/invites`,
      `GET 500 /v1/rooms/${roomId}/invites/:code`,
      `GET 200 /v1/rooms/${roomId}/invites`,
    ]);
    assert.equal(s.requests({ service: "keycloak", method: "POST" }).length, 1, "one token renewal in all");
  });

  it("keeps a link whose lookup failed with 500 while the room still lists it", async () => {
    const s = sandbox();
    const { id: roomId } = await room.create(ctx(), {});
    const created = await invite.create(ctx(), { roomId });
    s.addFault({ service: "controller", method: "GET", path: "/invites/", status: 500, body: '{"code":"internal_server_error","message":"An internal server error occurred"}', contentType: "text/json; charset=utf-8", count: 2 });
    const error = await rejection(invite.read(ctx(), created.id, created.outs));
    assert.match(error.message, /is still listed among the guest links of its room/);
  });
});

describe("OpenTalkInvite provider on OpenTalk 0.35 (no invite codes: the room link is the guest link)", () => {
  const sandbox = useSandbox({ controllerVersion: "0.35" });
  after(closeSharedClients);
  const ctx = () => providerContext(sandbox());
  const inviteCalls = (s: ReturnType<typeof sandbox>) => s.requests({ service: "controller" }).filter((r) => r.path.includes("/invites"));

  it("yields the room link when the room lets guests in, without touching the removed invite API", async () => {
    const s = sandbox();
    const { id: roomId, outs: roomOuts } = await room.create(ctx(), { waitingRoom: true });
    s.clearRequests();
    const { id, outs } = await invite.create(ctx(), { roomId });
    assertStructSafe(outs);
    assert.deepEqual([outs.guestLink, outs.inviteCode, outs.expiresAt, outs.active], [roomOuts.roomLink, null, null, true]);
    assert.match(id, /^room-link-[0-9a-f]{16}$/);
    assert.equal(s.guestCanJoin(roomId), true, "the link lets a guest in");
    assert.deepEqual(inviteCalls(s), []);
  });

  it("refuses an expiry before any change, saying that 0.35 removed expiring links and what to use instead", async () => {
    const s = sandbox();
    const { id: roomId } = await room.create(ctx(), {});
    s.clearRequests();
    const error = await rejection(invite.create(ctx(), { roomId, expiresAt: LATER }));
    assert.match(error.message, /^OpenTalkInvite: expiresAt: OpenTalk 0\.35\.0 has no expiring guest links \(OpenTalk 0\.35 removed invite codes\).*Remove expiresAt — the link then lasts until you set the room's guestAccess to "disabled"/);
    assert.deepEqual(s.requests({ service: "controller" }).filter((r) => r.method !== "GET"), [], "nothing changed");
  });

  it("refuses a link to a room that shuts guests out, saying how to let them in", async () => {
    const { id: roomId } = await room.create(ctx(), { guestAccess: "disabled" });
    const error = await rejection(invite.create(ctx(), { roomId }));
    assert.match(error.message, /on OpenTalk 0\.35\.0 guests join by the room link, and room \S+ does not let guests in .*set guestAccess to "waiting_room" or "direct_access" on the room/);
  });

  // Catches a guest link recorded for a room the user cannot see: its link would be published as if it were theirs.
  it("refuses a link to a room that does not exist or is someone else's, before recording anything", async () => {
    const foreign = sandbox().store.createRoom("alice@example.org", {});
    const error = await rejection(invite.create(ctx(), { roomId: foreign.id }));
    assert.match(error.message, new RegExp(`room ${foreign.id} does not exist or belongs to another user, so no guest link can be made for it`));
  });

  it("warns on delete that guests keep access until the room's guest access is disabled, and changes nothing", async () => {
    const s = sandbox();
    const c = ctx();
    const { id: roomId } = await room.create(c, {});
    const created = await invite.create(c, { roomId });
    s.clearRequests();
    await invite.delete(c, created.id, created.outs);
    assert.ok(c.lines.some((line) => /cannot revoke a guest link — guests join by the room link, and keep that access until the room's guestAccess is "disabled"/.test(line)), c.lines.join("\n"));
    assert.equal(s.guestCanJoin(roomId), true, "nothing pretended: the room still admits guests");
    assert.deepEqual(s.requests({ service: "controller" }).filter((r) => r.method !== "GET"), []);
  });

  it("turns a link recorded on 0.34 into the room link on refresh, saying what changed", async () => {
    const s = sandbox();
    const c = ctx();
    const { id: roomId, outs: roomOuts } = await room.create(c, {});
    const recorded = {
      roomId,
      inviteCode: "3b1c0e4a-9d2f-4c8b-a7e6-5f4d3c2b1a09",
      guestLink: `${s.url}/room/${roomId}?invite=3b1c0e4a-9d2f-4c8b-a7e6-5f4d3c2b1a09`,
      expiresAt: LATER,
      active: true,
      ownerId: roomOuts.ownerId,
      ownerEmail: roomOuts.ownerEmail,
    };
    const read = await invite.read(c, "invite-0123", recorded);
    assert.equal(read.id, "invite-0123");
    assert.deepEqual([read.props.guestLink, read.props.inviteCode, read.props.expiresAt], [roomOuts.roomLink, null, null]);
    assert.deepEqual(read.inputs, { roomId });
    assert.ok(c.lines.some((line) => /has no invite codes any more; guests now join by the room link/.test(line) && /cannot be enforced any more: remove expiresAt/.test(line)), c.lines.join("\n"));
    assert.ok(!c.lines.some((line) => line.includes("/room/")), "the guest link, a secret output, is not logged");
    assert.deepEqual(inviteCalls(s), [], "the removed API is not asked");
    const update = await rejection(invite.update(c, "invite-0123", read.props, { roomId, expiresAt: LATER }));
    assert.match(update.message, /expiresAt: OpenTalk 0\.35\.0 has no expiring guest links/);
    const { outs } = await invite.update(c, "invite-0123", read.props, { roomId });
    assert.equal(outs.guestLink, roomOuts.roomLink);
  });
});
