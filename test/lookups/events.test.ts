import assert from "node:assert/strict";
import { closeSharedClients, isOpenTalkError, type Event } from "../../provider/client";
import { listEvents } from "../../provider";
import { eventInfo, queryTime } from "../../provider/lookups";
import { PROFILES, type ControllerVersion } from "../sandbox";
import { forEachRelease } from "../support/releases";
import { rejection, sandboxEnv, useSandboxWithClient } from "../support/sandbox-fixture";

/** A sandbox of the release for one describe, a fresh client of its user for each test, and no shared client left over. */
function eventsFixture(release: ControllerVersion) {
  const fixture = useSandboxWithClient({ controllerVersion: release });
  afterEach(closeSharedClients);
  return fixture;
}

describe("lookups: listEvents", () => {
  // What a meeting holds (guest access from 0.34, room names from 0.35) and which guest links exist depend on the release.
  forEachRelease((release) => {
    const profile = PROFILES[release];
    const { sandbox, client } = eventsFixture(release);

    it("returns the user's meetings without password, dial-in PIN or guest link", async () => {
      const s = sandbox();
      const event = await client().createEvent({
        title: "Team sync",
        description: "",
        is_time_independent: false,
        ...(profile.datedEventsRequireAllDay ? { is_all_day: false } : {}),
        starts_at: { datetime: "2026-06-01T09:00:00Z", timezone: "Europe/Berlin" },
        ends_at: { datetime: "2026-06-01T10:00:00Z", timezone: "Europe/Berlin" },
        password: "event-Pass-1",
        waiting_room: true,
        ...(profile.roomNames ? { room_name: "team-sync" } : {}),
      });
      const roomId = event.room!.id;
      // A guest link that must not show: an invite code up to 0.34; from 0.35 the room link itself, which is roomLink.
      const invite = profile.inviteApi === "gone" ? undefined : await client().createInvite(roomId, null);
      const sip = s.store.sipConfig(roomId)!;

      const events = await listEvents({}, { env: sandboxEnv(s) });
      assert.deepEqual(events, [
        {
          eventId: event.id,
          title: "Team sync",
          description: "",
          type: "single",
          roomId,
          roomLink: `${s.url}/room/${roomId}`,
          name: profile.roomNames ? "team-sync" : null,
          alias: profile.roomNames ? s.store.room(roomId)!.alias : null,
          ownerId: s.store.user(s.username)!.id,
          ownerEmail: "bot@example.org",
          createdAt: event.created_at,
          startsAt: "2026-06-01T09:00:00Z",
          endsAt: "2026-06-01T10:00:00Z",
          timeZone: "Europe/Berlin",
          isTimeIndependent: false,
          isAdhoc: false,
          passwordRequired: true,
          waitingRoom: true,
          guestAccess: profile.guestAccess ? "waiting_room" : null,
          sipTel: "+49 30 1234567",
          sipId: sip.sipId,
        },
      ]);
      const text = JSON.stringify(events);
      for (const secret of ["event-Pass-1", sip.password, ...(invite ? [invite.invite_code] : [])]) assert.ok(!text.includes(secret));
    });
  });

  // Filters, paging and argument checks do not depend on the release: one release (the newest).
  describe(`on one release (OpenTalk ${PROFILES["0.35"].release}): filters and pages`, () => {
    const { sandbox, client } = eventsFixture("0.35");

    it("passes the filters to the controller, times in UTC", async () => {
      const s = sandbox();
      await client().createEvent({ title: "Open office", description: "", is_time_independent: true });
      s.clearRequests();
      const events = await listEvents({ timeMin: "2026-05-04T11:00:00+02:00", timeMax: "2026-05-05", adhoc: false, perPage: 10 }, { env: sandboxEnv(s) });
      assert.deepEqual(events, [], "a time filter leaves out meetings without a date");
      const list = s.requests({ service: "controller", method: "GET" }).find((r) => r.path.startsWith("/v1/events?"))!;
      const query = new URL(list.path, "http://x").searchParams;
      assert.equal(query.get("time_min"), "2026-05-04T09:00:00Z");
      assert.equal(query.get("time_max"), "2026-05-05T00:00:00Z");
      assert.equal(query.get("adhoc"), "false");
      assert.equal(query.get("per_page"), "10");
    });

    it("selects meetings without a date with timeIndependent, across pages", async () => {
      const s = sandbox();
      for (let i = 0; i < 7; i++) await client().createEvent({ title: `Room ${i}`, description: "", is_time_independent: true });
      await client().createEvent({
        title: "Dated",
        description: "",
        is_time_independent: false,
        starts_at: { datetime: "2026-06-01T09:00:00Z", timezone: "UTC" },
        ends_at: { datetime: "2026-06-01T10:00:00Z", timezone: "UTC" },
      });
      const events = await listEvents({ timeIndependent: true, perPage: 3 }, { env: sandboxEnv(s) });
      assert.equal(events.length, 7);
      assert.ok(events.every((event) => event.isTimeIndependent));
    });

    it("refuses a malformed time or page size before sending anything", async () => {
      const s = sandbox();
      s.clearRequests();
      const cases: [Parameters<typeof listEvents>[0], RegExp][] = [
        [{ timeMin: "next week" }, /^listEvents: timeMin must be a date \(2026-05-04\) or a time with a zone .*, got "next week"\.$/],
        [{ timeMax: "2026-05-04T09:00" }, /^listEvents: timeMax must be/],
        [{ perPage: 500 }, /^listEvents: perPage must be a whole number from 1 to 100, got 500\.$/],
      ];
      for (const [query, message] of cases) {
        const error = await rejection(listEvents(query, { env: sandboxEnv(s) }));
        assert.ok(isOpenTalkError(error));
        assert.match(error.message, message);
      }
      assert.deepEqual(s.requests(), []);
    });
  });
});

