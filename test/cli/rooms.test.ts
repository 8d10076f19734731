import assert from "node:assert/strict";
import { sandboxEnv, useSandbox } from "../support/sandbox-fixture";
import { csvRecords, json, opentalk, parseCsv } from "./run-cli";

const ROOM_COLUMNS = ["roomId", "roomLink", "ownerId", "ownerEmail", "createdAt", "waitingRoom", "guestAccess", "passwordRequired"];

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
      const created = json<Record<string, unknown>>(await opentalk(["rooms", "create"], sandboxEnv(s)));
      const stored = s.store.rooms();
      assert.equal(stored.length, 1);
      assert.equal(created.roomId, stored[0]!.id);
      assert.equal(created.roomLink, `${s.url}/room/${stored[0]!.id}`);
      assert.equal(created.guestLink, null);
      assert.equal(created.guestLinkExpiresAt, null);
      assert.deepEqual(s.store.invites(stored[0]!.id), []);
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
      assert.match(run.stderr, /^opentalk: --guest-link-hours needs guest access/);
      assert.deepEqual(s.store.rooms(), []);
    });

    it("refuses a guest link duration that is not a whole number of hours (exit status 2)", async () => {
      for (const hours of ["0", "1.5", "-3", "soon"]) {
        const run = await opentalk(["rooms", "create", `--guest-link-hours=${hours}`], sandboxEnv(sandbox()));
        assert.equal(run.status, 2, hours);
        assert.match(run.stderr, /--guest-link-hours takes a whole number of hours from 1 to \d+, got/);
      }
      assert.deepEqual(sandbox().store.rooms(), []);
    });
  });
});
