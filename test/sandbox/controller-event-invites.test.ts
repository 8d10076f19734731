import * as assert from "node:assert/strict";
import { DEFAULT_USERS, type ControllerVersion, type Sandbox } from "./index";
import { api, assertEmpty, grant, login, useSandbox } from "./sandbox-fixture";

const CAROL = { username: "carol@example.org", password: "carol-password-123", email: "carol@example.org", givenName: "Carol", familyName: "Clark" };
const STANDING = { title: "Alice's standing meeting", description: "", is_time_independent: true };

/**
 * Event invites of registered users (controller-event-invites.ts, room-access.ts), on every release: alice owns the
 * meetings, bot is invited, carol is a stranger. Each test names the rule it guards; without that rule in the
 * sandbox (e.g. invitees treated as strangers, or as owners) it fails.
 */
for (const version of ["0.29", "0.30", "0.34", "0.35"] as const satisfies readonly ControllerVersion[]) {
  describe(`sandbox controller event invites on ${version}`, () => {
    const ctx = useSandbox({ controllerVersion: version, users: [...DEFAULT_USERS, CAROL] });
    const tokens: Record<"alice" | "bot" | "carol", string> = { alice: "", bot: "", carol: "" };
    const ids: Record<"alice" | "bot" | "carol", string> = { alice: "", bot: "", carol: "" };
    const kustos = version === "0.29" || version === "0.30";
    const as = (who: keyof typeof tokens, method: string, path: string, body?: unknown) => api(ctx.sandbox, tokens[who], method, path, body);
    const invite = (eventId: string, body: unknown, who: keyof typeof tokens = "alice") =>
      as(who, "POST", `/v1/events/${eventId}/invites?suppress_email_notification=true`, body);
    /** A new meeting of alice's, with bot invited (by the API, as a user would do it). */
    async function meetingWithBot(extra: Record<string, unknown> = {}, role?: "moderator") {
      const event = (await as("alice", "POST", "/v1/events?suppress_email_notification=true", { ...STANDING, ...extra })).json;
      assert.ok(event.id, "alice's meeting was created");
      assertEmpty(await invite(event.id, { invitee: ids.bot, ...(role ? { role } : {}) }), 201, "invite bot");
      return event as { id: string; room: { id: string } };
    }

    before(async () => {
      const sandbox: Sandbox = ctx.sandbox;
      for (const [who, username, password] of [["alice", "alice@example.org", "alice-password-123"], ["bot", sandbox.username, sandbox.password], ["carol", CAROL.username, CAROL.password]] as const) {
        const granted = await grant(sandbox, username, password);
        if (sandbox.profile.authentication === "login") await login(sandbox, granted);
        tokens[who] = granted.access_token;
        ids[who] = (await as(who, "GET", "/v1/users/me")).json.id;
      }
    });

    it("invites a registered user by id: 201 Created, 204 when invited again or when it is the creator; the invite starts pending", async () => {
      // Guards the 201/204 distinction and the creator's implicit invite (BE/events/invites.rs @ v0.30.1).
      const event = (await as("alice", "POST", "/v1/events", STANDING)).json;
      assertEmpty(await invite(event.id, { invitee: ids.bot }), 201, "first invite");
      assertEmpty(await invite(event.id, { invitee: ids.bot, role: "moderator" }), 204, "already invited: nothing changes");
      assertEmpty(await invite(event.id, { invitee: ids.alice }), 204, "the creator");
      assert.deepEqual(
        ctx.sandbox.store.eventInvites(event.id).map((i) => [i.inviteeId, i.role, i.status, i.createdById]),
        [[ids.bot, "user", "pending", ids.alice]],
      );
    });

    it("invites by the e-mail address of a user the controller knows, in any case; an unknown address is 409 unknown_email", async () => {
      // Guards the e-mail variant: a known address becomes a user invite (role guest → user), anything else a 409.
      const event = (await as("alice", "POST", "/v1/events", STANDING)).json;
      assertEmpty(await invite(event.id, { email: "Bot@Example.org" }), 201);
      assertEmpty(await invite(event.id, { invitee: ids.bot }), 204, "the same invite");
      assertEmpty(await invite(event.id, { email: "alice@example.org", role: "moderator" }), 204, "the creator");
      assertEmpty(await invite(event.id, { email: CAROL.email, role: "moderator" }), 201);
      const unknown = await invite(event.id, { email: "nobody@example.org" });
      assert.equal(unknown.status, 409);
      assert.deepEqual(unknown.json, { code: "unknown_email", message: "Only emails registered with the systems are allowed to be used for invites" });
      assert.deepEqual(ctx.sandbox.store.eventInvites(event.id).map((i) => [i.inviteeId, i.role]), [[ids.bot, "user"], [ids.carol, "moderator"]]);
    });

    it(`answers an unknown user id with the database's "not found": ${kustos ? "500" : "404 not_found"}`, async () => {
      // Guards the per-release mapping of `User::get_filtered_by_tenant`'s NotFound (capture_api_error.rs ≤ 0.30).
      const event = (await as("alice", "POST", "/v1/events", STANDING)).json;
      const unknown = await invite(event.id, { invitee: "00000000-0000-4000-8000-000000000000" });
      assert.deepEqual([unknown.status, unknown.json.code], kustos ? [500, "internal_server_error"] : [404, "not_found"]);
      const malformed = await invite(event.id, { invitee: "bot" });
      assert.deepEqual([malformed.status, malformed.json.code], [400, "invalid_json"]);
      assert.match(malformed.json.message, /data did not match any variant of untagged enum PostEventInviteBody/);
      assert.equal(ctx.sandbox.store.eventInvites(event.id).length, 0);
    });

    it("lets only the owner invite: the invitee, a stranger, an unknown or malformed event get the empty 403 before the body is read", async () => {
      // Guards the owner-only write (kustos event_write_access; ACL EventInvites owner rw, invitees r-).
      const event = await meetingWithBot();
      assertEmpty(await invite(event.id, { invitee: ids.carol }, "bot"), 403, "the invitee");
      assertEmpty(await invite(event.id, { invitee: ids.bot }, "carol"), 403, "a stranger");
      assertEmpty(await invite(event.id, "not json", "carol"), 403, "before the body");
      assertEmpty(await invite("00000000-0000-4000-8000-000000000000", { invitee: ids.bot }), 403, "unknown event");
      assertEmpty(await invite("not-an-id", { invitee: ids.bot }), 403, "malformed id");
      assert.deepEqual(ctx.sandbox.store.eventInvites(event.id).map((i) => i.inviteeId), [ids.bot]);
    });

    it("lets the invitee read the event (invite_status pending, can_edit false) and its room's event info, never change or delete it", async () => {
      // Guards invitee read access to GET /v1/events/{id} (event_read_access; ACL Event r-) and the write denials.
      const event = await meetingWithBot({ password: "room-pass" });
      const read = await as("bot", "GET", `/v1/events/${event.id}`);
      assert.equal(read.status, 200);
      assert.deepEqual(
        [read.json.created_by.email, read.json.invite_status, read.json.can_edit, read.json.room.id],
        ["alice@example.org", "pending", false, event.room.id],
      );
      const owner = (await as("alice", "GET", `/v1/events/${event.id}`)).json;
      assert.deepEqual([owner.invite_status, owner.can_edit], ["accepted", true]);
      assertEmpty(await as("carol", "GET", `/v1/events/${event.id}`), 403, "a stranger");

      assertEmpty(await as("bot", "PATCH", `/v1/events/${event.id}`, { title: "Bot's now" }), 403, "PATCH");
      assertEmpty(await as("bot", "DELETE", `/v1/events/${event.id}`), 403, "DELETE");
      assertEmpty(await as("bot", "PATCH", `/v1/rooms/${event.room.id}`, { waiting_room: true }), 403, "room PATCH");
      assertEmpty(await as("bot", "DELETE", `/v1/rooms/${event.room.id}`), 403, "room DELETE");
      assert.equal(ctx.sandbox.store.event(event.id)?.title, STANDING.title, "unchanged");

      const info = await as("bot", "GET", `/v1/rooms/${event.room.id}/event`);
      assert.equal(info.status, 200);
      assert.deepEqual([info.json.id, info.json.title], [event.id, STANDING.title]);
      // 0.35: password_required is false for the owner and the invitees (SVC rooms `get_room_event`).
      assert.equal(info.json.password_required, version !== "0.35");
    });

    it(`lets the invitee read the room ${kustos ? "and its guest links, not its dial-in" : "only as a moderator, and its dial-in"}, as the release's authorizer does`, async () => {
      // Guards the per-release `inviteeRoomReads`: kustos room_read_access (≤ 0.30) vs the Room/RoomSip ACLs (≥ 0.34).
      const event = await meetingWithBot();
      const room = await as("bot", "GET", `/v1/rooms/${event.room.id}`);
      if (kustos) {
        assert.equal(room.status, 200);
        assert.equal(room.json.created_by.email, "alice@example.org");
      } else {
        assertEmpty(room, 403, "plain invitees do not read the room (ACL Room: User --)");
        const moderated = await meetingWithBot({}, "moderator");
        const asModerator = await as("bot", "GET", `/v1/rooms/${moderated.room.id}`);
        assert.deepEqual([asModerator.status, asModerator.json.created_by.email], [200, "alice@example.org"], "moderators read it");
      }
      const links = await as("bot", "GET", `/v1/rooms/${event.room.id}/invites`);
      if (kustos) assert.deepEqual([links.status, Array.isArray(links.json)], [200, true]);
      else assertEmpty(links, version === "0.34" ? 403 : 410, "guest links");

      const sip = await as("bot", "GET", `/v1/rooms/${event.room.id}/sip`);
      if (kustos) assertEmpty(sip, 403, "no policy covers /sip");
      else assert.deepEqual([sip.status, typeof sip.json.sip_id], [200, "string"]);
      assertEmpty(await as("bot", "DELETE", `/v1/rooms/${event.room.id}/sip`), 403, "SIP DELETE");
      assertEmpty(await as("carol", "GET", `/v1/rooms/${event.room.id}`), 403, "a stranger");
      // (0.35 lets a stranger in as a guest where the room admits guests: controller-events.ts.)
      if (version !== "0.35") assertEmpty(await as("carol", "GET", `/v1/rooms/${event.room.id}/event`), 403, "a stranger's event info");
    });

    it("lists the events the user is invited to, with their invite status, and filters them by invite_status", async () => {
      // Guards `created_by = user OR invitee = user` and the invite_status filter ("accepted" also means "created").
      const invited = await meetingWithBot();
      const own = (await as("bot", "POST", "/v1/events", { ...STANDING, title: "Bot's own" })).json;
      const titlesFor = async (query: string) =>
        (await as("bot", "GET", `/v1/events${query}`)).json.filter((e: { id: string }) => [invited.id, own.id].includes(e.id)).map((e: { title: string; invite_status: string; can_edit: boolean }) => [e.title, e.invite_status, e.can_edit]);
      assert.deepEqual(await titlesFor(""), [[STANDING.title, "pending", false], ["Bot's own", "accepted", true]]);
      assert.deepEqual(await titlesFor("?invite_status=pending"), [[STANDING.title, "pending", false]]);
      assert.deepEqual(await titlesFor("?invite_status=accepted"), [["Bot's own", "accepted", true]]);
      ctx.sandbox.store.setEventInviteStatus(invited.id, "bot@example.org", "declined");
      assert.deepEqual(await titlesFor(""), [[STANDING.title, "declined", false], ["Bot's own", "accepted", true]], "declined invites stay listed");
      const carolSees = (await as("carol", "GET", "/v1/events")).json.map((e: { id: string }) => e.id);
      assert.equal(carolSees.includes(invited.id), false);
    });

    it(`lists the rooms of invited events; ${kustos ? "each room once" : "an owned room once per invite of its event"}`, async () => {
      // Guards `roomListing`: kustos' accessible resources (≤ 0.30) vs the event_invites join without DISTINCT (≥ 0.34).
      const event = await meetingWithBot();
      assertEmpty(await invite(event.id, { invitee: ids.carol }), 201);
      const listed = async (who: keyof typeof tokens) =>
        (await as(who, "GET", "/v1/rooms?per_page=100")).json.filter((r: { id: string }) => r.id === event.room.id).map((r: { created_by: { email: string } }) => r.created_by.email);
      assert.deepEqual(await listed("bot"), ["alice@example.org"], "the invitee sees alice's room");
      assert.deepEqual(await listed("alice"), kustos ? ["alice@example.org"] : ["alice@example.org", "alice@example.org"]);
      const plain = (await as("alice", "POST", "/v1/rooms", {})).json;
      const plainListed = (await as("alice", "GET", "/v1/rooms?per_page=100")).json.filter((r: { id: string }) => r.id === plain.id);
      assert.equal(plainListed.length, 1, "a room without event invites comes once");
    });

    it("lists the invitees to whoever may read the event when invitees_max asks for them", async () => {
      // Guards the `invitees` of EventResource: registered profile with role, the invite status, truncation.
      const event = await meetingWithBot();
      assertEmpty(await invite(event.id, { invitee: ids.carol, role: "moderator" }), 201);
      const full = (await as("bot", "GET", `/v1/events/${event.id}?invitees_max=10`)).json;
      assert.equal(full.invitees_truncated, false);
      assert.deepEqual(
        full.invitees.map((i: { profile: { kind: string; email: string; role: string }; status: string }) => [i.profile.kind, i.profile.email, i.profile.role, i.status]),
        [["registered", "bot@example.org", "user", "pending"], ["registered", CAROL.email, "moderator", "pending"]],
      );
      const one = (await as("alice", "GET", `/v1/events/${event.id}?invitees_max=1`)).json;
      assert.deepEqual([one.invitees.length, one.invitees_truncated], [1, true]);
      const none = (await as("alice", "GET", `/v1/events/${event.id}`)).json;
      assert.deepEqual([none.invitees, none.invitees_truncated], [[], true]);
      const listed = (await as("alice", "GET", "/v1/events")).json.find((e: { id: string }) => e.id === event.id);
      assert.deepEqual([listed.invitees, listed.invitees_truncated], [[], kustos], "a list without invitees_max: truncated on ≤ 0.30 only");
    });

    it("forgets the invites with the event: the invitee loses it when the owner deletes it", async () => {
      // Guards the cascade (utils/src/deletion/event.rs deletes the event's invites).
      const event = await meetingWithBot();
      assertEmpty(await as("alice", "DELETE", `/v1/events/${event.id}?suppress_email_notification=true`), 204);
      assert.deepEqual(ctx.sandbox.store.eventInvites(event.id), []);
      assertEmpty(await as("bot", "GET", `/v1/events/${event.id}`), 403);
      assert.equal((await as("bot", "GET", "/v1/events")).json.some((e: { id: string }) => e.id === event.id), false);
    });
  });
}
