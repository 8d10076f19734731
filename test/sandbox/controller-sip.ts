/**
 * `/v1/rooms/{id}/sip`.
 *
 * ≤ 0.30: no kustos policy covers the path, for anyone (owner policies `RoomsPoliciesBuilderExt`, BE/rooms.rs @
 * v0.29.0 264–350; the only `/sip` strings in v0.30.1 are the route macros; no administrator bypass after
 * migration V21), so every call is 403 with an empty body, whatever the tariff.
 *
 * ≥ 0.34 (owner rw, invitees of the room's event r-, AZDB/src/room/sip.rs @ 5476b804; SVC sip_configs.rs read_file id 68292560673): `GET` runs
 * the call-in check with an encrypted room as 404 `service_unavailable`, then 404 `not_found` without a config;
 * `PUT` needs `password` or `lobby` (types @ e0a336a6 `put_sip_config_request_body.rs`), runs the call-in check
 * and creates (201: random 10-digit id and PIN, no lobby) or updates (200); `DELETE` only needs `call_in` (204,
 * also without a config, DB/sip_configs.rs 61–66 @ v0.30.1).
 */
import { apiErrors } from "./api-error";
import { authenticated } from "./controller-auth";
import type { ControllerContext } from "./controller-context";
import { sipConfigResource } from "./controller-resources";
import { emptyResponse, jsonResponse, Router, SandboxResponse } from "./http-server";
import { readJsonBody } from "./json-body";
import { requireReadableRoom, requireRoomOf } from "./room-access";
import { checkCallIn, requireFeature } from "./room-rules";

const PATH = "/v1/rooms/:roomId/sip";

export function registerSipRoutes(router: Router, ctx: ControllerContext): void {
  if (!ctx.profile.sipForOwners) {
    const noPolicy = authenticated(ctx, (): SandboxResponse => {
      throw apiErrors.forbidden();
    });
    for (const method of ["GET", "PUT", "DELETE"]) router.add(method, PATH, noPolicy);
    return;
  }

  router.add(
    "GET",
    PATH,
    authenticated(ctx, (req, user) => {
      const room = requireReadableRoom(ctx, user, req.params.roomId, "sip");
      if (room.e2eEncryption) throw apiErrors.sipUnavailableForEncryptedRoom(404);
      checkCallIn(ctx, room, ctx.store.tariffOf(room.ownerId));
      const config = ctx.store.sipConfig(room.id);
      if (!config) throw apiErrors.notFound();
      return jsonResponse(200, sipConfigResource(config));
    }),
  );

  router.add(
    "PUT",
    PATH,
    authenticated(ctx, (req, user) => {
      const room = requireRoomOf(ctx, user, req.params.roomId);
      const body = readJsonBody(req, "PutSipConfigRequestBody");
      const password = body.string("password", true) ?? undefined;
      if (password !== undefined && !/^[0-9]{10}$/.test(password)) body.fail("password", "Validation error: the call-in password must be exactly 10 digits");
      const lobby = body.boolean("lobby", true) ?? undefined;
      if (password === undefined && lobby === undefined) body.fail(undefined, "invalid value: struct variant, expected object with either password or lobby value which is non-null");
      checkCallIn(ctx, room, ctx.store.tariffOf(room.ownerId));
      const { config, created } = ctx.store.putSipConfig(room.id, { password, lobby });
      return jsonResponse(created ? 201 : 200, sipConfigResource(config));
    }),
  );

  router.add(
    "DELETE",
    PATH,
    authenticated(ctx, (req, user) => {
      const room = requireRoomOf(ctx, user, req.params.roomId);
      requireFeature(ctx, ctx.store.tariffOf(room.ownerId), "core::call_in");
      ctx.store.deleteSipConfig(room.id);
      return emptyResponse(204);
    }),
  );
}
