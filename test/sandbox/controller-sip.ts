/**
 * `/v1/rooms/{id}/sip` (API-NOTES §5): `PUT` creates (201, random 10-digit id and PIN, no lobby) or
 * updates (200); `GET` is 404 without a config; an end-to-end encrypted room has no SIP (GET 404,
 * PUT 403, both `service_unavailable`); writes need `core::call_in`.
 */
import { apiErrors } from "./api-error";
import { authenticated } from "./controller-auth";
import { ControllerContext } from "./controller-context";
import { sipConfigResource } from "./controller-resources";
import { emptyResponse, jsonResponse, Router } from "./http-server";
import { readJsonBody } from "./json-body";
import { pathUuid, requireRoomOf } from "./room-access";

export function registerSipRoutes(router: Router, ctx: ControllerContext): void {
  router.add(
    "GET",
    "/v1/rooms/:roomId/sip",
    authenticated(ctx, (req, user) => {
      const room = requireRoomOf(ctx, user, pathUuid(req.params.roomId));
      if (room.e2eEncryption) throw apiErrors.sipUnavailableForEncryptedRoom(404);
      const config = ctx.store.sipConfig(room.id);
      if (!config) throw apiErrors.notFound();
      return jsonResponse(200, sipConfigResource(config));
    }),
  );

  router.add(
    "PUT",
    "/v1/rooms/:roomId/sip",
    authenticated(ctx, (req, user) => {
      const roomId = pathUuid(req.params.roomId);
      const body = readJsonBody(req, "PutSipConfigRequestBody");
      const password = body.string("password") ?? undefined;
      if (password !== undefined && !/^[0-9]{10}$/.test(password)) body.fail("password", "Validation error: the call-in password must be exactly 10 digits");
      const lobby = body.boolean("lobby") ?? undefined;
      const room = requireRoomOf(ctx, user, roomId);
      if (!ctx.store.tariffOf(user.id).callIn) throw apiErrors.featureDisabledByTariff("core::call_in");
      if (room.e2eEncryption) throw apiErrors.sipUnavailableForEncryptedRoom(403);
      const { config, created } = ctx.store.putSipConfig(room.id, { password, lobby });
      return jsonResponse(created ? 201 : 200, sipConfigResource(config));
    }),
  );

  router.add(
    "DELETE",
    "/v1/rooms/:roomId/sip",
    authenticated(ctx, (req, user) => {
      const room = requireRoomOf(ctx, user, pathUuid(req.params.roomId));
      if (!ctx.store.deleteSipConfig(room.id)) throw apiErrors.notFound();
      return emptyResponse(204);
    }),
  );
}
