import assert from "node:assert/strict";
import { PROFILES } from "../sandbox";
import { forEachRelease } from "../support/releases";
import { inviteRequests, inviteToMeeting, newClient } from "../support/sandbox-fixture";
import { MEETING_COLUMNS, meetingsFixture, standing } from "./meetings-fixture";
import { json, opentalk, runCli } from "./run-cli";

const ALICE = { OPENTALK_USERNAME: "alice@example.org", OPENTALK_PASSWORD: "alice-password-123" };

describe("opentalk meetings list, get and delete", () => {
  // What a meeting holds (guest access from 0.34) and how the controller refuses another's depend on the release.
  forEachRelease((release) => {
    const profile = PROFILES[release];
    const { sandbox, client, run } = meetingsFixture(release, runCli);

    describe("meetings list and meetings get", () => {
      it("lists the meetings the user owns with their settings, and no password, PIN or guest link", async () => {
        const s = sandbox();
        const open = await client().createEvent({ ...standing("Open office"), password: "event-Pass-1" });
        // A guest link the listing must not show: an invite code up to 0.34; from 0.35 the room link is the guest link.
        if (profile.inviteApi !== "gone") await client().createInvite(open.room!.id, null);
        const dated = await client().createEvent({
          title: "Sync",
          description: "weekly",
          is_time_independent: false,
          ...(profile.datedEventsRequireAllDay ? { is_all_day: false } : {}),
          starts_at: { datetime: "2026-06-01T09:00:00Z", timezone: "Europe/Berlin" },
          ends_at: { datetime: "2026-06-01T10:00:00Z", timezone: "Europe/Berlin" },
        });
        s.store.createEvent("alice@example.org", { title: "Alice's" });
        const done = await run(["meetings", "list"]);
        const rows = json<Record<string, unknown>[]>(done);
        assert.deepEqual(rows.map((row) => Object.keys(row)), [MEETING_COLUMNS, MEETING_COLUMNS]);
        const byId = new Map(rows.map((row) => [row.eventId, row]));
        assert.deepEqual(new Set(byId.keys()), new Set([open.id, dated.id]));
        assert.deepEqual(byId.get(dated.id), {
          eventId: dated.id,
          title: "Sync",
          description: "weekly",
          roomId: dated.room!.id,
          roomLink: `${s.url}/room/${dated.room!.id}`,
          name: null,
          alias: null,
          type: "single",
          isTimeIndependent: false,
          isAdhoc: false,
          startsAt: "2026-06-01T09:00:00Z",
          endsAt: "2026-06-01T10:00:00Z",
          timeZone: "Europe/Berlin",
          ownerId: s.store.user(s.username)!.id,
          ownerEmail: "bot@example.org",
          createdAt: dated.created_at,
          waitingRoom: false,
          guestAccess: profile.guestAccess ? "waiting_room" : null,
          passwordRequired: false,
          sipTel: "+49 30 1234567",
          sipId: s.store.sipConfig(dated.room!.id)!.sipId,
        });
        assert.equal(byId.get(open.id)!.passwordRequired, true);
        assert.doesNotMatch(done.stdout, /event-Pass-1|invite=/);
        assert.ok(!done.stdout.includes(s.store.sipConfig(open.room!.id)!.password), "no dial-in PIN");
        assert.deepEqual(inviteRequests(s).filter((r) => r.method === "GET"), [], "guest links are not looked up");
      });

      it("lists only the user's own meetings, not the ones they are invited to", async () => {
        // Catches ownedEvents dropped from meetings list: the controller lists alice's meeting to bot, who is invited.
        const s = sandbox();
        const alices = await newClient(s, ALICE).createEvent(standing("Alice's planning"));
        await inviteToMeeting(s, alices.id);
        const own = await client().createEvent(standing("Bot's own"));
        assert.ok((await client().listEvents()).some((event) => event.id === alices.id), "the controller lists it to bot");
        const rows = json<Record<string, unknown>[]>(await run(["meetings", "list"]));
        assert.deepEqual(rows.map((row) => row.eventId), [own.id]);
      });

      it("shows one meeting", async () => {
        const event = await client().createEvent(standing("Open office"));
        const shown = json<Record<string, unknown>>(await run(["meetings", "get", event.id]));
        assert.deepEqual(Object.keys(shown), MEETING_COLUMNS);
        assert.equal(shown.eventId, event.id);
        assert.equal(shown.title, "Open office");
        assert.equal(shown.guestAccess, profile.guestAccess ? "waiting_room" : null);
      });

      it("fails with exit status 1 and says where to find the user's meetings when the meeting is not there", async () => {
        const gone = "0b7e3c55-3c8f-4a8e-9d43-6f3b2d8c9a10";
        const done = await run(["meetings", "get", gone]);
        assert.equal(done.status, 1);
        assert.equal(
          done.stderr,
          `OpenTalk controller answered 403 to GET /v1/events/${gone} — meeting ${gone} does not exist or belongs to another user (opentalk meetings list shows your meetings)\n`,
        );
      });
    });

    describe("meetings delete", () => {
      it("deletes the meeting with its room and prints what was deleted", async () => {
        const s = sandbox();
        const event = await client().createEvent(standing("Retired"));
        const kept = await client().createEvent(standing("Kept"));
        const deleted = json<Record<string, unknown>>(await run(["meetings", "delete", event.id]));
        assert.deepEqual(Object.keys(deleted), MEETING_COLUMNS);
        assert.equal(deleted.eventId, event.id);
        assert.equal(deleted.title, "Retired");
        assert.deepEqual(s.store.events().map((e) => e.id), [kept.id]);
        assert.equal(s.store.room(event.room!.id), undefined, "its room went with it");
      });

      it("fails with exit status 1 and deletes nothing when the meeting does not exist or is someone else's", async () => {
        const s = sandbox();
        const foreign = s.store.createEvent("alice@example.org", { title: "Alice's" });
        for (const id of [foreign.id, "0b7e3c55-3c8f-4a8e-9d43-6f3b2d8c9a10"]) {
          const done = await run(["meetings", "delete", id]);
          assert.equal(done.status, 1);
          assert.equal(done.stdout, "");
          assert.match(done.stderr, new RegExp(`— meeting ${id} does not exist or belongs to another user \\(opentalk meetings list shows your meetings\\)\\n$`));
        }
        assert.equal(s.store.events().length, 1);
        assert.equal(s.requests({ service: "controller", method: "DELETE" }).length, 0);
      });

      it("refuses a meeting the user is only invited to, naming its owner, and deletes nothing", async () => {
        // Catches the removal of meetings delete's created_by check: bot may read alice's meeting as an invitee, so
        // only that check stands between the command and a DELETE the controller answers with a bare 403.
        const s = sandbox();
        const alices = await newClient(s, ALICE).createEvent(standing("Alice's planning"));
        await inviteToMeeting(s, alices.id);
        s.clearRequests();
        const done = await run(["meetings", "delete", alices.id]);
        assert.equal(done.status, 1);
        assert.equal(done.stdout, "");
        assert.equal(
          done.stderr,
          `Meeting ${alices.id} ("Alice's planning") belongs to alice@example.org, not to the configured bot@example.org: ` +
            "only its owner can delete it, so nothing was deleted.\n",
        );
        assert.equal(s.requests({ service: "controller", method: "DELETE" }).length, 0);
        assert.ok(s.store.event(alices.id));
      });
    });
  });

  // Query parameters, output formats and answers that are not the controller's do not depend on the release: one
  // release, through the built command line.
  describe(`on one release (OpenTalk ${PROFILES["0.35"].release}): filters, output and proxies`, () => {
    const { sandbox, client, run } = meetingsFixture("0.35", opentalk);

    it("passes --from and --to to the controller", async () => {
      const s = sandbox();
      await client().createEvent(standing("Open office"));
      s.clearRequests();
      const done = await run(["meetings", "list", "--from", "2026-05-31", "--to", "2026-06-02"]);
      assert.equal(done.stdout, "[]\n");
      const list = s.requests({ service: "controller", method: "GET" }).find((r) => r.path.startsWith("/v1/events?"))!;
      assert.equal(new URL(list.path, "http://x").searchParams.get("time_min"), "2026-05-31T00:00:00Z");
    });

    it("prints aligned columns with --table", async () => {
      await client().createEvent({ ...standing("Open office"), description: "line one\nline two" });
      const lines = (await run(["meetings", "list", "--table"])).stdout.split("\n");
      assert.equal(lines.length, 3, "a header, one line per meeting, and the final line break");
      assert.match(lines[0]!, /^eventId {31}title {8}description {8}roomId {32}roomLink/);
      const at = (column: string) => lines[0]!.indexOf(column);
      assert.equal(lines[1]!.slice(at("title"), at("description")), "Open office  ");
      assert.equal(lines[1]!.slice(at("description"), at("roomId")), "line one line two  ", "line breaks shown as spaces");
      assert.equal(lines[1]!.slice(at("name"), at("alias")).trim(), "-", "an absent value");
    });

    it("never reports deleted on an answer that is not the controller's", async () => {
      const s = sandbox();
      const event = await client().createEvent(standing("Behind a proxy"));
      s.addFault({ service: "controller", method: "DELETE", path: "^/v1/events/", status: 502, count: 10 });
      const done = await run(["meetings", "delete", event.id]);
      assert.equal(done.status, 1);
      assert.equal(done.stdout, "");
      assert.match(done.stderr, /^The answer to DELETE .* did not come from the OpenTalk controller: HTTP 502/);
      assert.equal(s.store.events().length, 1);
    });
  });
});
