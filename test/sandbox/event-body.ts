/**
 * `PostEventsBody` and `PatchEventBody` as serde reads them (all failures 400 `invalid_json`; unknown fields
 * ignored), plus the checks the POST handler makes on the date fields before anything else.
 *
 * Titles and descriptions are limited in UTF-8 bytes, not characters (types-common `events/event_title.rs` 11,
 * 116–127, `event_description.rs` 98–108 @ e0a336a6: `s.len()`), with the types' own messages.
 *
 * Dates of a new event, per the profile:
 * - ≤ 0.30 (`datedEventsRequireAllDay`): the handler matches `is_all_day`, `starts_at`, `ends_at` all present or
 *   answers 400 bad_request (BE/events/mod.rs @ v0.30.1 139–155, 177–184; v0.29.0 354–369, 390–397); a
 *   time-independent event refuses date fields (0.29) or a recurrence (0.30) with another 400 (v0.29.0 322–337,
 *   v0.30.1 112–114).
 * - ≥ 0.34: the date part is an untagged enum: `is_time_independent: true` (dates ignored) or `false` with both
 *   dates (`is_all_day` defaults to false); anything else fails deserialization.
 */
import type { ControllerContext } from "./controller-context";
import { apiErrors } from "./api-error";
import { GUEST_ACCESS_VALUES, roomPassword } from "./controller-rooms";
import { readDateTimeTz, readRecurrencePattern } from "./event-dates";
import type { SandboxRequest } from "./http-server";
import { JsonBody, readJsonBody } from "./json-body";
import { readRoomName } from "./room-names";
import type { DateTimeTz, EventDates, EventPatch, EventSettings } from "./store-events";
import type { GuestAccess } from "./types";

const MAX_TITLE_BYTES = 255;
const MAX_DESCRIPTION_BYTES = 4096;
const DATE_KIND_MISMATCH = "data did not match any variant of untagged enum EventDateKind";

export interface NewEventRequest extends EventSettings {
  title: string;
  description: string;
  dates: EventDates | null;
  /** Resolved default `waiting_room`; `undefined` on releases without guest access. */
  guestAccess?: GuestAccess;
  e2eEncryption: boolean;
}

/** The date fields of a PATCH as sent; what they mean depends on the event and the release (`controller-events-patch.ts`). */
export interface DateFields {
  timeIndependent?: boolean;
  isAllDay?: boolean;
  startsAt?: DateTimeTz;
  endsAt?: DateTimeTz;
  recurrencePattern?: string[];
}

export interface EventPatchRequest {
  fields: Omit<EventPatch, "dates" | "byUserId">;
  dates: DateFields;
  /** The controller's `PatchEventBody::is_empty()`: nothing it knows is set (unknown fields do not count). */
  isEmpty: boolean;
  /** Only the room's fields are set: the event itself (and its `updated_at`) stays untouched. */
  onlyModifiesRoom: boolean;
}

export function readPostEventsBody(ctx: ControllerContext, req: SandboxRequest): NewEventRequest {
  const body: JsonBody = readJsonBody(req, "PostEventsBody");
  const title = limitedString(body, "title", MAX_TITLE_BYTES, "Event title") ?? body.fail(undefined, "missing field `title`");
  const description = limitedString(body, "description", MAX_DESCRIPTION_BYTES, "Event description") ?? body.fail(undefined, "missing field `description`");
  const legacy = ctx.profile.datedEventsRequireAllDay;
  const timeIndependent = body.boolean("is_time_independent") ?? body.fail(undefined, legacy ? "missing field `is_time_independent`" : DATE_KIND_MISMATCH);
  const guestAccess = ctx.profile.guestAccess ? (body.oneOf("guest_access", GUEST_ACCESS_VALUES) ?? "waiting_room") : undefined;
  const roomName = ctx.profile.roomNames ? readRoomName(body, "room_name", true) : undefined;
  const settings = {
    password: roomPassword(body) ?? undefined,
    waitingRoom: body.boolean("waiting_room") ?? false,
    e2eEncryption: body.boolean("e2e_encryption") ?? false,
    isAdhoc: body.boolean("is_adhoc") ?? false,
    showMeetingDetails: body.boolean("show_meeting_details") ?? false,
  };
  body.boolean("has_shared_folder");
  const dates = legacy ? legacyNewEventDates(ctx, body, timeIndependent) : newEventDates(body, timeIndependent);
  return { title, description, dates, guestAccess, roomName, ...settings };
}

