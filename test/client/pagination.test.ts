import assert from "node:assert/strict";
import { closeClients, newClient, useSandbox } from "../support/sandbox-fixture";

describe("OpenTalkClient: pagination", () => {
  // Invite lists exist up to 0.34 (0.35 removed the invite API).
  const sandbox = useSandbox({ controllerVersion: "0.34" });
  afterEach(closeClients);

  it("follows Link rel=next to the last page of 250 rooms", async () => {
    const s = sandbox();
    for (let i = 0; i < 250; i++) s.store.createRoom(s.username, {});
    s.store.createRoom("alice@example.org", {});
    s.clearRequests();
    const rooms = await newClient(s).listRooms();
    assert.equal(rooms.length, 250, "every room of the user, and only those");
    assert.equal(new Set(rooms.map((r) => r.id)).size, 250);
    const pages = s.requests({ service: "controller", method: "GET" }).filter((r) => r.path.startsWith("/v1/rooms?"));
    assert.deepEqual(pages.map((r) => r.path), [
      "/v1/rooms?per_page=100&page=1",
      "/v1/rooms?per_page=100&page=2",
      "/v1/rooms?per_page=100&page=3",
    ]);
  });

  it("lists invites of a room across pages, inactive ones included", async () => {
    const s = sandbox();
    const room = s.store.createRoom(s.username, {});
    const codes = Array.from({ length: 130 }, () => s.store.createInvite(room.id).code);
    s.store.deactivateInvite(room.id, codes[0]!);
    const invites = await newClient(s).listInvites(room.id);
    assert.equal(invites.length, 130);
    assert.equal(invites.filter((i) => !i.active).length, 1);
  });

  it("reads every meeting when recurrence exceptions make pages longer than per_page (they follow their event)", async () => {
    const s = sandbox();
    // 5 weekly meetings, each with 3 exceptions, asked for 2 per page: pages hold 2 events and their 6 exceptions. A
    // client that took "fewer items than per_page" for the last page, or stopped on "more", would miss meetings.
    const day = (d: number, h: number) => ({ datetime: `2031-03-${String(d).padStart(2, "0")}T${String(h).padStart(2, "0")}:00:00Z`, timezone: "Europe/Berlin" });
    for (let i = 1; i <= 5; i++) {
      const event = s.store.createEvent(s.username, { title: `weekly ${i}`, dates: { startsAt: day(i, 9), endsAt: day(i, 10), isAllDay: false, recurrencePattern: ["RRULE:FREQ=WEEKLY;COUNT=6"] } });
      for (const week of [1, 2, 3]) s.store.createEventException(event.id, { originalStartsAt: day(i + 7 * week, 9), title: `weekly ${i}, week ${week}` });
    }
    s.clearRequests();
    const events = await newClient(s).listEvents({ perPage: 2 });
    assert.deepEqual(events.filter((e) => e.type !== "exception").map((e) => e.title).sort(), ["weekly 1", "weekly 2", "weekly 3", "weekly 4", "weekly 5"]);
    assert.equal(events.filter((e) => e.type === "exception").length, 15);
    const pages = s.requests({ service: "controller", method: "GET" }).filter((r) => r.path.startsWith("/v1/events"));
    assert.equal(pages.length, 3, "three pages of two, two and one meetings; the short last one ends the list");
  });
});
