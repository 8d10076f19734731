/**
 * `/v1/rooms` and `/v1/rooms/{id}` (API-NOTES §4). Quirks reproduced on purpose:
 * - `POST` answers 200, not the spec's 201;
 * - a missing or foreign room is 403 on GET/PATCH/DELETE;
 * - `PATCH` demands `core::guests_allowed` unless the body sets `"guest_access":"disabled"`, even when
 *   it does not touch `guest_access`, and an empty `{}` fails with 500 (an update without changes);
 * - `DELETE` of a room that belongs to an event answers 409.
 */
import { apiErrors } from "./api-error";
import { authenticated } from "./controller-auth";
import { ControllerContext, knowsGuestAccess } from "./controller-context";
import { roomResource } from "./controller-resources";
import { emptyResponse, jsonResponse, Router } from "./http-server";
import { JsonBody, readJsonBody } from "./json-body";
import { paginate, readPageRequest } from "./pagination";
import { pathUuid, requireRoomOf } from "./room-access";
import type { RoomSettings } from "./store";
import type { GuestAccess } from "./types";

export const GUEST_ACCESS_VALUES: readonly GuestAccess[] = ["disabled", "waiting_room", "direct_access"];

export function registerRoomRoutes(router: Router, ctx: ControllerContext): void {
  router.add(
    "GET",
    "/v1/rooms",
    authenticated(ctx, (req, user) => {
      const page = paginate(ctx.store.roomsOwnedBy(user.id), readPageRequest(req), `${ctx.controllerUrl()}/v1/rooms`);
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
        guestAccess: knowsGuestAccess(ctx) ? body.oneOf("guest_access", GUEST_ACCESS_VALUES) : undefined,
      };
      const tariff = ctx.store.tariffOf(user.id);
      if (settings.enableSip && !tariff.callIn) throw apiErrors.featureDisabledByTariff("core::call_in");
      if (knowsGuestAccess(ctx) && (settings.guestAccess ?? "waiting_room") !== "disabled" && !tariff.guestsAllowed) {
        throw apiErrors.featureDisabledByTariff("core::guests_allowed");
      }
      return jsonResponse(200, roomResource(ctx, ctx.store.insertRoom(user.id, settings)));
    }),
  );

  router.add(
    "GET",
    "/v1/rooms/:roomId",
    authenticated(ctx, (req, user) => jsonResponse(200, roomResource(ctx, requireRoomOf(ctx, user, pathUuid(req.params.roomId))))),
  );

  router.add(
    "PATCH",
    "/v1/rooms/:roomId",
    authenticated(ctx, (req, user) => {
      const roomId = pathUuid(req.params.roomId);
      const body = readJsonBody(req, "PatchRoomsRequestBody");
      const patch = {
        password: body.has("password") ? roomPassword(body) : undefined,
        waitingRoom: body.boolean("waiting_room", true) ?? undefined,
        e2eEncryption: body.boolean("e2e_encryption", true) ?? undefined,
        guestAccess: knowsGuestAccess(ctx) ? body.oneOf("guest_access", GUEST_ACCESS_VALUES) : undefined,
      };
      requireRoomOf(ctx, user, roomId);
      if (knowsGuestAccess(ctx) && patch.guestAccess !== "disabled" && !ctx.store.tariffOf(user.id).guestsAllowed) {
        throw apiErrors.featureDisabledByTariff("core::guests_allowed");
      }
      if (Object.values(patch).every((v) => v === undefined)) throw apiErrors.internal();
      return jsonResponse(200, roomResource(ctx, ctx.store.updateRoom(roomId, patch)));
    }),
  );

  router.add(
    "DELETE",
    "/v1/rooms/:roomId",
    authenticated(ctx, (req, user) => {
      const room = requireRoomOf(ctx, user, pathUuid(req.params.roomId));
      if (room.eventId !== null) throw apiErrors.conflictingEvent(room.id);
      ctx.store.deleteRoom(room.id);
      return emptyResponse(204);
    }),
  );
}

/** `null` (no password) or 1..255 bytes — bytes, not characters: "ü" counts twice. */
export function roomPassword(body: JsonBody): string | null | undefined {
  const password = body.string("password", true);
  if (typeof password === "string") {
    const bytes = Buffer.byteLength(password, "utf8");
    if (bytes < 1 || bytes > 255) body.fail("password", `invalid length ${bytes}, expected a room password of 1 to 255 bytes`);
  }
  return password;
}
