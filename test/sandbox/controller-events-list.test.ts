import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { startSandbox } from "./index";
import { api, call, grant, useSandbox, WireResponse } from "./sandbox-fixture";
import type { EventDates } from "./store-events";

const hour = (day: number, h: number) => ({ datetime: `2030-01-${String(day).padStart(2, "0")}T${String(h).padStart(2, "0")}:00:00Z`, timezone: "Europe/Berlin" });
const dated = (day: number, recurrencePattern: string[] = []): EventDates => ({ startsAt: hour(day, 9), endsAt: hour(day, 10), isAllDay: false, recurrencePattern });
const titles = (response: WireResponse): string[] => response.json.map((e: { title: string }) => e.title);
const afterLink = (response: WireResponse): string | undefined => /^<([^>]+)>; rel="after"$/.exec(response.headers.get("link") ?? "")?.[1];

describe("sandbox controller GET /v1/events", () => {
  const ctx = useSandbox();
  let token = "";
  const list = (query = "") => api(ctx.sandbox, token, "GET", `/v1/events${query}`);
  before(async () => {
    token = (await grant(ctx.sandbox)).access_token;
    const store = ctx.sandbox.store;
    // Created in this order, so created_at increases down the list.
    store.createEvent("bot@example.org", { title: "day 20", dates: dated(20) });
    store.createEvent("bot@example.org", { title: "standing A" });
    store.createEvent("bot@example.org", { title: "day 10 weekly", dates: dated(10, ["FREQ=WEEKLY;COUNT=2"]) });
    store.createEvent("bot@example.org", { title: "standing B ad-hoc", isAdhoc: true });
    store.createEvent("bot@example.org", { title: "day 15", dates: dated(15) });
    store.createEvent("alice@example.org", { title: "alice's" });
  });

  it("lists own events, time-independent first, then by start", async () => {
    const all = await list();
    assert.equal(all.status, 200);
    assert.deepEqual(titles(all), ["standing A", "standing B ad-hoc", "day 10 weekly", "day 15", "day 20"]);
    assert.equal(all.json[0].invitees_truncated, false);
  });

  it("filters by time window (dated events only), flags and creation time", async () => {
    assert.deepEqual(titles(await list("?time_min=2030-01-14T00:00:00Z&time_max=2030-01-16T00:00:00Z")), ["day 10 weekly", "day 15"], "the weekly series runs until the 17th");
    assert.deepEqual(titles(await list("?time_min=2030-01-18T00:00:00Z")), ["day 20"]);
    assert.deepEqual(titles(await list("?time_max=2030-01-12T00:00:00Z")), ["day 10 weekly"]);
    assert.deepEqual(titles(await list("?adhoc=false&time_independent=true")), ["standing A"]);
    assert.deepEqual(titles(await list("?time_independent=false&adhoc=false")), ["day 10 weekly", "day 15", "day 20"]);
    assert.deepEqual(titles(await list("?favorites=true")), []);
    assert.deepEqual(titles(await list("?invite_status=pending")), []);
    assert.equal((await list("?invite_status=accepted&invite_status=pending")).json.length, 5);
    const events = ctx.sandbox.store.events();
    const standingA = events.find((e) => e.title === "standing A");
    assert.ok(standingA);
    assert.deepEqual(titles(await list(`?created_before=${encodeURIComponent(standingA.createdAt)}`)), ["standing A", "day 20"]);
    assert.deepEqual(titles(await list(`?created_after=${encodeURIComponent(standingA.createdAt)}&time_independent=true`)), ["standing A", "standing B ad-hoc"]);
  });

  it("pages with an after cursor; every non-empty page links to the next, an empty one does not", async () => {
    const seen: string[] = [];
    let response = await list("?per_page=2&page=7&adhoc=false");
    const pages: number[] = [];
    for (;;) {
      assert.equal(response.status, 200);
      seen.push(...titles(response));
      pages.push(response.json.length);
      const next = afterLink(response);
      if (response.json.length === 0) {
        assert.equal(next, undefined);
        break;
      }
      assert.ok(next, "a Link even on the last, short page");
      const url = new URL(next);
      assert.equal(url.origin, ctx.sandbox.controllerUrl);
      assert.deepEqual([url.searchParams.get("per_page"), url.searchParams.get("adhoc"), url.searchParams.get("page")], ["2", "false", null]);
      response = await call(next, { headers: { Authorization: `Bearer ${token}` } });
    }
    assert.deepEqual(seen, ["standing A", "day 10 weekly", "day 15", "day 20"]);
    assert.deepEqual(pages, [2, 2, 0]);
  });

  it("defaults to 30 per page, clamps per_page to 1..100 and rejects bad query values with plain-text 400", async () => {
    for (let i = 0; i < 100; i++) ctx.sandbox.store.createEvent("bot@example.org", { title: `bulk ${i}`, dates: dated(25) });
    try {
      assert.equal((await list()).json.length, 30);
      assert.equal((await list("?per_page=101")).json.length, 100, "clamped, not refused");
      assert.equal((await list("?per_page=0")).json.length, 1);
      assert.equal((await list("?per_page=-5")).json.length, 1);
    } finally {
      for (const event of ctx.sandbox.store.events().filter((e) => e.title.startsWith("bulk"))) ctx.sandbox.store.deleteEvent(event.id);
    }
    for (const query of ["per_page=x", "after=garbage", "time_min=yesterday", "adhoc=yes", "invite_status=maybe", "invitees_max=0"]) {
      const response = await list(`?${query}`);
      assert.equal(response.status, 400, query);
      assert.match(response.headers.get("content-type") ?? "", /^text\/plain/, query);
    }
  });
});

