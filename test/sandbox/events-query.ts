/**
 * `GET /v1/events` (API-NOTES §7; BE/events/mod.rs @ v0.30.1 235–418, v0.29.0 `API/events/mod.rs` 732–926; alias
 * era events/mod.rs @ 06448d1c `get_events_and_exceptions_interwoven`): the query, the filters, the order and the
 * cursor pagination.
 *
 * - Order: `starts_at` ascending with time-independent events (no start) first, then `created_at`, then `id`.
 * - Any time filter drops time-independent events (SQL comparisons with NULL); with both bounds an event matches
 *   if it overlaps [time_min, time_max], with one only if it ends after `time_min` or starts before `time_max`.
 * - `per_page` is clamped to 1..100 (default 30), never a 400 (v0.30.1 242–245); the limit applies to events, and
 *   each recurring event's exceptions follow it (405–411), so a page can hold more than `per_page` items.
 * - `after` is an opaque cursor naming the last event of the page; every non-empty page carries
 *   `Link: <…&after=…>; rel="after"`, the last one included (331–335, 417), an empty page none. Clients stop on an
 *   empty page or one with fewer than `per_page` events. `page`, `before` and unknown parameters are ignored.
 * - Query extraction failures (non-numeric values, bad booleans, a bad cursor) are actix's plain-text 400.
 */
import { PlainTextError } from "./api-error";
import { filterEndMs } from "./event-dates";
import type { InviteeWindow } from "./event-resource";
import type { SandboxRequest } from "./http-server";
import type { ControllerProfile } from "./profiles";
import type { SandboxEvent } from "./store-events";
import { normalizeTimestampExactly, sortableInstant } from "./timestamps";

const INVITE_STATUSES = ["pending", "accepted", "tentative", "declined"];

interface EventsCursor {
  id: string;
  createdAt: string;
  startsAt: string | null;
}

export interface EventsQuery {
  timeMin?: number;
  timeMax?: number;
  createdBefore?: string;
  createdAfter?: string;
  adhoc?: boolean;
  timeIndependent?: boolean;
  favorites: boolean;
  inviteStatus: string[];
  perPage: number;
  after?: EventsCursor;
}

export function readEventsQuery(req: SandboxRequest, profile: ControllerProfile): EventsQuery {
  const params = req.url.searchParams;
  const inviteStatus = params.getAll("invite_status");
  const unknownStatus = inviteStatus.find((s) => !INVITE_STATUSES.includes(s));
  if (unknownStatus !== undefined) throw queryError(`unknown variant \`${unknownStatus}\`, expected one of ${INVITE_STATUSES.map((s) => `\`${s}\``).join(", ")}`);
  readInviteesMax(req, profile);
  const timeMin = readTimestamp(req, "time_min");
  const timeMax = readTimestamp(req, "time_max");
  return {
    timeMin: timeMin === undefined ? undefined : Date.parse(timeMin),
    timeMax: timeMax === undefined ? undefined : Date.parse(timeMax),
    createdBefore: readTimestamp(req, "created_before"),
    createdAfter: readTimestamp(req, "created_after"),
    adhoc: readBoolean(req, "adhoc"),
    timeIndependent: readBoolean(req, "time_independent"),
    favorites: readBoolean(req, "favorites") ?? false,
    inviteStatus,
    perPage: Math.min(100, Math.max(1, readInteger(req, "per_page") ?? 30)),
    after: readCursor(req),
  };
}

/**
 * The events `userId` sees, one page of them: the ones they created and the ones they are invited to, whatever
 * their answer to the invite (`created_by = user OR invitee = user`, DB/events/mod.rs @ v0.30.1
 * `get_all_for_user_paginated`; the same filter in the newer stream queries, read_file ids 68309279826, 68296295680).
 * `inviteStatusOf` gives the user's invite status for an event they did not create.
 */
export function selectEvents(all: SandboxEvent[], userId: string, query: EventsQuery, inviteStatusOf: (eventId: string) => string | undefined): SandboxEvent[] {
  return all
    .filter((event) => {
      const status = event.ownerId === userId ? null : inviteStatusOf(event.id);
      return status !== undefined && matches(event, query, status);
    })
    .sort(compareEvents)
    .filter((event) => !query.after || isAfterCursor(event, query.after))
    .slice(0, query.perPage);
}

/** `<{url without page/before/after}&after={cursor of the last item}>; rel="after"`, or nothing for an empty page. */
export function eventsLinkHeader(req: SandboxRequest, controllerUrl: string, page: SandboxEvent[]): Record<string, string> {
  const last = page[page.length - 1];
  if (!last) return {};
  const params = new URLSearchParams([...req.url.searchParams].filter(([name]) => !["page", "before", "after"].includes(name)));
  params.append("after", encodeCursor({ id: last.id, createdAt: last.createdAt, startsAt: last.dates?.startsAt.datetime ?? null }));
  return { Link: `<${controllerUrl}${req.url.pathname}?${params.toString()}>; rel="after"` };
}

/**
 * `invitees_max` of the event routes: ≥ 0.34 a `PageSize` (1..100) or absent; ≤ 0.30 a `u32` whose default 0
 * means "no invitees" (BE/events/mod.rs @ v0.30.1 1539–1582). Returns which invitees one event's answer lists
 * (`GET`/`PATCH /v1/events/{id}`): without a usable value none, reported as truncated.
 */
export function readInviteesMax(req: SandboxRequest, profile: ControllerProfile): InviteeWindow {
  const value = readInteger(req, "invitees_max");
  if (profile.inviteesMaxIsPageSize) {
    if (value !== undefined && (value < 1 || value > 100)) throw queryError("Page size is outside the allowed range (1..=100)");
  } else if (value !== undefined && value < 0) throw queryError("invalid digit found in string");
  return value ? { max: value } : { skipped: "truncated" };
}

/**
 * The same for `GET /v1/events`: ≤ 0.30 reports a list without invitees as truncated (BE/events/mod.rs @ v0.30.1
 * 344–345), ≥ 0.34 not (events/mod.rs @ 06448d1c `build_event_resource`: `invitees_max` None → `false`).
 */
export function listInviteeWindow(req: SandboxRequest, profile: ControllerProfile): InviteeWindow {
  const window = readInviteesMax(req, profile);
  return "skipped" in window && profile.inviteesMaxIsPageSize ? { skipped: "complete" } : window;
}

function readInteger(req: SandboxRequest, name: string): number | undefined {
  const raw = req.url.searchParams.get(name);
  if (raw === null) return undefined;
  if (!/^-?\d+$/.test(raw)) throw queryError("invalid digit found in string");
  return Number(raw);
}

/** `suppress_email_notification` and friends: serde booleans, only `true`/`false`. */
export function readBoolean(req: SandboxRequest, name: string): boolean | undefined {
  const raw = req.url.searchParams.get(name);
  if (raw === null) return undefined;
  if (raw !== "true" && raw !== "false") throw queryError(`provided string was not \`true\` or \`false\``);
  return raw === "true";
}

