import assert from "node:assert/strict";
import { PROFILES, type ControllerVersion } from "../sandbox";
import { forEachRelease } from "../support/releases";
import { inviteRequests, sandboxEnv, useSandboxWithClient } from "../support/sandbox-fixture";
import { csvRecords, json, opentalk, runCli, type CliRun } from "./run-cli";

const MEETING_COLUMNS = [
  "eventId",
  "title",
  "description",
  "roomId",
  "roomLink",
  "name",
  "alias",
  "type",
  "isTimeIndependent",
  "isAdhoc",
  "startsAt",
  "endsAt",
  "timeZone",
  "ownerId",
  "ownerEmail",
  "createdAt",
  "waitingRoom",
  "guestAccess",
  "passwordRequired",
  "sipTel",
  "sipId",
];
const CREATED_COLUMNS = [...MEETING_COLUMNS, "guestLink", "guestLinkExpiresAt"];

const standing = (title: string) => ({ title, description: "", is_time_independent: true });

/**
 * A sandbox of the release for the tests of one describe, a fresh client of its user for each test, and every CLI run
 * (`cli`: in this process or the built command line, run-cli.ts) kept for the secret scan at the end.
 */
function meetingsFixture(release: ControllerVersion, cli: typeof opentalk) {
  const { sandbox, client } = useSandboxWithClient({ controllerVersion: release });
  const runs: CliRun[] = [];
  after(() => {
    // Every run of the describe: neither the configured password nor a room password was printed.
    const secrets = [sandbox().password, "room-Secret-77", "event-Pass-1"];
    for (const done of runs) for (const secret of secrets) assert.ok(!`${done.stdout}${done.stderr}`.includes(secret), `a secret in: ${done.stdout}${done.stderr}`);
  });
  return { sandbox, client, run: async (args: string[], env = sandboxEnv(sandbox())) => cli(args, env, runs) };
}

