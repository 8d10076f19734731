/**
 * `/v1/rooms` and `/v1/rooms/{id}` (API-NOTES §4; release-029-030-resources.md §5; release-034-035.md §2–3).
 * Reproduced on purpose:
 * - `POST` answers 200, not the spec's 201 (v0.30.1 `API/rooms/mod.rs` 115–134);
 * - a missing, foreign or malformed room is 403 with an empty body on GET/PATCH/DELETE, before the body is read
 *   (GET: unless the caller is invited to the room's event and the release lets invitees read it, `room-access.ts`);
 * - the list holds the rooms of events the user is invited to (profile `roomListing`);
 * - `PATCH {}` (nothing the controller knows) is a 500: diesel's empty changeset (DB/rooms.rs 200–214 @ v0.30.1;
 *   assumed unchanged later, API-NOTES §4 "likely 500");
 * - `DELETE` of a room that belongs to an event answers 409 (utils/src/deletion/room.rs 108–115).
 * Guest access (≥ 0.34) and names (0.35) follow the profile.
 */
import { apiErrors } from "./api-error";
import { authenticated } from "./controller-auth";
import type { ControllerContext } from "./controller-context";
import { roomResource } from "./controller-resources";
import { emptyResponse, jsonResponse, Router } from "./http-server";
import { JsonBody, readJsonBody } from "./json-body";
import { paginate, readPageRequest } from "./pagination";
import { requireReadableRoom, requireRoomOf } from "./room-access";
import { readRoomName } from "./room-names";
import { checkCallIn, ensureGuestAccessValid, requireFeature } from "./room-rules";
import type { RoomSettings, SandboxControllerUser, SandboxRoom } from "./store";
import type { GuestAccess } from "./types";

export const GUEST_ACCESS_VALUES: readonly GuestAccess[] = ["disabled", "waiting_room", "direct_access"];

export function registerRoomRoutes(router: Router, ctx: ControllerContext): void {
  router.add(
    "GET",
    "/v1/rooms",
    authenticated(ctx, (req, user) => {
      const page = paginate(listedRooms(ctx, user), readPageRequest(req, ctx.profile), req, ctx.controllerUrl());
      return jsonResponse(200, page.items.map((room) => roomResource(ctx, room)), { Link: page.linkHeader });
    }),
  );

  router.add(
    "POST",
    "/v1/rooms",
    authenticated(ctx, (req, user) => {
      const body = readJsonBody(req, "PostRoomsRequestBody");
      const settings: RoomSettings = {
        password: roomPassword(body),
        waitingRoom: body.boolean("waiting_room") ?? undefined,
        e2eEncryption: body.boolean("e2e_encryption") ?? undefined,
        enableSip: body.boolean("enable_sip") ?? undefined,
        // Unknown fields are ignored (no `deny_unknown_fields` in the types crates): older releases skip these.
        guestAccess: ctx.profile.guestAccess ? (body.oneOf("guest_access", GUEST_ACCESS_VALUES) ?? "waiting_room") : undefined,
        name: ctx.profile.roomNames ? readRoomName(body, "name", true) : undefined,
      };
      const tariff = ctx.store.tariffOf(user.id);
      // ≥ 0.34 `create_room` (SVC rooms read_file id 68534251361): the call-in check first, then guest access.
      if (settings.enableSip) {
        if (ctx.profile.guestAccess) checkCallIn(ctx, { e2eEncryption: settings.e2eEncryption ?? false, guestAccess: settings.guestAccess ?? "waiting_room" }, tariff);
        else requireFeature(ctx, tariff, "core::call_in");
      }
      if (settings.guestAccess) ensureGuestAccessValid(ctx, settings.guestAccess, settings.e2eEncryption ?? false, tariff);
      return jsonResponse(200, roomResource(ctx, ctx.store.insertRoom(user.id, settings)));
    }),
  );

  router.add(
    "GET",
    "/v1/rooms/:roomId",
    authenticated(ctx, (req, user) => jsonResponse(200, roomResource(ctx, requireReadableRoom(ctx, user, req.params.roomId, "room")))),
  );

  router.add(
    "PATCH",
    "/v1/rooms/:roomId",
    authenticated(ctx, (req, user) => {
      const room = requireRoomOf(ctx, user, req.params.roomId);
      const body = readJsonBody(req, "PatchRoomsRequestBody");
      const patch = {
        password: body.has("password") ? roomPassword(body) : undefined,
        waitingRoom: body.boolean("waiting_room", true) ?? undefined,
        e2eEncryption: body.boolean("e2e_encryption", true) ?? undefined,
        guestAccess: ctx.profile.guestAccess ? body.oneOf("guest_access", GUEST_ACCESS_VALUES) : undefined,
        name: ctx.profile.roomNames ? readRoomName(body, "name", true) : undefined,
      };
      validateRoomPatch(ctx, room, patch);
      if (Object.values(patch).every((v) => v === undefined)) throw apiErrors.internal();
      return jsonResponse(200, roomResource(ctx, ctx.store.updateRoom(room.id, patch)));
    }),
  );

  router.add(
    "DELETE",
    "/v1/rooms/:roomId",
    authenticated(ctx, (req, user) => {
      const room = requireRoomOf(ctx, user, req.params.roomId);
      if (room.eventId !== null) throw apiErrors.conflictingEvent(room.id);
      ctx.store.deleteRoom(room.id);
      return emptyResponse(204);
    }),
  );
}

/**
 * `GET /v1/rooms`: the user's rooms and the rooms of the events they are invited to, oldest first; on
 * `"once-per-event-invite"` releases an owned room comes once per invite of its event (profile `roomListing`).
 */
function listedRooms(ctx: ControllerContext, user: SandboxControllerUser): SandboxRoom[] {
  return ctx.store.rooms().flatMap((room) => {
    const event = ctx.store.eventForRoom(room.id);
    if (room.ownerId !== user.id) return event && ctx.store.eventInvite(event.id, user.id) ? [room] : [];
    const invites = event ? ctx.store.eventInvites(event.id).length : 0;
    return ctx.profile.roomListing === "once-per-event-invite" ? Array.from({ length: Math.max(1, invites) }, () => room) : [room];
  });
}

/**
 * ≥ 0.34 `update_room` (SVC rooms read_file id 68534251361): only a PATCH that sends `guest_access` or
 * `e2e_encryption` is checked, merged with the stored values and against the room owner's tariff — an unchanged
 * `guest_access` too (CHANGELOG 0.34.0 !2568 dropped the check for PATCHes without them). ≤ 0.30 checks nothing.
 */
export function validateRoomPatch(ctx: ControllerContext, room: SandboxRoom, patch: { guestAccess?: GuestAccess; e2eEncryption?: boolean }): void {
  if (!ctx.profile.guestAccess || (patch.guestAccess === undefined && patch.e2eEncryption === undefined)) return;
  ensureGuestAccessValid(ctx, patch.guestAccess ?? room.guestAccess, patch.e2eEncryption ?? room.e2eEncryption, ctx.store.tariffOf(room.ownerId));
}

/** `RoomPassword`: `null` (no password) or 1..255 bytes — bytes, not characters (types-common `rooms/room_password.rs` 104–113). */
export function roomPassword(body: JsonBody): string | null | undefined {
  const password = body.string("password", true);
  if (typeof password === "string") {
    const bytes = Buffer.byteLength(password, "utf8");
    if (bytes < 1) body.fail("password", "Room password must have at least 1 characters");
    if (bytes > 255) body.fail("password", "Room password must not be longer than 255 characters");
  }
  return password;
}
