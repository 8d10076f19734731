/**
 * `PATCH /v1/events/{id}`, owner only. Every release: nothing the controller knows in the body (`{}`, only unknown
 * fields) is 204 without touching anything (`PatchEventBody::is_empty`, BE/events/mod.rs @ v0.30.1 543–545);
 * otherwise 200 with the event. Room fields are written before the date checks and stay written when these
 * fail (not transactional, v0.30.1 566–577). Then the release's own rules:
 *
 * ≤ 0.30 (`legacyEventPatch`; v0.30.1 566–676, 1295–1467; v0.29.0 1171–1249, 1462–1598):
 * - room fields are written only when `password` or `waiting_room` is present: `e2e_encryption` alone is ignored;
 * - from time-independent to dated needs `is_all_day`, `starts_at` and `ends_at` (422 validation_failed whose
 *   entries — a bug — name the fields that ARE present); date fields without `is_time_independent: false` are
 *   422 `ignored_value`;
 * - an event-field PATCH that leaves out `recurrence_pattern` turns a recurring event into a single one.
 *
 * ≥ 0.34 (events/mod.rs @ 06448d1c `patch_event`): room fields go through the room update and its guest-access
 * check; a PATCH of room fields only leaves the event (and `updated_at`) alone; partial dates merge into the
 * existing ones, and a date change without `recurrence_pattern` drops the recurrence; partial dates on a
 * time-independent event are a 500.
 *
 * Afterwards the room may get an invite, per `eventPatchCreatesInvite`.
 */
import { apiErrors, ValidationErrorEntry } from "./api-error";
import { authenticated } from "./controller-auth";
import type { ControllerContext } from "./controller-context";
import { validateRoomPatch } from "./controller-rooms";
import { DateFields, EventPatchRequest, readPatchEventBody } from "./event-body";
import { checkEventDates } from "./event-dates";
import { eventResource } from "./event-resource";
import { readBoolean, readInviteesMax } from "./events-query";
import { emptyResponse, jsonResponse, Router } from "./http-server";
import { requireEventOf } from "./room-access";
import { guestsAdmitted } from "./room-rules";
import type { SandboxControllerUser } from "./store";
import type { EventDates, SandboxEvent } from "./store-events";

export function registerEventPatchRoute(router: Router, ctx: ControllerContext): void {
  router.add(
    "PATCH",
    "/v1/events/:eventId",
    authenticated(ctx, (req, user) => {
      const event = requireEventOf(ctx, user, req.params.eventId);
      const request = readPatchEventBody(ctx, req);
      const invitees = readInviteesMax(req, ctx.profile);
      readBoolean(req, "suppress_email_notification");
      if (request.isEmpty) return emptyResponse(204);
      if (ctx.profile.legacyEventPatch) applyLegacyPatch(ctx, event, request, user);
      else applyPatch(ctx, event, request, user);
      leaveInvite(ctx, event, user);
      return jsonResponse(200, eventResource(ctx, requireEventOf(ctx, user, event.id), { viewerId: user.id, invitees }));
    }),
  );
}

function applyPatch(ctx: ControllerContext, event: SandboxEvent, request: EventPatchRequest, user: SandboxControllerUser): void {
  const { password, waitingRoom, e2eEncryption, guestAccess, roomName, ...eventFields } = request.fields;
  if ([password, waitingRoom, e2eEncryption, guestAccess, roomName].some((v) => v !== undefined)) {
    const room = ctx.store.room(event.roomId);
    if (room) validateRoomPatch(ctx, room, { guestAccess, e2eEncryption });
    ctx.store.updateRoom(event.roomId, { password, waitingRoom, e2eEncryption, guestAccess, name: roomName });
  }
  const dates = patchedDates(event, request.dates);
  if (!request.onlyModifiesRoom) ctx.store.updateEvent(event.id, { ...eventFields, dates, byUserId: user.id });
}

