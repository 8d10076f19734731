/**
 * `/v1/events`, `/v1/events/{id}` and `/v1/rooms/{id}/event` (API-NOTES §7). Quirks reproduced on purpose:
 * - `POST` answers 200, not the spec's 201, and always creates the room and a SIP config (even without
 *   `core::call_in`: the controller does not check; `room.call_in` just stays absent then);
 * - a missing or foreign event is 403 on GET/PATCH/DELETE, like rooms (only owners get in here);
 * - bad dates are 422 `invalid_event`, not 400;
 * - `PATCH` with nothing the controller knows (`{}`, only unknown fields) is 204 without a body; room
 *   fields are applied first (with the room PATCH's `guests_allowed` quirk) and stay applied if the
 *   date check then fails; a PATCH that only touches room fields leaves `updated_at` alone; every
 *   non-empty PATCH leaves the room with a valid invite, creating a permanent one if needed;
 * - `GET`/`PATCH` without `invitees_max` report `invitees_truncated: true`, and `invitees_max=0` is a 400;
 * - `DELETE` is a hard delete of event, room, SIP config and invites.
 */
import { apiErrors } from "./api-error";
import { authenticated } from "./controller-auth";
import { ControllerContext, knowsGuestAccess } from "./controller-context";
import { DatePatch, readPatchEventBody, readPostEventsBody } from "./event-body";
import { checkEventDates } from "./event-dates";
import { eventResource, roomEventInfo } from "./event-resource";
import { eventsLinkHeader, readBoolean, readEventsQuery, readPageSize, selectEvents } from "./events-query";
import { emptyResponse, jsonResponse, Router } from "./http-server";
import { pathUuid, requireRoomOf } from "./room-access";
import type { SandboxControllerUser } from "./store";
import type { EventDates, SandboxEvent } from "./store-events";
import type { GuestAccess, SandboxTariff } from "./types";

export function registerEventRoutes(router: Router, ctx: ControllerContext): void {
  router.add(
    "GET",
    "/v1/events",
    authenticated(ctx, (req, user) => {
      const page = selectEvents(ctx.store.events(), user.id, readEventsQuery(req));
      const body = page.map((event) => eventResource(ctx, event, { inviteesTruncated: false }));
      return jsonResponse(200, body, eventsLinkHeader(req, ctx.controllerUrl(), page));
    }),
  );

  router.add(
    "POST",
    "/v1/events",
    authenticated(ctx, (req, user) => {
      const request = readPostEventsBody(ctx, req);
      readBoolean(req, "suppress_email_notification");
      if (request.dates) checkEventDates(request.dates);
      if (request.guestAccess !== undefined) ensureGuestAccessValid(request.guestAccess, request.e2eEncryption, ctx.store.tariffOf(user.id));
      const event = ctx.store.insertEvent(user.id, { ...request, enableSip: true });
      return jsonResponse(200, eventResource(ctx, event, { inviteesTruncated: false }));
    }),
  );

  router.add(
    "GET",
    "/v1/events/:eventId",
    authenticated(ctx, (req, user) => {
      const eventId = pathUuid(req.params.eventId);
      const inviteesMax = readPageSize(req, "invitees_max");
      const event = requireEventOf(ctx, user, eventId);
      return jsonResponse(200, eventResource(ctx, event, { inviteesTruncated: inviteesMax === undefined }));
    }),
  );

  router.add(
    "PATCH",
    "/v1/events/:eventId",
    authenticated(ctx, (req, user) => {
      const eventId = pathUuid(req.params.eventId);
      const request = readPatchEventBody(ctx, req);
      const inviteesMax = readPageSize(req, "invitees_max");
      readBoolean(req, "suppress_email_notification");
      const event = requireEventOf(ctx, user, eventId);
      if (request.isEmpty) return emptyResponse(204);

      const { password, waitingRoom, e2eEncryption, guestAccess, ...eventFields } = request.fields;
      if ([password, waitingRoom, e2eEncryption, guestAccess].some((v) => v !== undefined)) {
        if (knowsGuestAccess(ctx) && guestAccess !== "disabled" && !ctx.store.tariffOf(user.id).guestsAllowed) {
          throw apiErrors.featureDisabledByTariff("core::guests_allowed");
        }
        ctx.store.updateRoom(event.roomId, { password, waitingRoom, e2eEncryption, guestAccess });
      }
      const dates = patchedDates(event, request.date);
      if (!request.onlyModifiesRoom) ctx.store.updateEvent(event.id, { ...eventFields, dates, byUserId: user.id });
      ctx.store.ensureValidInvite(event.roomId, user.id);
      return jsonResponse(200, eventResource(ctx, requireEventOf(ctx, user, event.id), { inviteesTruncated: inviteesMax === undefined }));
    }),
  );

  router.add(
    "DELETE",
    "/v1/events/:eventId",
    authenticated(ctx, (req, user) => {
      const eventId = pathUuid(req.params.eventId);
      readBoolean(req, "suppress_email_notification");
      readBoolean(req, "force_delete_reference_if_external_services_fail");
      ctx.store.deleteEvent(requireEventOf(ctx, user, eventId).id);
      return emptyResponse(204);
    }),
  );

  router.add(
    "GET",
    "/v1/rooms/:roomId/event",
    authenticated(ctx, (req, user) => {
      const room = requireRoomOf(ctx, user, pathUuid(req.params.roomId));
      const event = ctx.store.eventForRoom(room.id);
      if (!event) throw apiErrors.notFound();
      return jsonResponse(200, roomEventInfo(event, room));
    }),
  );
}

/** Like rooms since 0.34: authorization runs first, so "no such event" and "not yours" are both 403. */
function requireEventOf(ctx: ControllerContext, user: SandboxControllerUser, eventId: string): SandboxEvent {
  const event = ctx.store.event(eventId);
  if (!event || event.ownerId !== user.id) throw apiErrors.forbidden();
  return event;
}

/** `ensure_guest_access_valid`: nothing to check for `disabled`; else no e2ee, and the tariff must allow guests. */
function ensureGuestAccessValid(guestAccess: GuestAccess, e2eEncryption: boolean, tariff: SandboxTariff): void {
  if (guestAccess === "disabled") return;
  if (e2eEncryption) throw apiErrors.invalidGuestAccess();
  if (!tariff.guestsAllowed) throw apiErrors.featureDisabledByTariff("core::guests_allowed");
}

/**
 * The dates a PATCH leaves (`undefined`: unchanged, `null`: time-independent). Partial date fields are
 * merged into the existing dates, except `recurrence_pattern`: the controller rewrites the whole date,
 * so a date PATCH without it turns a recurring event into a single one.
 */
function patchedDates(event: SandboxEvent, patch: DatePatch): EventDates | null | undefined {
  switch (patch.kind) {
    case "none":
      return undefined;
    case "time-independent":
      return null;
    case "set-dates":
      checkEventDates(patch.dates);
      return patch.dates;
    case "patch-dates": {
      if (!event.dates) throw apiErrors.internal("tried to patch time depedent event without date");
      const dates: EventDates = {
        isAllDay: patch.isAllDay ?? event.dates.isAllDay,
        startsAt: patch.startsAt ?? event.dates.startsAt,
        endsAt: patch.endsAt ?? event.dates.endsAt,
        recurrencePattern: patch.recurrencePattern,
      };
      checkEventDates(dates);
      return dates;
    }
  }
}
