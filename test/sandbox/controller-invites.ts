/**
 * Guest invites (API-NOTES §6): `/v1/rooms/{id}/invites[/{code}]` and the unauthenticated
 * `POST /v1/invite/verify`. Reproduced quirks: create answers 200 and accepts past expiry dates;
 * the list includes inactive invites, newest `updated` first; `PUT` without `expiration` clears it and
 * never re-activates; `DELETE` is soft and repeatable; the guest gate turns writes into 403 and reads
 * into 404 with `service_unavailable`; expiry is checked only at use, `active` stays true.
 */
import { apiErrors } from "./api-error";
import { authenticated } from "./controller-auth";
import { ControllerContext } from "./controller-context";
import { inviteResource } from "./controller-resources";
import { emptyResponse, jsonResponse, Router } from "./http-server";
import { readJsonBody } from "./json-body";
import { paginate, readPageRequest } from "./pagination";
import { invitesAvailable, pathUuid, requireRoomOf } from "./room-access";
import type { SandboxControllerUser, SandboxInvite, SandboxRoom } from "./store";

export function registerInviteRoutes(router: Router, ctx: ControllerContext): void {
  const gatedRoom = (roomIdParam: string, user: SandboxControllerUser, access: "read" | "write"): SandboxRoom => {
    const room = requireRoomOf(ctx, user, pathUuid(roomIdParam));
    if (!invitesAvailable(ctx, room)) throw apiErrors.invitesUnavailable(access === "read" ? 404 : 403);
    return room;
  };
  const existingInvite = (room: SandboxRoom, codeParam: string): SandboxInvite => {
    const invite = ctx.store.invite(room.id, pathUuid(codeParam));
    if (!invite) throw apiErrors.notFound();
    return invite;
  };

  router.add(
    "GET",
    "/v1/rooms/:roomId/invites",
    authenticated(ctx, (req, user) => {
      const pageRequest = readPageRequest(req);
      const room = gatedRoom(req.params.roomId, user, "read");
      const page = paginate(ctx.store.invites(room.id), pageRequest, `${ctx.controllerUrl()}/v1/rooms/${room.id}/invites`);
      return jsonResponse(200, page.items.map((invite) => inviteResource(ctx, invite)), { Link: page.linkHeader });
    }),
  );

  router.add(
    "POST",
    "/v1/rooms/:roomId/invites",
    authenticated(ctx, (req, user) => {
      pathUuid(req.params.roomId);
      const expiration = readJsonBody(req, "PostInviteRequestBody").timestamp("expiration", true) ?? null;
      const room = gatedRoom(req.params.roomId, user, "write");
      return jsonResponse(200, inviteResource(ctx, ctx.store.createInvite(room.id, expiration, user.id)));
    }),
  );

  router.add(
    "GET",
    "/v1/rooms/:roomId/invites/:code",
    authenticated(ctx, (req, user) => {
      pathUuid(req.params.code);
      const room = gatedRoom(req.params.roomId, user, "read");
      return jsonResponse(200, inviteResource(ctx, existingInvite(room, req.params.code)));
    }),
  );

  router.add(
    "PUT",
    "/v1/rooms/:roomId/invites/:code",
    authenticated(ctx, (req, user) => {
      pathUuid(req.params.roomId);
      pathUuid(req.params.code);
      const expiration = readJsonBody(req, "PutInviteRequestBody").timestamp("expiration", true) ?? null;
      const room = gatedRoom(req.params.roomId, user, "write");
      const invite = existingInvite(room, req.params.code);
      return jsonResponse(200, inviteResource(ctx, ctx.store.updateInviteExpiration(room.id, invite.code, expiration, user.id)));
    }),
  );

  router.add(
    "DELETE",
    "/v1/rooms/:roomId/invites/:code",
    authenticated(ctx, (req, user) => {
      pathUuid(req.params.code);
      const room = gatedRoom(req.params.roomId, user, "write");
      const invite = existingInvite(room, req.params.code);
      ctx.store.deactivateInvite(room.id, invite.code, user.id);
      return emptyResponse(204);
    }),
  );

  router.add("POST", "/v1/invite/verify", (req) => {
    const code = readJsonBody(req, "PostInviteVerifyRequestBody").uuid("invite_code");
    const invite = ctx.store.inviteByCode(code);
    const room = invite && ctx.store.room(invite.roomId);
    const usable = invite !== undefined && room !== undefined && invite.active && !isExpired(invite) && invitesAvailable(ctx, room);
    if (!usable) throw apiErrors.notFound();
    return jsonResponse(200, { room_id: room.id, password_required: room.password !== null });
  });
}

function isExpired(invite: SandboxInvite): boolean {
  return invite.expiration !== null && Date.parse(invite.expiration) <= Date.now();
}
