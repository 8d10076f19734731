import assert from "node:assert/strict";
import type { EventBody } from "../../provider/client";
import { PROFILES } from "../sandbox";
import { forEachRelease } from "../support/releases";
import { inviteRequests, sandboxEnv, useSandboxWithClient } from "../support/sandbox-fixture";
import { csvRecords, json, opentalk, parseCsv, runCli } from "./run-cli";

const EVENT_COLUMNS = ["eventId", "title", "roomId", "roomLink", "startsAt", "endsAt", "sipTel", "sipId", "sipPin", "password", "guestLink"];

function dated(title: string, start: string, end: string, extra: EventBody = {}): EventBody {
  return {
    title,
    description: "",
    is_time_independent: false,
    starts_at: { datetime: start, timezone: "Europe/Berlin" },
    ends_at: { datetime: end, timezone: "Europe/Berlin" },
    ...extra,
  };
}

const standing = (title: string, extra: EventBody = {}): EventBody => ({ title, description: "", is_time_independent: true, ...extra });

describe("opentalk events list", () => {
  // Guest links differ by release: invite codes up to 0.34, the room link itself on 0.35.
  forEachRelease((release) => {
    const profile = PROFILES[release];
    const { sandbox, client } = useSandboxWithClient({ controllerVersion: release });
    /** A dated meeting on this release: 0.29 wants is_all_day with its dates. */
    const datedOn = (title: string, start: string, end: string, extra: EventBody = {}) =>
      dated(title, start, end, { ...(profile.datedEventsRequireAllDay ? { is_all_day: false } : {}), ...extra });

    if (profile.inviteApi === "gone") {
      it("prints each meeting with room link, start, end, SIP dial-in, password, and the room link as guest link where guests may enter", async () => {
        const s = sandbox();
        const sync = await client().createEvent(datedOn("Team sync", "2026-06-01T09:00:00Z", "2026-06-01T10:00:00Z", { password: "event-Pass-1" }));
        const closed = await client().createEvent(standing("Board", { guest_access: "disabled" }));
        s.clearRequests();

        const run = await runCli(["events", "list"], sandboxEnv(s));
        const rows = json<Record<string, unknown>[]>(run);
        const roomId = sync.room!.id;
        const sip = s.store.sipConfig(roomId)!;
        assert.deepEqual(rows, [
          {
            eventId: closed.id,
            title: "Board",
            roomId: closed.room!.id,
            roomLink: `${s.url}/room/${closed.room!.id}`,
            startsAt: null,
            endsAt: null,
            // 0.34+ offers no dial-in into a room that shuts guests out.
            sipTel: null,
            sipId: null,
            sipPin: null,
            password: null,
            guestLink: null,
          },
          {
            eventId: sync.id,
            title: "Team sync",
            roomId,
            roomLink: `${s.url}/room/${roomId}`,
            startsAt: "2026-06-01T09:00:00Z",
            endsAt: "2026-06-01T10:00:00Z",
            sipTel: "+49 30 1234567",
            sipId: sip.sipId,
            sipPin: sip.password,
            password: "event-Pass-1",
            guestLink: `${s.url}/room/${roomId}`,
          },
        ]);
        assert.equal(s.guestCanJoin(roomId), true, "a guest can really enter by the link printed");
        assert.equal(s.guestCanJoin(closed.room!.id), false);
        assert.deepEqual(inviteRequests(s), [], "no invite asked for");
        assert.equal(run.stderr, "");
      });

      it("prints no guest link when the tariff does not allow guests", async () => {
        const s = sandbox();
        const open = await client().createEvent(standing("Open office"));
        s.store.setTariff(s.username, { guestsAllowed: false, callIn: true });
        try {
          const [row] = json<Record<string, unknown>[]>(await runCli(["events", "list"], sandboxEnv(s)));
          assert.equal(row!.eventId, open.id);
          assert.equal(row!.guestLink, null);
          assert.equal(s.guestCanJoin(open.room!.id), false);
          assert.deepEqual(inviteRequests(s), []);
        } finally {
          s.store.setTariff(s.username, { guestsAllowed: true, callIn: true });
        }
      });
    } else {
      it("prints each meeting with room link, start, end, SIP dial-in, password and the room's permanent guest link", async () => {
        const s = sandbox();
        const sync = await client().createEvent(datedOn("Team sync", "2026-06-01T09:00:00Z", "2026-06-01T10:00:00Z", { password: "event-Pass-1" }));
        const roomId = sync.room!.id;
        const permanent = await client().createInvite(roomId, null);
        await client().createInvite(roomId, "2099-01-01T00:00:00Z"); // newer, but it expires
        const revoked = await client().createInvite(roomId, null);
        await client().deleteInvite(roomId, revoked.invite_code); // newer still, but inactive
        const open = await client().createEvent(standing("Open office"));

        const run = await runCli(["events", "list"], sandboxEnv(s));
        const rows = json<Record<string, unknown>[]>(run);
        const sip = s.store.sipConfig(roomId)!;
        assert.deepEqual(rows, [
          {
            eventId: open.id,
            title: "Open office",
            roomId: open.room!.id,
            roomLink: `${s.url}/room/${open.room!.id}`,
            startsAt: null,
            endsAt: null,
            sipTel: "+49 30 1234567",
            sipId: s.store.sipConfig(open.room!.id)!.sipId,
            sipPin: s.store.sipConfig(open.room!.id)!.password,
            password: null,
            guestLink: null,
          },
          {
            eventId: sync.id,
            title: "Team sync",
            roomId,
            roomLink: `${s.url}/room/${roomId}`,
            startsAt: "2026-06-01T09:00:00Z",
            endsAt: "2026-06-01T10:00:00Z",
            sipTel: "+49 30 1234567",
            sipId: sip.sipId,
            sipPin: sip.password,
            password: "event-Pass-1",
            guestLink: `${s.url}/room/${roomId}?invite=${permanent.invite_code}`,
          },
        ]);
        assert.equal(run.stderr, "");
      });
    }

    it("has no dial-in and no guest link for an encrypted meeting", async () => {
      const s = sandbox();
      await client().createEvent(standing("Board", { e2e_encryption: true, ...(profile.guestAccess ? { guest_access: "disabled" as const } : {}) }));
      const [row] = json<Record<string, unknown>[]>(await runCli(["events", "list"], sandboxEnv(s)));
      assert.equal(row!.sipTel, null);
      assert.equal(row!.sipPin, null);
      assert.equal(row!.guestLink, null);
    });
  });

  // CSV, query parameters and paging do not depend on the release: one release, through the built command line.
  describe(`on one release (OpenTalk ${PROFILES["0.35"].release}): output, filters and pages`, () => {
    const { sandbox, client } = useSandboxWithClient({ controllerVersion: "0.35" });

    it("prints RFC 4180 CSV with --csv, quoting commas, quotes and line breaks", async () => {
      const s = sandbox();
      const event = await client().createEvent(standing('Plan "B", then\nlunch'));
      const run = await opentalk(["events", "list", "--csv"], sandboxEnv(s));
      assert.equal(run.status, 0, run.stderr);
      assert.ok(run.stdout.startsWith(`${EVENT_COLUMNS.join(",")}\r\n${event.id},"Plan ""B"", then\nlunch",`), run.stdout);
      const [record] = csvRecords(run.stdout);
      assert.equal(record!.title, 'Plan "B", then\nlunch');
      assert.equal(record!.password, "", "no password: an empty field");
      assert.equal(record!.startsAt, "");
      assert.deepEqual(parseCsv(run.stdout)[0], EVENT_COLUMNS);
    });

    it("passes --from and --to to the controller as UTC times and lists what overlaps them", async () => {
      const s = sandbox();
      await client().createEvent(dated("May", "2026-05-04T09:00:00Z", "2026-05-04T10:00:00Z"));
      const june = await client().createEvent(dated("June", "2026-06-01T09:00:00Z", "2026-06-01T10:00:00Z"));
      await client().createEvent(standing("Open office"));
      s.clearRequests();
      const run = await opentalk(["events", "list", "--from", "2026-05-31", "--to", "2026-06-02T00:00:00+02:00"], sandboxEnv(s));
      assert.deepEqual(json<{ eventId: string }[]>(run).map((row) => row.eventId), [june.id]);
      const list = s.requests({ service: "controller", method: "GET" }).find((r) => r.path.startsWith("/v1/events?"))!;
      const query = new URL(list.path, "http://x").searchParams;
      assert.equal(query.get("time_min"), "2026-05-31T00:00:00Z");
      assert.equal(query.get("time_max"), "2026-06-01T22:00:00Z");
    });

    it("reads every page of a long list", async () => {
      const s = sandbox();
      for (let i = 0; i < 105; i++) await client().createEvent(standing(`Room ${i}`));
      const rows = json<unknown[]>(await opentalk(["events", "list"], sandboxEnv(s)));
      assert.equal(rows.length, 105);
    });

    it("prints an empty array, or only the CSV header, when there are no meetings", async () => {
      const env = sandboxEnv(sandbox());
      assert.equal((await opentalk(["events", "list"], env)).stdout, "[]\n");
      assert.equal((await opentalk(["events", "list", "--csv"], env)).stdout, `${EVENT_COLUMNS.join(",")}\r\n`);
    });
  });
});
