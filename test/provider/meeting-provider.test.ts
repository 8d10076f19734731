import assert from "node:assert/strict";
import { meetingImplementation as meeting } from "../../provider/runtime/meeting-provider";
import { roomImplementation as room } from "../../provider/runtime/room-provider";
import { inviteImplementation as invite } from "../../provider/runtime/invite-provider";
import { isAmbiguousCreateError } from "../../provider/client";
import { closeClients, inviteToMeeting, newClient, rejection, useSandbox } from "../support/sandbox-fixture";
import { assertStructSafe, closeSharedClients, providerContext } from "../support/provider-fixture";

/** The meeting provider's methods called directly (as the host calls them) against the sandbox's events API. */
describe("OpenTalkMeeting provider", () => {
  const sandbox = useSandbox();
  after(closeSharedClients);
  afterEach(closeClients);
  const ctx = () => providerContext(sandbox());
  const alice = () => providerContext(sandbox(), { "opentalk:username": "alice@example.org", "opentalk:password": "alice-password-123" });

  async function created(inputs: Record<string, unknown>) {
    const { inputs: checked, failures } = await meeting.check(ctx(), {}, { __provider: "<shim>", ...inputs });
    assert.deepEqual(failures, []);
    return meeting.create(ctx(), checked);
  }

  it("creates a standing, non-ad-hoc meeting whose room has a title and complete outputs", async () => {
    const s = sandbox();
    s.clearRequests();
    const { id, outs } = await created({ title: "Team sync", description: "Mondays", waitingRoom: true, password: "meet-pass" });
    assertStructSafe(outs);
    assert.equal(outs.eventId, id);
    assert.equal(outs.roomLink, `${s.url}/room/${outs.roomId}`);
    assert.deepEqual([outs.title, outs.description, outs.startsAt, outs.recurrence], ["Team sync", "Mondays", null, []]);
    assert.deepEqual([outs.password, outs.waitingRoom, outs.e2eEncryption], ["meet-pass", true, false]);
    const posted = s.requests({ service: "controller", method: "POST" }).find((r) => r.path.startsWith("/v1/events"));
    assert.match(posted!.path, /suppress_email_notification=true/, "no mail to the owner");
    const event = await newClient(s).getEvent(id);
    assert.equal(event.is_adhoc, false);
    assert.equal(event.is_time_independent, true);
  });

  it("creates a dated, recurring meeting in its time zone", async () => {
    const { outs } = await created({
      title: "Weekly",
      startsAt: "2027-01-04T09:00:00+01:00",
      endsAt: "2027-01-04T09:30:00+01:00",
      timeZone: "Europe/Berlin",
      recurrence: ["RRULE:FREQ=WEEKLY;BYDAY=MO"],
    });
    assert.equal(Date.parse(outs.startsAt), Date.parse("2027-01-04T08:00:00Z"));
    assert.equal(outs.timeZone, "Europe/Berlin");
    assert.deepEqual(outs.recurrence, ["RRULE:FREQ=WEEKLY;BYDAY=MO"]);
  });

  it("records the dial-in OpenTalk gives a meeting, and removes it when sip.enabled is false", async () => {
    const withSip = await created({ title: "Dial-in" });
    assert.equal(withSip.outs.sip.enabled, true, "OpenTalk gives meetings dial-in");
    assert.match(String(withSip.outs.sipId), /^\d{10}$/);
    const without = await created({ title: "No dial-in", sip: { enabled: false } });
    assert.deepEqual([without.outs.sip.enabled, without.outs.sipId], [false, null]);
    assert.equal(sandbox().store.sipConfig(without.outs.roomId), undefined);
  });

  // Catches a meeting made but forgotten when its dial-in step fails (nothing in state, the room left behind), and a
  // state that records the dial-in as declared although it is not, so that no later up would set it up.
  for (const [declared, failing, recordedAs] of [
    [{ enabled: true, lobby: true }, "PUT", { enabled: false, lobby: false }],
    [{ enabled: false }, "DELETE", { enabled: true, lobby: false }],
  ] as const) {
    it(`records the meeting when ${failing} of its dial-in fails after it was made, and the next up completes it`, async () => {
      const s = sandbox();
      // The controller's own 500 (a database hiccup), so the step is known to have failed.
      s.addFault({ service: "controller", method: failing, path: "/sip$", status: 500, body: '{"code":"internal_server_error","message":"Internal server error"}', count: 10 });
      const { inputs } = await meeting.check(ctx(), {}, { __provider: "<shim>", title: `Dial-in ${failing}`, sip: declared });
      const error = (await rejection(meeting.create(ctx(), inputs))) as Error & { id: string; properties: Record<string, any> };
      s.clearFaults();
      assert.match(error.message, new RegExp(`^Meeting ${error.id} was created, but setting up its SIP dial-in failed: .*answered 500 to ${failing}`));
      assert.equal(s.store.event(error.id)?.title, `Dial-in ${failing}`, "the meeting exists, and the error carries its id");
      assert.equal(error.properties.__provider, "<shim>", "recorded with its provider, so it can be refreshed and deleted");
      assert.deepEqual(error.properties.sip, recordedAs, "recorded as the opposite of the declaration, so the next up plans the step");
      assertStructSafe(error.properties);

      const { outs } = await meeting.update(ctx(), error.id, error.properties, inputs);
      assert.equal(outs.sip.enabled, declared.enabled);
      assert.equal(Boolean(s.store.sipConfig(outs.roomId)), declared.enabled);
      if (declared.enabled) assert.equal(s.store.sipConfig(outs.roomId)!.lobby, true);
    });
  }

  it("changes title, settings and SIP in place, keeping the room and its guest links", async () => {
    const { id, outs } = await created({ title: "Before", sip: { enabled: true } });
    const link = await invite.create(ctx(), { roomId: outs.roomId });
    const diff = await meeting.diff(ctx(), id, outs, { title: "After", waitingRoom: true, sip: { enabled: true, lobby: true } });
    assert.deepEqual([diff.changes, diff.replaces], [true, []]);
    const { outs: updated } = await meeting.update(ctx(), id, outs, { title: "After", waitingRoom: true, sip: { enabled: true, lobby: true } });
    assertStructSafe(updated);
    assert.deepEqual([updated.eventId, updated.roomId, updated.title, updated.waitingRoom, updated.sip.lobby], [id, outs.roomId, "After", true, true]);
    assert.equal((await invite.read(ctx(), link.id, link.outs)).id, link.id, "the guest link still works");
    const same = await meeting.diff(ctx(), id, updated, { title: "After", waitingRoom: true, sip: { enabled: true, lobby: true } });
    assert.equal(same.changes, false);
  });

  // Catches a state written by an earlier pulumi-opentalk (before guest access, names, guest links and dial-in ids
  // were recorded) taken for a different meeting — a replacement, a lost room — or left with outputs missing.
  it("updates a meeting recorded by an earlier version, with fewer outputs, in place and records every output", async () => {
    const s = sandbox();
    const { id, outs } = await created({ title: "Recorded long ago", waitingRoom: true });
    const earlier = { eventId: outs.eventId, roomId: outs.roomId, roomLink: outs.roomLink, title: outs.title, waitingRoom: true, sip: { enabled: true } };
    const wanted = { title: "Recorded long ago", waitingRoom: false };
    const diff = await meeting.diff(ctx(), id, earlier, wanted);
    assert.deepEqual([diff.changes, diff.replaces], [true, []]);
    const { outs: updated } = await meeting.update(ctx(), id, earlier, wanted);
    assertStructSafe(updated);
    assert.deepEqual(Object.keys(updated).sort(), Object.keys(outs).sort(), "every output a new record has");
    assert.deepEqual([updated.roomId, updated.waitingRoom, updated.e2eEncryption, updated.ownerEmail], [outs.roomId, false, false, "bot@example.org"]);
    const sip = s.store.sipConfig(outs.roomId)!;
    assert.deepEqual([updated.sip, updated.sipId], [{ enabled: true, lobby: false }, sip.sipId], "the dial-in it has, read back");
    assert.equal((await meeting.diff(ctx(), id, updated, wanted)).changes, false, "and nothing left to change");
  });

  it("changes a password without OpenTalk's side effect of a new permanent guest link", async () => {
    const s = sandbox();
    const { id, outs } = await created({ title: "Quiet", password: "first-pass" });
    const before = s.store.invites(outs.roomId).length;
    const { outs: updated } = await meeting.update(ctx(), id, outs, { title: "Quiet", password: "second-pass" });
    assert.equal(updated.password, "second-pass");
    assert.equal(s.store.invites(outs.roomId).length, before, "room settings go through the room's endpoint");
  });

  it("shows drift made in the web app on refresh, end-to-end encryption included", async () => {
    const s = sandbox();
    const { id, outs } = await created({ title: "Drifting" });
    await newClient(s).updateEvent(id, { title: "Renamed in the app", waiting_room: true });
    const read = await meeting.read(ctx(), id, outs);
    assert.equal(read.id, id);
    assert.deepEqual([read.props.title, read.props.waitingRoom], ["Renamed in the app", true]);
    assert.equal(read.inputs!.title, "Renamed in the app");
    assert.ok(!("password" in read.inputs!), "no password in refreshed inputs");
    assert.equal((await meeting.diff(ctx(), id, read.props, { title: "Drifting" })).changes, true);
  });

  it("reports a meeting deleted outside Pulumi as gone, and deletes meetings with their room", async () => {
    const s = sandbox();
    const gone = await created({ title: "Gone" });
    await newClient(s).deleteEvent(gone.id);
    assert.equal((await meeting.read(ctx(), gone.id, gone.outs)).id, "");
    await meeting.delete(ctx(), gone.id, gone.outs);

    const kept = await created({ title: "Deleted by Pulumi" });
    await meeting.delete(ctx(), kept.id, kept.outs);
    assert.equal(s.store.room(kept.outs.roomId), undefined, "the room went with the meeting");
  });

  it("adopts an own meeting and converges it; refuses someone else's", async () => {
    const s = sandbox();
    const existing = await newClient(s).createEvent({ title: "Made in the app", description: "", is_time_independent: true, waiting_room: true });
    const { id, outs } = await created({ title: "Adopted", adoptEventId: existing.id });
    assert.equal(id, existing.id);
    assert.deepEqual([outs.title, outs.waitingRoom, outs.adoptEventId], ["Adopted", false, existing.id]);
    const foreign = await newClient(s, { OPENTALK_USERNAME: "alice@example.org", OPENTALK_PASSWORD: "alice-password-123" })
      .createEvent({ title: "Alice's", description: "", is_time_independent: true });
    const error = await rejection(meeting.create(ctx(), { title: "Mine now", adoptEventId: foreign.id }));
    assert.match(error.message, /cannot adopt meeting/);
  });

  it("refuses to refresh a meeting recorded with another owner", async () => {
    const { id, outs } = await meeting.create(alice(), { title: "Alice's meeting" });
    const error = await rejection(meeting.read(ctx(), id, outs));
    assert.match(error.message, /was created by another user \(alice@example\.org\)/);
  });

  it("keeps its room through the room-cleanup job, which deletes plain rooms", async () => {
    const s = sandbox();
    const standing = await created({ title: "Standing" });
    const plain = await room.create(ctx(), {});
    const cleanup = await fetch(`${s.adminUrl}/jobs/room-cleanup`, { method: "POST" });
    assert.equal(cleanup.status, 200);
    assert.ok(s.store.room(standing.outs.roomId), "the meeting's room survived");
    assert.equal(s.store.room(plain.id), undefined, "the plain room was cleaned up");
    assert.equal((await room.read(ctx(), plain.id, plain.outs)).id, "", "and a refresh sees it gone");
  });
});