/**
 * The dates a ≥ 0.34 PATCH leaves (`undefined`: unchanged, `null`: time-independent). Partial date fields are
 * merged into the existing dates, except `recurrence_pattern`: the controller rewrites the whole date, so a date
 * PATCH without it turns a recurring event into a single one.
 */
function patchedDates(event: SandboxEvent, fields: DateFields): EventDates | null | undefined {
  if (fields.timeIndependent === true) return null;
  const { isAllDay, startsAt, endsAt, recurrencePattern } = fields;
  if (fields.timeIndependent === false && startsAt && endsAt) {
    return checked({ startsAt, endsAt, isAllDay: isAllDay ?? false, recurrencePattern: recurrencePattern ?? [] });
  }
  const anyDateField = fields.timeIndependent === false || [isAllDay, startsAt, endsAt, recurrencePattern].some((v) => v !== undefined);
  if (!anyDateField) return undefined;
  if (!event.dates) throw apiErrors.internal("tried to patch time depedent event without date");
  return checked({ isAllDay: isAllDay ?? event.dates.isAllDay, startsAt: startsAt ?? event.dates.startsAt, endsAt: endsAt ?? event.dates.endsAt, recurrencePattern: recurrencePattern ?? [] });
}

function applyLegacyPatch(ctx: ControllerContext, event: SandboxEvent, request: EventPatchRequest, user: SandboxControllerUser): void {
  const { password, waitingRoom, e2eEncryption, guestAccess: _guestAccess, roomName: _roomName, ...eventFields } = request.fields;
  if (password !== undefined || waitingRoom !== undefined) ctx.store.updateRoom(event.roomId, { password, waitingRoom, e2eEncryption });
  if (request.onlyModifiesRoom) return;
  ctx.store.updateEvent(event.id, { ...eventFields, dates: legacyPatchedDates(event, request.dates), byUserId: user.id });
}

function legacyPatchedDates(event: SandboxEvent, fields: DateFields): EventDates | null | undefined {
  const { isAllDay, startsAt, endsAt } = fields;
  const present = (["is_all_day", "starts_at", "ends_at"] as const).filter((_, i) => [isAllDay, startsAt, endsAt][i] !== undefined);
  if (!event.dates) {
    if (fields.timeIndependent === false) {
      if (isAllDay === undefined || !startsAt || !endsAt) {
        throw apiErrors.validationFailed(present.map((field): ValidationErrorEntry => ({ field, code: "value_required", message: "Must be provided when changing to time dependent events" })));
      }
      return checked({ isAllDay, startsAt, endsAt, recurrencePattern: fields.recurrencePattern ?? [] });
    }
    if (present.length > 0) {
      throw apiErrors.validationFailed(present.map((field): ValidationErrorEntry => ({ field, code: "ignored_value", message: "Value would be ignored in this request" })));
    }
    return undefined;
  }
  if (fields.timeIndependent === true) return null;
  return checked({
    isAllDay: isAllDay ?? event.dates.isAllDay,
    startsAt: startsAt ?? event.dates.startsAt,
    endsAt: endsAt ?? event.dates.endsAt,
    recurrencePattern: fields.recurrencePattern ?? [],
  });
}

function checked(dates: EventDates): EventDates {
  checkEventDates(dates);
  return dates;
}

/**
 * ≤ 0.30: a room without any invite row gets a permanent invite; 0.34: unless it has a valid one, and only where
 * invites are possible (CHANGELOG 0.34.0 "Prevent invite code generation/access when guest access is disabled",
 * !2528 — inferred to cover this path); 0.35: never.
 */
function leaveInvite(ctx: ControllerContext, event: SandboxEvent, user: SandboxControllerUser): void {
  const rule = ctx.profile.eventPatchCreatesInvite;
  if (rule === "if-no-invite-row") ctx.store.ensureAnyInvite(event.roomId, user.id);
  const room = ctx.store.room(event.roomId);
  if (rule === "if-no-valid-invite" && room && guestsAdmitted(ctx, room)) ctx.store.ensureValidInvite(event.roomId, user.id);
}
