import assert from "node:assert/strict";
import { sandboxEnv, useSandbox } from "../support/sandbox-fixture";
import { csvRecords, json, opentalk, parseCsv } from "./run-cli";

const ROOM_COLUMNS = ["roomId", "roomLink", "name", "alias", "ownerId", "ownerEmail", "createdAt", "waitingRoom", "guestAccess", "passwordRequired"];

describe("opentalk rooms", () => {
  const sandbox = useSandbox();
  beforeEach(() => sandbox().reset());

  describe("rooms list", () => {
    it("prints the user's rooms as a JSON array in the lookups' vocabulary, without passwords", async () => {
      const s = sandbox();
      const plain = s.store.createRoom(s.username, { waitingRoom: true });
      const locked = s.store.createRoom(s.username, { password: "room-Secret-42", guestAccess: "disabled" });
      s.store.createRoom("alice@example.org", {});
      const run = await opentalk(["rooms", "list"], sandboxEnv(s));
      const rooms = json<Record<string, unknown>[]>(run);
      assert.deepEqual(rooms.map((room) => Object.keys(room)), [ROOM_COLUMNS, ROOM_COLUMNS]);
      assert.deepEqual(rooms[0], {
        roomId: plain.id,
        roomLink: `${s.url}/room/${plain.id}`,
        name: null,
        alias: null,
        ownerId: s.store.user(s.username)!.id,
        ownerEmail: "bot@example.org",
        createdAt: plain.createdAt,
        waitingRoom: true,
        guestAccess: "waiting_room",
        passwordRequired: false,
      });
      assert.equal(rooms[1]!.roomId, locked.id);
      assert.equal(rooms[1]!.passwordRequired, true);
      assert.equal(rooms[1]!.guestAccess, "disabled");
      assert.doesNotMatch(run.stdout, /room-Secret-42/);
      assert.equal(run.stderr, "");
    });

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
  });

  describe("rooms get", () => {
    it("prints one room as a JSON object", async () => {
      const s = sandbox();
      const room = s.store.createRoom(s.username, { password: "room-Secret-42" });
      const shown = json<Record<string, unknown>>(await opentalk(["rooms", "get", room.id], sandboxEnv(s)));
      assert.equal(shown.roomId, room.id);
      assert.equal(shown.roomLink, `${s.url}/room/${room.id}`);
      assert.equal(shown.passwordRequired, true);
      assert.deepEqual(Object.keys(shown), ROOM_COLUMNS);
    });

    it("prints one CSV row with --csv", async () => {
      const s = sandbox();
      const room = s.store.createRoom(s.username, {});
      const run = await opentalk(["rooms", "get", room.id, "--csv"], sandboxEnv(s));
      const records = csvRecords(run.stdout);
      assert.equal(records.length, 1);
      assert.equal(records[0]!.roomId, room.id);
    });

    it("fails with exit status 1 and says where to find the user's rooms when the room is someone else's", async () => {
      const s = sandbox();
      const foreign = s.store.createRoom("alice@example.org", {});
      const run = await opentalk(["rooms", "get", foreign.id], sandboxEnv(s));
      assert.equal(run.status, 1);
      assert.equal(run.stdout, "");
      assert.match(
        run.stderr,
        new RegExp(`^OpenTalk controller answered 403 to GET /v1/rooms/${foreign.id} \\(forbidden: .*\\) — room ${foreign.id} does not exist or belongs to another user \\(opentalk rooms list shows your rooms\\)\\n$`),
      );
    });
  });

  describe("rooms create", () => {
    it("creates a room and prints its link, and no guest link unless asked for", async () => {
      const s = sandbox();
      const run = await opentalk(["rooms", "create"], sandboxEnv(s));
      const created = json<Record<string, unknown>>(run);
      const stored = s.store.rooms();
      assert.equal(stored.length, 1);
      assert.equal(created.roomId, stored[0]!.id);
      assert.equal(created.roomLink, `${s.url}/room/${stored[0]!.id}`);
      assert.equal(created.guestLink, null);
      assert.equal(created.guestLinkExpiresAt, null);
      assert.deepEqual(s.store.invites(stored[0]!.id), []);
      assert.equal(
        run.stderr,
        `warning: room ${stored[0]!.id}: a plain room belongs to no meeting, so OpenTalk's room-cleanup job may delete it; for a room ` +
          'that should last, use "opentalk meetings create --title …" instead (or OpenTalkMeeting in a Pulumi program).\n',
      );
    });

    it("says in its help that room-cleanup may delete the room, and that meetings create makes one that lasts", async () => {
      const help = await opentalk(["rooms", "create", "--help"], {});
      assert.match(help.stdout.replace(/\s+/g, " "), /OpenTalk's room-cleanup job may delete it; for a room that should last, use "opentalk meetings create --title …" instead/);
      assert.doesNotMatch(help.stdout, /declare rooms you want to keep with OpenTalkRoom/);
    });

    it("is what the room-cleanup job removes, unlike a meeting's room", async () => {
      const s = sandbox();
      const room = json<{ roomId: string }>(await opentalk(["rooms", "create"], sandboxEnv(s)));
      const meeting = json<{ roomId: string }>(await opentalk(["meetings", "create", "--title", "Lobby"], sandboxEnv(s)));
      assert.equal(s.runRoomCleanup(), 1);
      assert.deepEqual(s.store.rooms().map((r) => r.id), [meeting.roomId]);
      assert.notEqual(room.roomId, meeting.roomId);
    });

    it("refuses --name on a release without room names, naming the release, before creating anything (exit status 1)", async () => {
      const s = sandbox();
      const run = await opentalk(["rooms", "create", "--name", "lobby"], sandboxEnv(s));
      assert.equal(run.status, 1);
      assert.equal(run.stdout, "");
      assert.equal(
        run.stderr,
        "opentalk rooms create: --name: room names need OpenTalk 0.35 or newer, and this OpenTalk controller (its version is not " +
          "published; taken for 0.34) has none — run again without --name\n",
      );
      assert.deepEqual(s.store.rooms(), []);
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
      s.addFault({ service: "controller", method: "POST", path: "^/v1/rooms$", status: 502, count: 1 });
      const run = await opentalk(["rooms", "create"], sandboxEnv(s));
      assert.equal(run.status, 1);
      assert.match(run.stderr, /\nLook for it with "opentalk rooms list" before running this command again: if it is there, it was made, and running again would make a second one\.\n$/);
    });

    it("also makes a guest link valid N hours with --guest-link-hours N", async () => {
      const s = sandbox();
      const before = Date.now();
      const created = json<Record<string, string>>(await opentalk(["rooms", "create", "--guest-link-hours", "24"], sandboxEnv(s)));
      const [invite] = s.store.invites(created.roomId!);
      assert.ok(invite, "an invite was created");
      assert.equal(created.guestLink, `${s.url}/room/${created.roomId}?invite=${invite.code}`);
      const expires = Date.parse(created.guestLinkExpiresAt!);
      assert.ok(Math.abs(expires - (before + 24 * 3_600_000)) < 60_000, `expires ${created.guestLinkExpiresAt}`);
      assert.equal(Date.parse(invite.expiration!), expires);
    });

    it("applies --waiting-room and --guest-access", async () => {
      const s = sandbox();
      const created = json<Record<string, unknown>>(await opentalk(["rooms", "create", "--waiting-room", "--guest-access", "disabled"], sandboxEnv(s)));
      assert.equal(created.waitingRoom, true);
      assert.equal(created.guestAccess, "disabled");
      assert.equal(s.store.rooms()[0]!.guestAccess, "disabled");
    });

    it("prints the new room as CSV with --csv", async () => {
      const s = sandbox();
      const run = await opentalk(["rooms", "create", "--csv", "--guest-link-hours", "2"], sandboxEnv(s));
      const [record] = csvRecords(run.stdout);
      assert.deepEqual(Object.keys(record!), [...ROOM_COLUMNS, "guestLink", "guestLinkExpiresAt"]);
      assert.match(record!.guestLink!, /\?invite=[0-9a-f-]{36}$/);
    });

    it("says to run again with --guest-access disabled when the tariff does not allow guests", async () => {
      const s = sandbox();
      s.store.setTariff(s.username, { guestsAllowed: false, callIn: true });
      const refused = await opentalk(["rooms", "create"], sandboxEnv(s));
      assert.equal(refused.status, 1);
      assert.match(refused.stderr, /^OpenTalk controller answered 403 to POST \/v1\/rooms \(feature_disabled_by_tariff.*\) — .*run again with --guest-access disabled\n$/);
      const created = await opentalk(["rooms", "create", "--guest-access", "disabled"], sandboxEnv(s));
      assert.equal(created.status, 0, created.stderr);
      assert.equal(s.store.rooms().length, 1);
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