/**
 * A meeting of alice's that the configured user (bot) is invited to: the controller lets bot read it and lists it
 * among bot's events, so only the provider's own ownership checks keep bot from taking it over, refreshing it as
 * its own or being offered it after a lost create.
 */
describe("OpenTalkMeeting provider and a meeting the user is only invited to", () => {
  const sandbox = useSandbox();
  after(closeSharedClients);
  afterEach(closeClients);
  const ctx = () => providerContext(sandbox());
  const alice = () => providerContext(sandbox(), { "opentalk:username": "alice@example.org", "opentalk:password": "alice-password-123" });
  const SETTINGS = { title: "Alice's planning", description: "Fridays", waitingRoom: true };

  async function alicesMeetingWithBotInvited(settings: Record<string, unknown> = SETTINGS) {
    const made = await meeting.create(alice(), settings);
    await inviteToMeeting(sandbox(), made.id);
    return made;
  }

  it("refuses to adopt it, even with the same title and settings, and changes nothing on the server", async () => {
    // Catches the removal of adoptMeeting's `created_by` check: bot can read the meeting, and with nothing to change
    // the adoption would succeed without a single write, making bot's stack manage (and later delete) alice's meeting.
    const s = sandbox();
    const { id } = await alicesMeetingWithBotInvited();
    s.clearRequests();
    const error = await rejection(meeting.create(ctx(), { ...SETTINGS, adoptEventId: id }));
    assert.match(error.message, new RegExp(`cannot adopt meeting ${id}: it belongs to alice@example\\.org, and only its owner can change or delete it`));
    // (POST /v1/auth/login is the client's login, no change to anything.)
    const writes = ["PATCH", "PUT", "DELETE", "POST"].flatMap((method) => s.requests({ service: "controller", method })).filter((r) => !r.path.startsWith("/v1/auth/"));
    assert.deepEqual(writes, [], "no write of any kind");
    assert.equal(s.store.event(id)?.title, SETTINGS.title);
  });

  it("refuses to refresh it as the configured user's, naming its owner", async () => {
    // Catches a read that accepts what the controller shows an invitee: the refresh would record alice's meeting as
    // bot's, and the next update would fail on the controller's 403 instead of saying whose meeting it is.
    const { id, outs } = await alicesMeetingWithBotInvited();
    const error = await rejection(meeting.read(ctx(), id, outs));
    assert.match(error.message, /meeting .* was created by another user \(alice@example\.org\) than the configured bot@example\.org/);
  });

  it("does not offer it as the meeting a lost create may have made", async () => {
    // Catches the lost-create search without an owner filter: alice's meeting has the same title and is just as new,
    // and bot's events listing holds it, so it would be offered as "yours" to adopt — which would then fail.
    const s = sandbox();
    const alices = await alicesMeetingWithBotInvited({ title: "Lobby" });
    s.addFault({ service: "controller", method: "POST", path: "^/v1/events", status: 504, count: 1 });
    const error = await rejection(meeting.create(ctx(), { title: "Lobby" }));
    assert.ok(isAmbiguousCreateError(error), error.message);
    assert.deepEqual(error.candidates, [], "alice's meeting is no candidate");
    assert.ok(!error.message.includes(alices.id), error.message);
    assert.match(error.message, /No meeting of bot@example\.org with these settings was created since/);
  });
});