describe("queryTime", () => {
  const cases: [string, string | undefined][] = [
    ["2026-05-04", "2026-05-04T00:00:00Z"],
    ["2026-05-04T09:00:00Z", "2026-05-04T09:00:00Z"],
    ["2026-05-04T09:00Z", "2026-05-04T09:00:00Z"],
    ["2026-05-04T11:00:00+02:00", "2026-05-04T09:00:00Z"],
    ["2026-05-04t09:00:00.750z", "2026-05-04T09:00:00Z"],
    [" 2026-05-04 ", "2026-05-04T00:00:00Z"],
    ["2026-05-04T09:00:00", undefined],
    ["2026-02-31", undefined],
    ["2026-13-01", undefined],
    ["May 4, 2026", undefined],
    ["1714800000", undefined],
    ["", undefined],
  ];
  for (const [text, expected] of cases) {
    it(`${JSON.stringify(text)} → ${expected ?? "not a time"}`, () => assert.equal(queryTime(text), expected));
  }
});

describe("eventInfo", () => {
  it("keeps what a recurrence exception without room or title has, and nulls the rest", () => {
    const exception: Event = { id: "e1", type: "exception" };
    assert.deepEqual(eventInfo("https://ot.example", exception), {
      eventId: "e1",
      title: null,
      description: null,
      type: "exception",
      roomId: null,
      roomLink: null,
      name: null,
      alias: null,
      ownerId: null,
      ownerEmail: null,
      createdAt: null,
      startsAt: null,
      endsAt: null,
      timeZone: null,
      isTimeIndependent: false,
      isAdhoc: false,
      passwordRequired: false,
      waitingRoom: null,
      guestAccess: null,
      sipTel: null,
      sipId: null,
    });
  });

  it("gives the room's alias, and its name as the alias up to the first underscore (OpenTalk 0.35)", () => {
    const named: Event = { id: "e3", room: { id: "r", waiting_room: false, alias: "team-sync_x7k2" } };
    const info = eventInfo("https://ot.example", named);
    assert.equal(info.alias, "team-sync_x7k2");
    assert.equal(info.name, "team-sync");
    const unnamed = eventInfo("https://ot.example", { id: "e4", room: { id: "r", waiting_room: false, alias: null } });
    assert.deepEqual([unnamed.name, unnamed.alias], [null, null]);
  });

  it("treats a null room password as none", () => {
    const event: Event = { id: "e2", room: { id: "r", password: null, waiting_room: false } };
    assert.equal(eventInfo("https://ot.example", event).passwordRequired, false);
  });
});