describe("sandbox controller GET /v1/events with recurrence exceptions", () => {
  const ctx = useSandbox();

  it("appends each recurring event's exceptions after it, so a page holds more than per_page items", async () => {
    const token = (await grant(ctx.sandbox)).access_token;
    const store = ctx.sandbox.store;
    const weekly = store.createEvent("bot@example.org", { title: "weekly", dates: dated(7, ["FREQ=WEEKLY;COUNT=5"]) });
    store.createEvent("bot@example.org", { title: "single", dates: dated(8) });
    store.createEvent("bot@example.org", { title: "later", dates: dated(9) });
    store.createEventException(weekly.id, { originalStartsAt: hour(21, 9), status: "cancelled" });
    store.createEventException(weekly.id, { originalStartsAt: hour(14, 9), title: "moved", startsAt: hour(15, 9), endsAt: hour(15, 10) });
    const page = await api(ctx.sandbox, token, "GET", "/v1/events?per_page=2");
    assert.deepEqual(page.json.map((item: { type: string; title?: string }) => `${item.type}:${item.title ?? ""}`), ["recurring:weekly", "exception:moved", "exception:", "single:single"]);
    const moved = page.json[1];
    assert.deepEqual([moved.id, moved.recurring_event_id, moved.instance_id, moved.status, moved.can_edit], [`${weekly.id}_20300114T090000Z`, weekly.id, "20300114T090000Z", "ok", true]);
    assert.deepEqual(moved.original_starts_at, hour(14, 9));
    assert.equal(page.json[2].status, "cancelled");
    const next = afterLink(page);
    assert.ok(next);
    assert.deepEqual(titles(await call(next, { headers: { Authorization: `Bearer ${token}` } })), ["later"]);
    store.updateEvent(weekly.id, { dates: dated(7) });
    assert.deepEqual(store.eventExceptions(weekly.id), [], "a single event keeps no exceptions");
  });
});

describe("sandbox room-cleanup job", () => {
  const ctx = useSandbox();

  it("deletes every room without an event, with SIP config and invites, over HTTP and in-process", async () => {
    const store = ctx.sandbox.store;
    const plain = store.createRoom("bot@example.org", { enableSip: true });
    store.createInvite(plain.id);
    const foreignPlain = store.createRoom("alice@example.org");
    const event = store.createEvent("bot@example.org");
    const response = await call(`${ctx.sandbox.adminUrl}/jobs/room-cleanup`, { method: "POST" });
    assert.equal(response.status, 200);
    assert.deepEqual(response.json, { deleted: 2 });
    assert.equal(store.room(plain.id), undefined);
    assert.equal(store.room(foreignPlain.id), undefined);
    assert.equal(store.sipConfig(plain.id), undefined);
    assert.deepEqual(store.invites(plain.id), []);
    assert.ok(store.room(event.roomId), "event rooms stay");
    store.createRoom("bot@example.org");
    assert.equal(ctx.sandbox.runRoomCleanup(), 1);
    assert.equal(ctx.sandbox.runRoomCleanup(), 0);
  });
});

describe("sandbox events persistence", () => {
  it("keeps events across a restart and reads state files from before events", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "opentalk-sandbox-events-"));
    try {
      const statePath = path.join(dir, "state.json");
      const first = await startSandbox({ statePath });
      const event = first.store.createEvent("bot@example.org", { title: "Persisted", dates: dated(3) });
      await first.close();
      const second = await startSandbox({ statePath });
      try {
        assert.deepEqual(second.store.event(event.id), event);
      } finally {
        await second.close();
      }
      const old = JSON.parse(fs.readFileSync(statePath, "utf8"));
      delete old.events;
      fs.writeFileSync(statePath, JSON.stringify(old));
      const third = await startSandbox({ statePath });
      try {
        assert.deepEqual(third.store.events(), []);
      } finally {
        await third.close();
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