function newEventDates(body: JsonBody, timeIndependent: boolean): EventDates | null {
  if (timeIndependent) return null;
  const startsAt = readDateTimeTz(body, "starts_at");
  const endsAt = readDateTimeTz(body, "ends_at");
  if (!startsAt || !endsAt) body.fail(undefined, DATE_KIND_MISMATCH);
  return { startsAt, endsAt, isAllDay: body.boolean("is_all_day", true) ?? false, recurrencePattern: readRecurrencePattern(body) ?? [] };
}

function legacyNewEventDates(ctx: ControllerContext, body: JsonBody, timeIndependent: boolean): EventDates | null {
  const fields = readDateFields(body);
  if (timeIndependent) {
    const hasRecurrence = (fields.recurrencePattern ?? []).length > 0;
    const hasDates = fields.isAllDay !== undefined || fields.startsAt !== undefined || fields.endsAt !== undefined;
    const refused = ctx.profile.timeIndependentDateFields === "refused" ? hasRecurrence || hasDates : ctx.profile.timeIndependentDateFields === "recurrence-refused" && hasRecurrence;
    if (refused) throw apiErrors.badRequest("time independent events must not have is_all_day, starts_at, ends_at or recurrence_pattern set");
    return null;
  }
  const { isAllDay, startsAt, endsAt } = fields;
  if (isAllDay === undefined || !startsAt || !endsAt) {
    throw apiErrors.badRequest("time dependent events must have title, description, is_all_day, starts_at and ends_at set");
  }
  return { startsAt, endsAt, isAllDay, recurrencePattern: fields.recurrencePattern ?? [] };
}

export function readPatchEventBody(ctx: ControllerContext, req: SandboxRequest): EventPatchRequest {
  const body: JsonBody = readJsonBody(req, "PatchEventBody");
  const fields = {
    title: limitedString(body, "title", MAX_TITLE_BYTES, "Event title", true),
    description: limitedString(body, "description", MAX_DESCRIPTION_BYTES, "Event description", true),
    isAdhoc: body.boolean("is_adhoc", true) ?? undefined,
    showMeetingDetails: body.boolean("show_meeting_details", true) ?? undefined,
    password: body.has("password") ? roomPassword(body) : undefined,
    waitingRoom: body.boolean("waiting_room", true) ?? undefined,
    e2eEncryption: body.boolean("e2e_encryption", true) ?? undefined,
    guestAccess: ctx.profile.guestAccess ? body.oneOf("guest_access", GUEST_ACCESS_VALUES) : undefined,
    // Where `PatchEventBody` nests the room name was not checked (release-034-035.md §2); the sandbox reads it flat.
    roomName: ctx.profile.roomNames ? readRoomName(body, "room_name", true) : undefined,
  };
  const hasSharedFolder = body.boolean("has_shared_folder", true) ?? undefined;
  const dates = readDateFields(body);
  // ≤ 0.30 `PatchEventBody::is_empty` counts an empty recurrence as nothing (types `patch_event_body.rs` 210).
  const recurrenceSet = dates.recurrencePattern !== undefined && (dates.recurrencePattern.length > 0 || !ctx.profile.legacyEventPatch);
  const dateFieldSet = [dates.timeIndependent, dates.isAllDay, dates.startsAt, dates.endsAt].some((v) => v !== undefined) || recurrenceSet;
  const roomFieldSet = [fields.password, fields.waitingRoom, fields.e2eEncryption, fields.guestAccess, fields.roomName].some((v) => v !== undefined);
  const eventFieldSet = [fields.title, fields.description, fields.isAdhoc, fields.showMeetingDetails, hasSharedFolder].some((v) => v !== undefined) || dateFieldSet;
  return { fields, dates, isEmpty: !roomFieldSet && !eventFieldSet, onlyModifiesRoom: roomFieldSet && !eventFieldSet };
}

function readDateFields(body: JsonBody): DateFields {
  return {
    timeIndependent: body.boolean("is_time_independent", true) ?? undefined,
    isAllDay: body.boolean("is_all_day", true) ?? undefined,
    startsAt: readDateTimeTz(body, "starts_at"),
    endsAt: readDateTimeTz(body, "ends_at"),
    recurrencePattern: readRecurrencePattern(body),
  };
}

/** `EventTitle`/`EventDescription`: at most `maxBytes` UTF-8 bytes, though the message says characters. */
function limitedString(body: JsonBody, field: string, maxBytes: number, what: string, nullable = false): string | undefined {
  const value = body.string(field, nullable);
  if (value === null || value === undefined) return undefined;
  if (Buffer.byteLength(value, "utf8") > maxBytes) body.fail(field, `${what} must not be longer than ${maxBytes} characters`);
  return value;
}