describe("OpenTalkMeeting provider on a 0.29 controller", () => {
  const sandbox = useSandbox({ controllerVersion: "0.29" });
  after(closeSharedClients);

  it("refuses a declared guestAccess, which 0.29 does not know, before creating anything", async () => {
    const s = sandbox();
    const before = s.store.events().length;
    const error = await rejection(meeting.create(providerContext(s), { title: "Old controller", guestAccess: "direct_access" }));
    assert.match(error.message, /^OpenTalkMeeting: guestAccess: guest access settings need OpenTalk 0\.34 or newer; on OpenTalk 0\.29\.6/);
    assert.equal(s.store.events().length, before);
  });

  it("makes a dated, recurring meeting (0.29 refuses one without is_all_day) and keeps its recurrence through a title change", async () => {
    const s = sandbox();
    const ctx = providerContext(s);
    const inputs = { title: "Weekly", startsAt: "2031-01-06T09:00:00+01:00", endsAt: "2031-01-06T09:30:00+01:00", timeZone: "Europe/Berlin", recurrence: ["RRULE:FREQ=WEEKLY;BYDAY=MO"] };
    const { id, outs } = await meeting.create(ctx, inputs);
    assert.deepEqual(outs.recurrence, ["RRULE:FREQ=WEEKLY;BYDAY=MO"]);
    const { outs: renamed } = await meeting.update(ctx, id, outs, { ...inputs, title: "Weekly sync" });
    assert.equal(renamed.title, "Weekly sync");
    assert.deepEqual(renamed.recurrence, ["RRULE:FREQ=WEEKLY;BYDAY=MO"], "a PATCH without recurrence_pattern would have erased it on 0.29/0.30");
  });

  it("leaves a meeting's dial-in as OpenTalk made it without touching /sip, and refuses a declared sip", async () => {
    const s = sandbox();
    const ctx = providerContext(s);
    s.clearRequests();
    await meeting.create(ctx, { title: "Phone-in" });
    assert.deepEqual(s.requests({ service: "controller" }).filter((r) => r.path.includes("/sip")), []);
    const error = await rejection(meeting.create(ctx, { title: "Phone-in", sip: { enabled: false } }));
    assert.match(error.message, /sip: OpenTalk 0\.29\.6 does not let room owners change dial-in settings .*remove sip/);
  });
});

