import assert from "node:assert/strict";
import { DEFAULT_USERS, PROFILES } from "../sandbox";
import { forEachRelease } from "../support/releases";
import { inviteRequests, inviteToMeeting, sandboxEnv, useSandbox } from "../support/sandbox-fixture";
import { csvRecords, json, opentalk, parseCsv, runCli } from "./run-cli";

const ROOM_COLUMNS = ["roomId", "roomLink", "name", "alias", "ownerId", "ownerEmail", "createdAt", "waitingRoom", "guestAccess", "passwordRequired"];

const ROOM_CLEANUP_WARNING =
  "a plain room belongs to no meeting, so OpenTalk's room-cleanup job may delete it; for a room " +
  'that should last, use "opentalk meetings create --title …" instead (or OpenTalkMeeting in a Pulumi program).';

/** A third user, so that a meeting can have two invitees. */
const CAROL = { username: "carol@example.org", password: "carol-password-123", email: "carol@example.org", givenName: "Carol", familyName: "Clark" };

describe("opentalk rooms", () => {
  // What the server answers, and what the command line may ask of it, depends on the release.
  forEachRelease((release) => {
    const profile = PROFILES[release];
    const sandbox = useSandbox({ controllerVersion: release, users: [...DEFAULT_USERS, CAROL] });
    beforeEach(() => sandbox().reset());

    describe("rooms list and rooms get", () => {
      it("prints the user's rooms as a JSON array in the lookups' vocabulary, without passwords", async () => {
        const s = sandbox();
        const plain = s.store.createRoom(s.username, { waitingRoom: true, ...(profile.roomNames ? { name: "lobby" } : {}) });
        const locked = s.store.createRoom(s.username, { password: "room-Secret-42", guestAccess: "disabled" });
        s.store.createRoom("alice@example.org", {});
        const run = await runCli(["rooms", "list"], sandboxEnv(s));
        const rooms = json<Record<string, unknown>[]>(run);
        assert.deepEqual(rooms.map((room) => Object.keys(room)), [ROOM_COLUMNS, ROOM_COLUMNS]);
        assert.deepEqual(rooms[0], {
          roomId: plain.id,
          roomLink: `${s.url}/room/${plain.id}`,
          // Names and aliases exist from 0.35 on; guest access from 0.34 on.
          name: profile.roomNames ? "lobby" : null,
          alias: profile.roomNames ? plain.alias : null,
          ownerId: s.store.user(s.username)!.id,
          ownerEmail: "bot@example.org",
          createdAt: plain.createdAt,
          waitingRoom: true,
          guestAccess: profile.guestAccess ? "waiting_room" : null,
          passwordRequired: false,
        });
        if (profile.roomNames) assert.match(String(plain.alias), /^lobby_[a-z0-9]+$/);
        assert.equal(rooms[1]!.roomId, locked.id);
        assert.equal(rooms[1]!.passwordRequired, true);
        assert.equal(rooms[1]!.guestAccess, profile.guestAccess ? "disabled" : null);
        assert.doesNotMatch(run.stdout, /room-Secret-42/);
        assert.equal(run.stderr, "");
      });

      it("lists only the user's own rooms, each once, not the rooms of meetings they are invited to", async () => {
        // Catches rooms list printing what the controller lists: alice's meeting room (bot is invited), and from 0.34
        // bot's own meeting room once per invitee. Only bot's own, once each, are bot's to adopt.
        const s = sandbox();
        const alices = s.store.createEvent("alice@example.org", { title: "Alice's planning" });
        await inviteToMeeting(s, alices.id);
        const own = s.store.createEvent(s.username, { title: "Bot's own" });
        await inviteToMeeting(s, own.id, "alice@example.org", s.username);
        await inviteToMeeting(s, own.id, CAROL, s.username);
        const rooms = json<Record<string, unknown>[]>(await runCli(["rooms", "list"], sandboxEnv(s)));
        assert.deepEqual(rooms.map((room) => room.roomId), [own.roomId]);
      });

      it("prints one room as a JSON object", async () => {
        const s = sandbox();
        const room = s.store.createRoom(s.username, { password: "room-Secret-42", ...(profile.roomNames ? { name: "board.room" } : {}) });
        const shown = json<Record<string, unknown>>(await runCli(["rooms", "get", room.id], sandboxEnv(s)));
        assert.deepEqual(Object.keys(shown), ROOM_COLUMNS);
        assert.equal(shown.roomId, room.id);
        assert.equal(shown.roomLink, `${s.url}/room/${room.id}`);
        assert.equal(shown.passwordRequired, true);
        assert.deepEqual([shown.name, shown.alias], profile.roomNames ? ["board.room", room.alias] : [null, null]);
        assert.doesNotMatch(JSON.stringify(shown), /room-Secret-42/);
      });

      it("fails with exit status 1 and says where to find the user's rooms when the room is someone else's", async () => {
        const s = sandbox();
        const foreign = s.store.createRoom("alice@example.org", {});
        const run = await runCli(["rooms", "get", foreign.id], sandboxEnv(s));
        assert.equal(run.status, 1);
        assert.equal(run.stdout, "");
        // Every release denies with an empty 403 from its permission layer (kustos up to 0.33, the database authorizer after).
        assert.equal(
          run.stderr,
          `OpenTalk controller answered 403 to GET /v1/rooms/${foreign.id} — room ${foreign.id} does not exist or belongs to another user (opentalk rooms list shows your rooms)\n`,
        );
      });
    });

    describe("rooms create", () => {
      it(
        profile.guestsJoinByRoomLink
          ? "creates a room and prints its link, and the room link as guestLink since guests join by it"
          : "creates a room and prints its link, and no guest link unless asked for",
        async () => {
          const s = sandbox();
          const run = await runCli(["rooms", "create"], sandboxEnv(s));
          const created = json<Record<string, unknown>>(run);
          const stored = s.store.rooms();
          assert.equal(stored.length, 1);
          const roomId = stored[0]!.id;
          assert.equal(created.roomId, roomId);
          assert.equal(created.roomLink, `${s.url}/room/${roomId}`);
          assert.equal(created.guestAccess, profile.guestAccess ? "waiting_room" : null);
          if (profile.guestsJoinByRoomLink) {
            assert.equal(created.guestLink, created.roomLink);
            assert.equal(s.guestCanJoin(roomId), true, "a guest can really enter by that link");
          } else {
            assert.equal(created.guestLink, null);
            assert.deepEqual(s.store.invites(roomId), []);
          }
          assert.equal(created.guestLinkExpiresAt, null);
          assert.deepEqual(inviteRequests(s), [], "no invite asked for");
          assert.equal(run.stderr, `warning: room ${roomId}: ${ROOM_CLEANUP_WARNING}\n`);
        },
      );

      if (profile.inviteApi === "gone") {
        it("refuses --guest-link-hours, naming the release, before creating anything (exit status 1)", async () => {
          const s = sandbox();
          const run = await runCli(["rooms", "create", "--guest-link-hours", "24"], sandboxEnv(s));
          assert.equal(run.status, 1);
          assert.equal(run.stdout, "");
          assert.equal(
            run.stderr,
            `opentalk rooms create: --guest-link-hours: OpenTalk ${profile.release} has no expiring guest links (OpenTalk 0.35 removed ` +
              "invite codes); guests join by the room link itself for as long as the room lets them in — run again without " +
              "--guest-link-hours, and the room link is printed as guestLink\n",
          );
          assert.deepEqual(s.store.rooms(), []);
          assert.deepEqual(s.requests({ service: "controller", method: "POST" }), [], "nothing was sent to be created");
          assert.deepEqual(inviteRequests(s), []);
        });
      } else {
        it("also makes a guest link valid N hours with --guest-link-hours N", async () => {
          const s = sandbox();
          const before = Date.now();
          const created = json<Record<string, string>>(await runCli(["rooms", "create", "--guest-link-hours", "24"], sandboxEnv(s)));
          const [invite] = s.store.invites(created.roomId!);
          assert.ok(invite, "an invite was created");
          assert.equal(created.guestLink, `${s.url}/room/${created.roomId}?invite=${invite.code}`);
          const expires = Date.parse(created.guestLinkExpiresAt!);
          assert.ok(Math.abs(expires - (before + 24 * 3_600_000)) < 60_000, `expires ${created.guestLinkExpiresAt}`);
          assert.equal(Date.parse(invite.expiration!), expires);
        });
      }

      if (profile.guestAccess) {
        it("applies --waiting-room and --guest-access; a room that shuts guests out has no guest link", async () => {
          const s = sandbox();
          const created = json<Record<string, unknown>>(await runCli(["rooms", "create", "--waiting-room", "--guest-access", "disabled"], sandboxEnv(s)));
          assert.equal(created.waitingRoom, true);
          assert.equal(created.guestAccess, "disabled");
          assert.equal(created.guestLink, null);
          const [room] = s.store.rooms();
          assert.equal(room!.guestAccess, "disabled");
          assert.equal(room!.waitingRoom, true);
          assert.equal(s.guestCanJoin(room!.id), false);
          assert.deepEqual(inviteRequests(s), []);
        });

        it("says to run again with --guest-access disabled when the tariff does not allow guests", async () => {
          const s = sandbox();
          s.store.setTariff(s.username, { guestsAllowed: false, callIn: true });
          try {
            const refused = await runCli(["rooms", "create"], sandboxEnv(s));
            assert.equal(refused.status, 1);
            assert.equal(
              refused.stderr,
              `OpenTalk controller answered 403 to POST /v1/rooms (feature_disabled: The feature "core::guests_allowed" is disabled) — ` +
                "the tariff of the configured user does not allow guests (core::guests_allowed): run again with --guest-access disabled\n",
            );
            assert.deepEqual(s.store.rooms(), []);
            const created = json<Record<string, unknown>>(await runCli(["rooms", "create", "--guest-access", "disabled"], sandboxEnv(s)));
            assert.equal(created.guestLink, null, "no guest link without guests");
            assert.equal(s.store.rooms().length, 1);
          } finally {
            s.store.setTariff(s.username, { guestsAllowed: true, callIn: true });
          }
        });
      } else {
        it(`refuses --guest-access, naming OpenTalk ${profile.release}, before creating anything (exit status 1)`, async () => {
          const s = sandbox();
          const run = await runCli(["rooms", "create", "--guest-access", "waiting_room"], sandboxEnv(s));
          assert.equal(run.status, 1);
          assert.equal(run.stdout, "");
          assert.equal(
            run.stderr,
            `opentalk rooms create: --guest-access: guest access settings need OpenTalk 0.34 or newer, and on OpenTalk ${profile.release} ` +
              "guests join by guest link whatever a room says — run again without --guest-access\n",
          );
          assert.deepEqual(s.store.rooms(), []);
        });
      }

      if (profile.roomNames) {
        it("sends --name as the room's name, and prints the name and the alias the server made of it", async () => {
          const s = sandbox();
          const created = json<Record<string, unknown>>(await runCli(["rooms", "create", "--name", "team-sync"], sandboxEnv(s)));
          const [room] = s.store.rooms();
          assert.match(String(room!.alias), /^team-sync_[a-z0-9]+$/, "the server got the name");
          assert.equal(created.name, "team-sync");
          assert.equal(created.alias, room!.alias);
          const listed = json<Record<string, unknown>[]>(await runCli(["rooms", "list"], sandboxEnv(s)));
          assert.deepEqual(listed.map((r) => [r.name, r.alias]), [["team-sync", room!.alias]]);
        });
      } else {
        it(`refuses --name, naming OpenTalk ${profile.release}, before creating anything (exit status 1)`, async () => {
          const s = sandbox();
          const run = await runCli(["rooms", "create", "--name", "lobby"], sandboxEnv(s));
          assert.equal(run.status, 1);
          assert.equal(run.stdout, "");
          assert.equal(
            run.stderr,
            `opentalk rooms create: --name: room names need OpenTalk 0.35 or newer, and OpenTalk ${profile.release} has none — run again without --name\n`,
          );
          assert.deepEqual(s.store.rooms(), []);
        });
      }
    });
  });

  // Output formats, argument checks, and the client's lost-create handling do not depend on the release: one release.
  describe(`on one release (OpenTalk ${PROFILES["0.35"].release}): output and arguments`, () => {
    const sandbox = useSandbox({ controllerVersion: "0.35" });
    beforeEach(() => sandbox().reset());

    it("prints an empty JSON array when the user has no rooms", async () => {
      const run = await opentalk(["rooms", "list"], sandboxEnv(sandbox()));
      assert.equal(run.stdout, "[]\n");
    });

    it("prints CSV with a header line and CRLF line ends with --csv", async () => {
      const s = sandbox();
      const room = s.store.createRoom(s.username, { password: "room-Secret-42" });
      const run = await opentalk(["rooms", "list", "--csv"], sandboxEnv(s));
      assert.equal(run.status, 0, run.stderr);
      assert.deepEqual(parseCsv(run.stdout)[0], ROOM_COLUMNS);
      assert.match(run.stdout, /\r\n$/);
      assert.deepEqual(csvRecords(run.stdout), [
        {
          roomId: room.id,
          roomLink: `${s.url}/room/${room.id}`,
          name: "",
          alias: "",
          ownerId: s.store.user(s.username)!.id,
          ownerEmail: "bot@example.org",
          createdAt: room.createdAt,
          waitingRoom: "false",
          guestAccess: "waiting_room",
          passwordRequired: "true",
        },
      ]);
    });

    it("prints only the header line in CSV when there are no rooms", async () => {
      const run = await opentalk(["--csv", "rooms", "list"], sandboxEnv(sandbox()));
      assert.equal(run.stdout, `${ROOM_COLUMNS.join(",")}\r\n`);
    });

    it("prints one CSV row with rooms get --csv", async () => {
      const s = sandbox();
      const room = s.store.createRoom(s.username, {});
      const run = await opentalk(["rooms", "get", room.id, "--csv"], sandboxEnv(s));
      const records = csvRecords(run.stdout);
      assert.equal(records.length, 1);
      assert.equal(records[0]!.roomId, room.id);
    });

    it("says in its help that room-cleanup may delete the room, and that meetings create makes one that lasts", async () => {
      const help = await opentalk(["rooms", "create", "--help"], {});
      assert.match(help.stdout.replace(/\s+/g, " "), /OpenTalk's room-cleanup job may delete it; for a room that should last, use "opentalk meetings create --title …" instead/);
      assert.doesNotMatch(help.stdout, /declare rooms you want to keep with OpenTalkRoom/);
    });

    it("makes a room that the room-cleanup job removes, unlike a meeting's room", async () => {
      const s = sandbox();
      const room = json<{ roomId: string }>(await opentalk(["rooms", "create"], sandboxEnv(s)));
      const meeting = json<{ roomId: string }>(await opentalk(["meetings", "create", "--title", "Lobby"], sandboxEnv(s)));
      assert.equal(s.runRoomCleanup(), 1);
      assert.deepEqual(s.store.rooms().map((r) => r.id), [meeting.roomId]);
      assert.notEqual(room.roomId, meeting.roomId);
    });

    it("does not repeat a create whose answer was lost, and shows the room that may be it", async () => {
      const s = sandbox();
      const lost = s.store.createRoom(s.username, { waitingRoom: true }); // as if the lost create had made it
      s.addFault({ service: "controller", method: "POST", path: "^/v1/rooms$", status: 502, count: 1 });
      const run = await opentalk(["rooms", "create", "--waiting-room"], sandboxEnv(s));
      assert.equal(run.status, 1);
      assert.equal(run.stdout, "");
      assert.match(run.stderr, /^Creating the room may have succeeded on the server although its answer was lost, so it was not repeated/);
      assert.match(run.stderr, new RegExp(`\n  - ${lost.id} created .*\nThe newest is most probably the one just made: see it with "opentalk rooms get ${lost.id}"`));
      assert.equal(s.requests({ service: "controller", method: "POST" }).filter((r) => r.path === "/v1/rooms").length, 1, "sent once");
      assert.equal(s.store.rooms().length, 1);
    });

    it("says where to look when no room of the lost create shows", async () => {
      const s = sandbox();
      s.addFault({ service: "controller", method: "POST", path: "^/v1/rooms$", drop: true, count: 1 });
      const run = await opentalk(["rooms", "create"], sandboxEnv(s));
      assert.equal(run.status, 1);
      assert.match(run.stderr, /\nLook for it with "opentalk rooms list" before running this command again: if it is there, it was made, and running again would make a second one\.\n$/);
    });

    it("says to look again in a minute when a gateway gave up waiting and no room shows yet", async () => {
      // Catches advice that takes "not listed" for "not made": behind a gateway's 502 the controller may still be at it.
      const s = sandbox();
      s.addFault({ service: "controller", method: "POST", path: "^/v1/rooms$", status: 502, count: 1 });
      const run = await opentalk(["rooms", "create"], sandboxEnv(s));
      assert.equal(run.status, 1);
      assert.match(run.stderr, /\nNone was found yet, but the controller did not answer in time, or a gateway gave up waiting for it, so it may still be making it\. Look for it again in a minute with "opentalk rooms list" before running this command again, which would make a second one if it was made\.\n$/);
    });

    it("says that the search failed too when the rooms cannot be listed after a lost create", async () => {
      const s = sandbox();
      s.addFault({ service: "controller", method: "POST", path: "^/v1/rooms$", status: 502, count: 1 });
      s.addFault({ service: "controller", method: "GET", path: "^/v1/users/me$", status: 404, body: "html", count: 10 });
      const run = await opentalk(["rooms", "create"], sandboxEnv(s));
      assert.equal(run.status, 1);
      assert.match(run.stderr, /\nListing your rooms to find it failed as well \(The answer to GET http:\/\/[^ ]+\/v1\/users\/me did not come from the OpenTalk controller.*\)\. Look for it with "opentalk rooms list" before running this command again: if it is there, it was made\.\n$/);
    });

    it("prints the new room as CSV with --csv, the guest link in its last columns", async () => {
      const s = sandbox();
      const run = await opentalk(["rooms", "create", "--csv"], sandboxEnv(s));
      const [record] = csvRecords(run.stdout);
      assert.deepEqual(Object.keys(record!), [...ROOM_COLUMNS, "guestLink", "guestLinkExpiresAt"]);
      assert.equal(record!.guestLink, record!.roomLink);
      assert.equal(record!.guestLinkExpiresAt, "");
    });

    it("refuses a guest link for a room without guest access, before creating anything (exit status 2)", async () => {
      const s = sandbox();
      const run = await opentalk(["rooms", "create", "--guest-access", "disabled", "--guest-link-hours", "1"], sandboxEnv(s));
      assert.equal(run.status, 2);
      assert.match(run.stderr, /^opentalk rooms create: --guest-link-hours needs guest access/);
      assert.deepEqual(s.store.rooms(), []);
    });

    it("refuses a guest link duration that is not a whole number of hours (exit status 2)", async () => {
      for (const args of [["--guest-link-hours=0"], ["--guest-link-hours=1.5"], ["--guest-link-hours=-3"], ["--guest-link-hours", "-3"], ["--guest-link-hours", "soon"], ["--guest-link-hours", "87841"]]) {
        const run = await opentalk(["rooms", "create", ...args], sandboxEnv(sandbox()));
        assert.equal(run.status, 2, args.join(" "));
        assert.match(run.stderr, /^opentalk rooms create: --guest-link-hours takes a whole number of hours from 1 to 87840, got "[^"]+"\n/);
      }
      assert.deepEqual(sandbox().store.rooms(), []);
    });
  });
});
