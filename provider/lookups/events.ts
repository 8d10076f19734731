import { OpenTalkError, type Event } from "../client";
import { nameOf, roomLink, type GuestAccess } from "../plan/room-state";
import { lookupClient, type LookupOptions } from "./lookup-client";

/** Filters of `listEvents`; all optional. Times are RFC 3339 (`2026-05-04T09:00:00Z`, `2026-05-04T11:00:00+02:00`). */
export interface ListEventsQuery {
  /** Only events that end after this time. */
  timeMin?: string;
  /** Only events that start before this time. */
  timeMax?: string;
  /** true: only ad-hoc meetings (the controller deletes those after a day); false: none of them. */
  adhoc?: boolean;
  /** true: only meetings without a date (standing rooms); false: only dated ones. */
  timeIndependent?: boolean;
  /** Page size for the requests, 1–100 (default 100); every page is read either way. */
  perPage?: number;
}

/**
 * A meeting (OpenTalk event) as a lookup returns it. Without secrets, for the same reason as OpenTalkRoomInfo: the
 * room password, the dial-in PIN and the guest link are left out (`opentalk events list`, whose job is to hand them out, prints them).
 */
export interface OpenTalkEventInfo {
  eventId: string;
  /** null only for recurrence exceptions that do not repeat it. */
  title: string | null;
  /** null only for recurrence exceptions that do not repeat it. */
  description: string | null;
  /** "single", "recurring" or "exception". */
  type: string | null;
  roomId: string | null;
  roomLink: string | null;
  /** OpenTalk 0.35+: the name of the meeting's room and its alias (see OpenTalkRoomInfo); null before 0.35. */
  name: string | null;
  alias: string | null;
  /** The owner (who created the meeting) and when; null where the controller leaves them out (exceptions). */
  ownerId: string | null;
  ownerEmail: string | null;
  createdAt: string | null;
  /** Start and end (RFC 3339, UTC); null for meetings without a date. For recurring meetings, the first one. */
  startsAt: string | null;
  endsAt: string | null;
  /** The zone the times were entered in, e.g. "Europe/Berlin". */
  timeZone: string | null;
  isTimeIndependent: boolean;
  isAdhoc: boolean;
  passwordRequired: boolean;
  waitingRoom: boolean | null;
  guestAccess: GuestAccess | null;
  /** The telephone number to dial in, when the controller offers dial-in for this meeting. */
  sipTel: string | null;
  /** The conference id to enter after dialling in (10 digits). */
  sipId: string | null;
}

/** The meetings the configured user can see (owner, moderator or invitee), every page, as the controller orders them. */
export async function listEvents(query: ListEventsQuery = {}, options?: LookupOptions): Promise<OpenTalkEventInfo[]> {
  const problem = eventQueryProblem(query);
  if (problem) throw new OpenTalkError(`listEvents: ${problem}.`);
  const client = lookupClient(options);
  const events = await client.listEvents(normalizedEventQuery(query));
  return events.map((event) => eventInfo(client.webUrl, event));
}

export function eventInfo(webUrl: string, event: Event): OpenTalkEventInfo {
  const room = event.room;
  return {
    eventId: event.id,
    title: event.title ?? null,
    description: event.description ?? null,
    type: event.type ?? null,
    roomId: room?.id ?? null,
    roomLink: room ? roomLink(webUrl, room.id) : null,
    name: room ? nameOf(room) : null,
    alias: room?.alias ?? null,
    ownerId: event.created_by?.id ?? null,
    ownerEmail: event.created_by?.email ?? null,
    createdAt: event.created_at ?? null,
    startsAt: event.starts_at?.datetime ?? null,
    endsAt: event.ends_at?.datetime ?? null,
    timeZone: event.starts_at?.timezone ?? null,
    isTimeIndependent: event.is_time_independent ?? false,
    isAdhoc: event.is_adhoc ?? false,
    passwordRequired: typeof room?.password === "string",
    waitingRoom: room?.waiting_room ?? null,
    guestAccess: (room?.guest_access as GuestAccess | undefined) ?? null,
    sipTel: room?.call_in?.tel ?? null,
    sipId: room?.call_in?.id ?? null,
  };
}

/** What is wrong with a query, as a clause ("timeMin must be …"), or undefined. */
export function eventQueryProblem(query: ListEventsQuery): string | undefined {
  for (const name of ["timeMin", "timeMax"] as const) {
    const value = query[name];
    if (value !== undefined && queryTime(value) === undefined) {
      return `${name} must be a date (2026-05-04) or a time with a zone (2026-05-04T09:00:00Z, 2026-05-04T11:00:00+02:00), got "${value}"`;
    }
  }
  const { perPage } = query;
  if (perPage !== undefined && !(Number.isInteger(perPage) && perPage >= 1 && perPage <= 100)) {
    return `perPage must be a whole number from 1 to 100, got ${perPage}`;
  }
  return undefined;
}

/**
 * A time as the controller takes it (RFC 3339 in UTC, whole seconds), or undefined if the text is not one. A bare
 * date is midnight UTC; a time of day needs `Z` or an offset (a local time would mean different things on different
 * machines). Checked by shape and by calendar: `Date.parse` alone takes "May 4" and turns February 31 into March 3.
 */
export function queryTime(text: string): string | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2}))?$/i.exec(text.trim());
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return undefined;
  const ms = Date.parse(text.trim().toUpperCase());
  if (Number.isNaN(ms)) return undefined;
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
}

function normalizedEventQuery(query: ListEventsQuery): ListEventsQuery {
  return {
    ...query,
    timeMin: query.timeMin === undefined ? undefined : queryTime(query.timeMin),
    timeMax: query.timeMax === undefined ? undefined : queryTime(query.timeMax),
  };
}