/** `inviteStatus`: the user's invite status, `null` for the creator (who has no invite row). */
function matches(event: SandboxEvent, query: EventsQuery, inviteStatus: string | null): boolean {
  const { timeMin, timeMax } = query;
  if (timeMin !== undefined || timeMax !== undefined) {
    if (!event.dates) return false;
    const starts = Date.parse(event.dates.startsAt.datetime);
    const ends = filterEndMs(event.dates);
    const within = (t: number, from: number, to: number): boolean => from <= t && t <= to;
    if (timeMin !== undefined && timeMax !== undefined) {
      const overlaps = within(starts, timeMin, timeMax) || within(ends, timeMin, timeMax) || within(timeMin, starts, ends) || within(timeMax, starts, ends);
      if (!overlaps) return false;
    } else if (timeMin !== undefined && ends < timeMin) return false;
    else if (timeMax !== undefined && starts > timeMax) return false;
  }
  const created = sortableInstant(event.createdAt);
  if (query.createdBefore !== undefined && created > sortableInstant(query.createdBefore)) return false;
  if (query.createdAfter !== undefined && created < sortableInstant(query.createdAfter)) return false;
  // No favourites in the sandbox. A filter with "accepted" also lets the creator's events (no invite row) through
  // ("edge case to allow event creators to filter created events by 'accepted'", the same source).
  if (query.favorites) return false;
  if (query.inviteStatus.length > 0) {
    const passes = inviteStatus === null ? query.inviteStatus.includes("accepted") : query.inviteStatus.includes(inviteStatus);
    if (!passes) return false;
  }
  if (query.adhoc !== undefined && event.isAdhoc !== query.adhoc) return false;
  if (query.timeIndependent !== undefined && (event.dates === null) !== query.timeIndependent) return false;
  return true;
}

function compareEvents(a: SandboxEvent, b: SandboxEvent): number {
  return compareKeys(sortKey(a), sortKey(b));
}

type SortKey = [number | null, string, string];

function sortKey(event: SandboxEvent): SortKey {
  return [event.dates ? Date.parse(event.dates.startsAt.datetime) : null, event.createdAt, event.id];
}

function compareKeys([startsA, createdA, idA]: SortKey, [startsB, createdB, idB]: SortKey): number {
  if (startsA !== startsB) {
    if (startsA === null) return -1;
    if (startsB === null) return 1;
    return startsA - startsB;
  }
  if (createdA !== createdB) return createdA < createdB ? -1 : 1;
  return idA < idB ? -1 : idA > idB ? 1 : 0;
}

function isAfterCursor(event: SandboxEvent, cursor: EventsCursor): boolean {
  const key = sortKey(event);
  const cursorKey: SortKey = [cursor.startsAt === null ? null : Date.parse(cursor.startsAt), cursor.createdAt, cursor.id];
  return compareKeys(key, cursorKey) > 0;
}

function readTimestamp(req: SandboxRequest, name: string): string | undefined {
  const raw = req.url.searchParams.get(name);
  if (raw === null) return undefined;
  const normalized = normalizeTimestampExactly(raw);
  if (normalized === undefined) throw queryError("input contains invalid characters");
  return normalized;
}

/** The controller's cursors are base64 of a binary record; the sandbox's are base64url JSON, just as opaque. */
function encodeCursor(cursor: EventsCursor): string {
  return Buffer.from(JSON.stringify([cursor.id, cursor.createdAt, cursor.startsAt])).toString("base64url");
}

function readCursor(req: SandboxRequest): EventsCursor | undefined {
  const raw = req.url.searchParams.get("after");
  if (raw === null) return undefined;
  try {
    const [id, createdAt, startsAt] = JSON.parse(Buffer.from(raw, "base64url").toString("utf8")) as unknown[];
    if (typeof id === "string" && typeof createdAt === "string" && (startsAt === null || typeof startsAt === "string")) return { id, createdAt, startsAt };
  } catch {
    // fall through to the extractor error
  }
  throw queryError("Invalid cursor");
}

function queryError(detail: string): PlainTextError {
  return new PlainTextError(400, `Query deserialize error: ${detail}`);
}
