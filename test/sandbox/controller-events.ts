/**
 * `/v1/events`, `/v1/events/{id}` and `/v1/rooms/{id}/event` (API-NOTES §7; release-029-030-resources.md §1, §7–8;
 * release-034-035.md §5, §9); PATCH lives in `controller-events-patch.ts`. Reproduced on purpose:
 * - `POST` answers 200, not the spec's 201 (v0.30.1 `API/events/mod.rs` 66; AW events/mod.rs @ 6ec83a4d), and
 *   always creates the room and a SIP config, tariff or not (BE/events/mod.rs @ v0.30.1 1093, 1204; @ 06448d1c
 *   `create_room_sip_config`); `room.call_in` just stays absent when dial-in is not possible;
 * - a missing, foreign or malformed event is 403 with an empty body (kustos / authorizer); the event's invitees may
 *   GET it, never PATCH or DELETE it (`room-access.ts`), and the list holds the events they are invited to;
 * - bad dates are 422 `invalid_event`, not 400;
 * - `DELETE` is a hard delete of event, room, SIP config, invites and exceptions (utils/src/deletion/event.rs).
 */
import { apiErrors } from "./api-error";
import { AuthenticatedHandler, authenticated, guestAware, GuestAwareHandler } from "./controller-auth";
import type { ControllerContext } from "./controller-context";
import { registerEventPatchRoute } from "./controller-events-patch";
import { readPostEventsBody } from "./event-body";
import { checkEventDates } from "./event-dates";
import { eventExceptionResource, eventResource, roomEventInfo } from "./event-resource";
import { eventsLinkHeader, listInviteeWindow, readBoolean, readEventsQuery, readInviteesMax, selectEvents } from "./events-query";
import { emptyResponse, jsonResponse, Router } from "./http-server";
import { findRoom, requireEventOf, requireReadableEvent, requireReadableRoom, roomRole } from "./room-access";
import { ensureGuestAccessValid, guestsAdmitted } from "./room-rules";

export function registerEventRoutes(router: Router, ctx: ControllerContext): void {
  router.add(
    "GET",
    "/v1/events",
    authenticated(ctx, (req, user) => {
      const query = readEventsQuery(req, ctx.profile);
      const page = selectEvents(ctx.store.events(), user.id, query, (eventId) => ctx.store.eventInvite(eventId, user.id)?.status);
      const invitees = listInviteeWindow(req, ctx.profile);
      const body = page.flatMap((event) => [
        eventResource(ctx, event, { viewerId: user.id, invitees }),
        ...ctx.store.eventExceptions(event.id).map((exception) => eventExceptionResource(ctx, exception, event, user.id)),
      ]);
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
      if (request.guestAccess !== undefined) ensureGuestAccessValid(ctx, request.guestAccess, request.e2eEncryption, ctx.store.tariffOf(user.id));
      const event = ctx.store.insertEvent(user.id, { ...request, enableSip: true });
      return jsonResponse(200, eventResource(ctx, event, { viewerId: user.id, invitees: { skipped: "complete" } }));
    }),
  );

  router.add(
    "GET",
    "/v1/events/:eventId",
    authenticated(ctx, (req, user) => {
      const event = requireReadableEvent(ctx, user, req.params.eventId);
      return jsonResponse(200, eventResource(ctx, event, { viewerId: user.id, invitees: readInviteesMax(req, ctx.profile) }));
    }),
  );

  registerEventPatchRoute(router, ctx);

  router.add(
    "DELETE",
    "/v1/events/:eventId",
    authenticated(ctx, (req, user) => {
      const event = requireEventOf(ctx, user, req.params.eventId);
      readBoolean(req, "suppress_email_notification");
      readBoolean(req, "force_delete_reference_if_external_services_fail");
      ctx.store.deleteEvent(event.id);
      return emptyResponse(204);
    }),
  );

  router.add("GET", "/v1/rooms/:roomId/event", ctx.profile.guestsJoinByRoomLink ? guestAware(ctx, roomEventForAnyone(ctx)) : authenticated(ctx, roomEventForMembers(ctx)));
}

/** The room's owner and the invitees of its event (kustos `room_read_access` `/event`; ACL RoomEvent `r-`). */
function roomEventForMembers(ctx: ControllerContext): AuthenticatedHandler {
  return (req, user) => {
    const room = requireReadableRoom(ctx, user, req.params.roomId, "event");
    const event = ctx.store.eventForRoom(room.id);
    if (!event) throw apiErrors.notFound();
    return jsonResponse(200, roomEventInfo(ctx, event, room, true));
  };
}

/**
 * 0.35: the room link's first call, and the side-effect-free guest check. The owner and the event's invitees read it
 * as before; anyone else — a visitor without a token, or a registered user unrelated to the room (`Role::Unrelated`) —
 * counts as a guest and gets in only when the room admits guests (ACL `guest_user`: AZDB/src/room/event.rs @ 46daa1b0, read_file
 * id 68364235240; AZDB/src/common.rs read_file id 68457826021). Refused visitors without a token get the empty 401
 * (`AuthenticationRequired`, also for a room that does not exist: release-034-035.md §5 "401 is likely"),
 * registered ones the empty 403.
 */
function roomEventForAnyone(ctx: ControllerContext): GuestAwareHandler {
  const forMembers = roomEventForMembers(ctx);
  return (req, user) => {
    const room = findRoom(ctx, req.params.roomId);
    if (user && room && roomRole(ctx, user, room) !== "unrelated") return forMembers(req, user);
    if (!room || !guestsAdmitted(ctx, room)) throw user ? apiErrors.forbidden() : apiErrors.authenticationRequired();
    const event = ctx.store.eventForRoom(room.id);
    if (!event) throw apiErrors.notFound();
    return jsonResponse(200, roomEventInfo(ctx, event, room, false));
  };
}
