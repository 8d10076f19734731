import assert from "node:assert/strict";
import { PROFILES } from "../sandbox";
import { forEachRelease } from "../support/releases";
import { inviteRequests, inviteToMeeting, newClient, sandboxEnv } from "../support/sandbox-fixture";
import { CREATED_COLUMNS, meetingsFixture, standing } from "./meetings-fixture";
import { csvRecords, json, opentalk, runCli } from "./run-cli";

describe("opentalk meetings create", () => {
  // What the server makes of a meeting, and what the command line may ask of it, depends on the release.
  forEachRelease((release) => {
    const profile = PROFILES[release];
    const { sandbox, run } = meetingsFixture(release, runCli);

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

  // Argument checks, output formats and the client's handling of lost answers do not depend on the release: one
  // release, through the built command line.
  describe(`on one release (OpenTalk ${PROFILES["0.35"].release}): arguments, output and lost answers`, () => {
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

    it("does not show a meeting the user is only invited to as the one a lost create may have made", async () => {
      // Catches the lost-create search without an owner filter: the events listing holds alice's "Lobby" too, as new.
      const s = sandbox();
      const alices = await newClient(s, { OPENTALK_USERNAME: "alice@example.org", OPENTALK_PASSWORD: "alice-password-123" }).createEvent({ ...standing("Lobby"), is_adhoc: false });
      await inviteToMeeting(s, alices.id);
      s.addFault({ service: "controller", method: "POST", path: "^/v1/events", status: 504, count: 1 });
      const done = await run(["meetings", "create", "--title", "Lobby"]);
      assert.equal(done.status, 1);
      assert.ok(!done.stderr.includes(alices.id), done.stderr);
      assert.match(done.stderr, /None was found yet, but the controller did not answer in time, or a gateway gave up waiting for it, so it may still be making it\. Look for it again in a minute with "opentalk meetings list"/);
    });
  });
});