describe("opentalk meetings", () => {
  // What the server answers, and what the command line may ask of it, depends on the release.
  forEachRelease((release) => {
    const profile = PROFILES[release];
    const { sandbox, client, run } = meetingsFixture(release, runCli);

    describe("meetings create", () => {
      it(
        profile.guestsJoinByRoomLink
          ? "creates a standing meeting, as the web app makes a room that lasts, and prints its room link, which is also the guest link"
          : "creates a standing meeting, as the web app makes a room that lasts, and prints its room link",
        async () => {
          const s = sandbox();
          s.clearRequests();
          const done = await run(["meetings", "create", "--title", "Open office", "--description", "Drop in any time"]);
          const created = json<Record<string, unknown>>(done);
          assert.deepEqual(Object.keys(created), CREATED_COLUMNS);
          const [event] = s.store.events();
          assert.ok(event);
          assert.equal(created.eventId, event.id);
          assert.equal(created.roomId, event.roomId);
          assert.equal(created.roomLink, `${s.url}/room/${event.roomId}`);
          assert.equal(created.title, "Open office");
          assert.equal(created.description, "Drop in any time");
          assert.equal(created.isTimeIndependent, true);
          assert.equal(created.isAdhoc, false);
          assert.equal(created.startsAt, null);
          assert.equal(created.ownerEmail, "bot@example.org");
          assert.equal(created.guestAccess, profile.guestAccess ? "waiting_room" : null);
          if (profile.guestsJoinByRoomLink) {
            assert.equal(created.guestLink, created.roomLink);
            assert.equal(s.guestCanJoin(event.roomId!), true, "a guest can really enter by that link");
          } else {
            assert.equal(created.guestLink, null, "no guest link unless asked for");
          }
          assert.equal(created.guestLinkExpiresAt, null);
          assert.deepEqual(inviteRequests(s), [], "no invite asked for");
          assert.equal(done.stderr, "", "no room-cleanup warning: a meeting's room lasts");
          const post = s.requests({ service: "controller", method: "POST" }).find((r) => r.path.startsWith("/v1/events"));
          assert.match(post!.path, /suppress_email_notification=true/, "no email to the owner");
          assert.equal(s.runRoomCleanup(), 0);
          assert.equal(s.store.rooms().length, 1);
        },
      );

      if (profile.guestAccess) {
        it("applies --waiting-room, --guest-access and a password from --password-env, which it never prints", async () => {
          const s = sandbox();
          const env = sandboxEnv(s, { ROOM_PASSWORD: "room-Secret-77" });
          const created = json<Record<string, unknown>>(await run(["meetings", "create", "--title", "Board", "--waiting-room", "--guest-access", "direct_access", "--password-env", "ROOM_PASSWORD"], env));
          assert.equal(created.waitingRoom, true);
          assert.equal(created.guestAccess, "direct_access");
          assert.equal(created.passwordRequired, true);
          const room = s.store.room(created.roomId as string)!;
          assert.equal(room.password, "room-Secret-77");
          assert.equal(room.waitingRoom, true);
          assert.equal(room.guestAccess, "direct_access");
        });

        it(
          profile.guestsJoinByRoomLink
            ? "prints no guest link for a meeting with --guest-access disabled, and asks for no invite"
            : "prints no guest link for a meeting with --guest-access disabled",
          async () => {
            const s = sandbox();
            const created = json<Record<string, unknown>>(await run(["meetings", "create", "--title", "Internal", "--guest-access", "disabled"]));
            assert.equal(created.guestAccess, "disabled");
            assert.equal(created.guestLink, null);
            assert.equal(s.guestCanJoin(created.roomId as string), false);
            assert.deepEqual(inviteRequests(s), []);
          },
        );

        it("says to run again with --guest-access disabled when the tariff does not allow guests", async () => {
          const s = sandbox();
          s.store.setTariff(s.username, { guestsAllowed: false, callIn: true });
          try {
            const refused = await run(["meetings", "create", "--title", "Internal"]);
            assert.equal(refused.status, 1);
            assert.match(
              refused.stderr,
              /^OpenTalk controller answered 403 to POST \/v1\/events \(feature_disabled: The feature "core::guests_allowed" is disabled\) — the tariff of the configured user does not allow guests \(core::guests_allowed\): run again with --guest-access disabled\n$/,
            );
            assert.deepEqual(s.store.events(), []);
            const created = json<Record<string, unknown>>(await run(["meetings", "create", "--title", "Internal", "--guest-access", "disabled"]));
            assert.equal(created.guestLink, null);
          } finally {
            s.store.setTariff(s.username, { guestsAllowed: true, callIn: true });
          }
        });
      } else {
        it("applies --waiting-room and a password from --password-env, which it never prints", async () => {
          const s = sandbox();
          const env = sandboxEnv(s, { ROOM_PASSWORD: "room-Secret-77" });
          const created = json<Record<string, unknown>>(await run(["meetings", "create", "--title", "Board", "--waiting-room", "--password-env", "ROOM_PASSWORD"], env));
          assert.equal(created.waitingRoom, true);
          assert.equal(created.guestAccess, null, "this release knows no guest access");
          assert.equal(created.passwordRequired, true);
          const room = s.store.room(created.roomId as string)!;
          assert.equal(room.password, "room-Secret-77");
          assert.equal(room.waitingRoom, true);
        });

        it(`refuses --guest-access, naming OpenTalk ${profile.release}, before creating anything (exit status 1)`, async () => {
          const s = sandbox();
          const done = await run(["meetings", "create", "--title", "Board", "--guest-access", "disabled"]);
          assert.equal(done.status, 1);
          assert.equal(done.stdout, "");
          assert.equal(
            done.stderr,
            `opentalk meetings create: --guest-access: guest access settings need OpenTalk 0.34 or newer, and on OpenTalk ${profile.release} ` +
              "guests join by guest link whatever a room says — run again without --guest-access\n",
          );
          assert.deepEqual(s.store.events(), []);
        });
      }

      if (profile.inviteApi === "gone") {
        it("refuses --guest-link-hours, naming the release, before creating anything (exit status 1)", async () => {
          const s = sandbox();
          const done = await run(["meetings", "create", "--title", "Partner call", "--guest-link-hours", "24"]);
          assert.equal(done.status, 1);
          assert.equal(done.stdout, "");
          assert.equal(
            done.stderr,
            `opentalk meetings create: --guest-link-hours: OpenTalk ${profile.release} has no expiring guest links (OpenTalk 0.35 removed ` +
              "invite codes); guests join by the room link itself for as long as the room lets them in — run again without " +
              "--guest-link-hours, and the room link is printed as guestLink\n",
          );
          assert.deepEqual(s.store.events(), []);
          assert.deepEqual(s.store.rooms(), []);
          assert.deepEqual(inviteRequests(s), []);
        });
      } else {
        it("also makes a guest link valid N hours with --guest-link-hours N", async () => {
          const s = sandbox();
          const before = Date.now();
          const created = json<Record<string, string>>(await run(["meetings", "create", "--title", "Partner call", "--guest-link-hours", "24"]));
          const [invite] = s.store.invites(created.roomId!).filter((i) => i.expiration !== null);
          assert.ok(invite, "an expiring invite was made");
          assert.equal(created.guestLink, `${s.url}/room/${created.roomId}?invite=${invite.code}`);
          assert.ok(Math.abs(Date.parse(created.guestLinkExpiresAt!) - (before + 24 * 3_600_000)) < 60_000);
        });
      }

      if (profile.roomNames) {
        it("sends --name as the room name, and meetings list and get show the name and the alias the server made of it", async () => {
          const s = sandbox();
          const created = json<Record<string, unknown>>(await run(["meetings", "create", "--title", "Team sync", "--name", "team-sync"]));
          const room = s.store.room(created.roomId as string)!;
          assert.match(String(room.alias), /^team-sync_[a-z0-9]+$/, "the server got the name");
          assert.deepEqual([created.name, created.alias], ["team-sync", room.alias]);
          const listed = json<Record<string, unknown>[]>(await run(["meetings", "list"]));
          assert.deepEqual(listed.map((m) => [m.eventId, m.name, m.alias]), [[created.eventId, "team-sync", room.alias]]);
          const shown = json<Record<string, unknown>>(await run(["meetings", "get", created.eventId as string]));
          assert.deepEqual([shown.name, shown.alias], ["team-sync", room.alias]);
        });
      } else {
        it(`refuses --name, naming OpenTalk ${profile.release}, before creating anything (exit status 1)`, async () => {
          const s = sandbox();
          const done = await run(["meetings", "create", "--title", "Lobby", "--name", "lobby"]);
          assert.equal(done.status, 1);
          assert.equal(
            done.stderr,
            `opentalk meetings create: --name: room names need OpenTalk 0.35 or newer, and OpenTalk ${profile.release} has none — run again without --name\n`,
          );
          assert.deepEqual(s.store.events(), []);
        });
      }
    });

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
    });
  });

  // Argument checks, output formats, query parameters and the client's handling of lost answers do not depend on the
  // release: one release.
  describe(`on one release (OpenTalk ${PROFILES["0.35"].release}): output, arguments and lost answers`, () => {
    const { sandbox, client, run } = meetingsFixture("0.35", opentalk);

    it("refuses a password that OpenTalk would refuse, without echoing it (exit status 2)", async () => {
      const s = sandbox();
      const done = await run(["meetings", "create", "--title", "Board", "--password-env", "ROOM_PASSWORD"], sandboxEnv(s, { ROOM_PASSWORD: "x".repeat(256) }));
      assert.equal(done.status, 2);
      assert.match(done.stderr, /^opentalk meetings create: the password in ROOM_PASSWORD must be 1–255 bytes \(UTF-8\), got 256; omit the password for a room without one\n/);
      assert.deepEqual(s.store.events(), []);
    });

    it("prints the new meeting as one CSV row with --csv", async () => {
      const [record] = csvRecords((await run(["meetings", "create", "--title", "Sync, weekly", "--csv"])).stdout);
      assert.deepEqual(Object.keys(record!), CREATED_COLUMNS);
      assert.equal(record!.title, "Sync, weekly");
    });

    it("does not repeat a create whose answer was lost, and shows the meeting that may be it", async () => {
      const s = sandbox();
      const lost = await client().createEvent({ ...standing("Lobby"), is_adhoc: false });
      s.addFault({ service: "controller", method: "POST", path: "^/v1/events", status: 504, count: 1 });
      const done = await run(["meetings", "create", "--title", "Lobby"]);
      assert.equal(done.status, 1);
      assert.match(done.stderr, /^Creating the meeting may have succeeded on the server although its answer was lost, so it was not repeated/);
      assert.ok(
        done.stderr.includes(`see it with "opentalk meetings get ${lost.id}", or delete it with "opentalk meetings delete ${lost.id}", rather than running this command again.`),
        done.stderr,
      );
      assert.equal(s.store.events().length, 1);
    });

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