describe("OpenTalkMeeting provider on OpenTalk 0.34", () => {
  const sandbox = useSandbox({ controllerVersion: "0.34" });
  after(closeSharedClients);

  it("makes a meeting without sip on a tariff without call-in, never asking for a dial-in it may not read", async () => {
    const s = sandbox();
    const alice = providerContext(s, { "opentalk:username": "alice@example.org", "opentalk:password": "alice-password-123" });
    s.store.setTariff("alice@example.org", { guestsAllowed: true, callIn: false });
    try {
      s.clearRequests();
      const { outs } = await meeting.create(alice, { title: "No phones here" });
      assert.deepEqual([outs.sip, outs.sipId], [{ enabled: false, lobby: false }, null]);
      assert.deepEqual(s.requests({ service: "controller" }).filter((r) => r.path.includes("/sip")), [], "no GET …/sip, which would answer 403");
    } finally {
      s.store.setTariff("alice@example.org", { guestsAllowed: true, callIn: true });
    }
  });

  it("takes a 250-byte German title, which the server counts in bytes, and check refuses one of 250 characters", async () => {
    const ctx = providerContext(sandbox());
    const bytes250 = "Überblick über die Quartalszahlen ".repeat(7).slice(0, 236);
    assert.equal(Buffer.byteLength(bytes250, "utf8") <= 255, true);
    const { outs } = await meeting.create(ctx, { title: bytes250 });
    assert.equal(outs.title, bytes250);
    const chars250 = "Ä".repeat(250);
    const { failures } = await meeting.check(ctx, {}, { title: chars250 });
    assert.match(failures.map((f) => f.reason).join("\n"), /must be at most 255 bytes in UTF-8 .*got 500 bytes in 250 characters/);
  });
});

