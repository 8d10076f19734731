/**
 * `PostEventsBody` and `PatchEventBody` as serde reads them (all failures 400 `invalid_json`; unknown
 * fields ignored). The date part is a flattened untagged enum: `is_time_independent: true` (dates
 * ignored), `false` with `starts_at`/`ends_at`, or — PATCH only — any subset of the date fields, which
 * patches an already dated event.
 */
import { knowsGuestAccess, type ControllerContext } from "./controller-context";
import { GUEST_ACCESS_VALUES, roomPassword } from "./controller-rooms";
import { readDateTimeTz, readRecurrencePattern } from "./event-dates";
import type { SandboxRequest } from "./http-server";
import { JsonBody, readJsonBody } from "./json-body";
import type { DateTimeTz, EventDates, EventPatch, EventSettings } from "./store-events";
import type { GuestAccess } from "./types";

const MAX_TITLE_CHARS = 255;
const MAX_DESCRIPTION_CHARS = 4096;
const DATE_KIND_MISMATCH = "data did not match any variant of untagged enum EventDateKind";

export interface NewEventRequest extends EventSettings {
  title: string;
  description: string;
  dates: EventDates | null;
  /** Resolved default `waiting_room`; `undefined` on controllers before 0.35. */
  guestAccess?: GuestAccess;
  e2eEncryption: boolean;
}

export type DatePatch =
  | { kind: "none" }
  | { kind: "time-independent" }
  /** `is_time_independent: false` with both dates: replaces the dates, also of a time-independent event. */
  | { kind: "set-dates"; dates: EventDates }
  /** Some date fields: merged into the existing dates; a time-independent event cannot take this (500). */
  | { kind: "patch-dates"; isAllDay?: boolean; startsAt?: DateTimeTz; endsAt?: DateTimeTz; recurrencePattern: string[] };

export interface EventPatchRequest {
  fields: Omit<EventPatch, "dates" | "byUserId">;
  date: DatePatch;
  /** The controller's `PatchEventBody::is_empty()`: nothing it knows is set (unknown fields do not count). */
  isEmpty: boolean;
  /** Only the room's fields are set: the event itself (and its `updated_at`) stays untouched. */
  onlyModifiesRoom: boolean;
}

export function readPostEventsBody(ctx: ControllerContext, req: SandboxRequest): NewEventRequest {
  const body: JsonBody = readJsonBody(req, "PostEventsBody");
  const title = limitedString(body, "title", MAX_TITLE_CHARS) ?? body.fail(undefined, "missing field `title`");
  const description = limitedString(body, "description", MAX_DESCRIPTION_CHARS) ?? body.fail(undefined, "missing field `description`");
  const timeIndependent = body.boolean("is_time_independent") ?? body.fail(undefined, DATE_KIND_MISMATCH);
  let dates: EventDates | null = null;
  if (!timeIndependent) {
    const startsAt = readDateTimeTz(body, "starts_at");
    const endsAt = readDateTimeTz(body, "ends_at");
    if (!startsAt || !endsAt) body.fail(undefined, DATE_KIND_MISMATCH);
    dates = { startsAt, endsAt, isAllDay: body.boolean("is_all_day") ?? false, recurrencePattern: readRecurrencePattern(body) ?? [] };
  }
  const guestAccess = knowsGuestAccess(ctx) ? (body.oneOf("guest_access", GUEST_ACCESS_VALUES) ?? "waiting_room") : undefined;
  body.boolean("has_shared_folder");
  return {
    title,
    description,
    dates,
    password: roomPassword(body) ?? undefined,
    waitingRoom: body.boolean("waiting_room") ?? false,
    e2eEncryption: body.boolean("e2e_encryption") ?? false,
    isAdhoc: body.boolean("is_adhoc") ?? false,
    showMeetingDetails: body.boolean("show_meeting_details") ?? false,
    guestAccess,
  };
}

export function readPatchEventBody(ctx: ControllerContext, req: SandboxRequest): EventPatchRequest {
  const body: JsonBody = readJsonBody(req, "PatchEventBody");
  const fields = {
    title: limitedString(body, "title", MAX_TITLE_CHARS, true),
    description: limitedString(body, "description", MAX_DESCRIPTION_CHARS, true),
    isAdhoc: body.boolean("is_adhoc", true) ?? undefined,
    showMeetingDetails: body.boolean("show_meeting_details", true) ?? undefined,
    password: body.has("password") ? roomPassword(body) : undefined,
    waitingRoom: body.boolean("waiting_room", true) ?? undefined,
    e2eEncryption: body.boolean("e2e_encryption", true) ?? undefined,
    guestAccess: knowsGuestAccess(ctx) ? body.oneOf("guest_access", GUEST_ACCESS_VALUES) : undefined,
  };
  const hasSharedFolder = body.boolean("has_shared_folder", true) ?? undefined;
  const date = readDatePatch(body);
  const roomFieldSet = [fields.password, fields.waitingRoom, fields.e2eEncryption, fields.guestAccess].some((v) => v !== undefined);
  const eventFieldSet = [fields.title, fields.description, fields.isAdhoc, fields.showMeetingDetails, hasSharedFolder].some((v) => v !== undefined) || date.kind !== "none";
  return { fields, date, isEmpty: !roomFieldSet && !eventFieldSet, onlyModifiesRoom: roomFieldSet && !eventFieldSet };
}

function readDatePatch(body: JsonBody): DatePatch {
  const timeIndependent = body.boolean("is_time_independent", true);
  if (timeIndependent === true) return { kind: "time-independent" };
  const isAllDay = body.boolean("is_all_day", true) ?? undefined;
  const startsAt = readDateTimeTz(body, "starts_at");
  const endsAt = readDateTimeTz(body, "ends_at");
  const recurrencePattern = readRecurrencePattern(body);
  if (timeIndependent === false && startsAt && endsAt) {
    return { kind: "set-dates", dates: { startsAt, endsAt, isAllDay: isAllDay ?? false, recurrencePattern: recurrencePattern ?? [] } };
  }
  const anyDateField = timeIndependent === false || [isAllDay, startsAt, endsAt, recurrencePattern].some((v) => v !== undefined);
  return anyDateField ? { kind: "patch-dates", isAllDay, startsAt, endsAt, recurrencePattern: recurrencePattern ?? [] } : { kind: "none" };
}

/** `EventTitle`/`EventDescription`: strings with a maximum length in characters. */
function limitedString(body: JsonBody, field: string, maxChars: number, nullable = false): string | undefined {
  const value = body.string(field, nullable);
  if (value === null || value === undefined) return undefined;
  const length = [...value].length;
  if (length > maxChars) body.fail(field, `invalid length ${length}, expected at most ${maxChars} characters`);
  return value;
}
