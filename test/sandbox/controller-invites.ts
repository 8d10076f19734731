/**
 * Guest invites: `/v1/rooms/{id}/invites[/{code}]` and `POST /v1/invite/verify`, per the profile's `inviteApi`.
 *
 * Every release with the API: only the owner may write; ≤ 0.30 an invitee of the room's event may list (profile
 * `inviteeRoomReads.guestLinks`), ≥ 0.34 not (owner-only ACL). Create answers 200 and accepts past expiry dates;
 * the list includes inactive invites, newest `updated` first; `PUT` without `expiration` clears it and never
 * re-activates; `DELETE` is soft and repeatable; expiry is checked only at use, `active` stays true (BE/invites.rs
 * @ v0.30.1, same at v0.29.0).
 * - "ungated" (≤ 0.30): no guest gate; an unknown code is a database error, 500 (capture_api_error.rs 38–46); a
 *   code of another room is 404 on GET/PUT but 500 on DELETE; a malformed code passes kustos (`/invites/*`) and
 *   fails actix's path extractor (404 text/plain).
 * - "guest-gated" (0.34): the gate turns writes into 403 and reads into 404 `service_unavailable` (CHANGELOG 0.34.0
 *   !2528, !2548); unknown codes are 404.
 * - "gone" (0.35): every method on both paths is 410 with an empty body, for any room, with or without a token
 *   (AW/src/v1/rooms/by_id/invites.rs @ 46daa1b0, read_file id 68355238986; `RemovedRoomInvites` → Allowed in
 *   AZDB authorizer_backend.rs @ 7fea5792). Caveat (release-034-035.md §1, "route-pattern mismatch"): the stored
 *   handlers bind `{room_id}` while the authorizer matches `{room_id_or_alias}`, which would make it 403 empty
 *   instead; unverified which ships. RELEASES.md and the 0.35.0 issue say 410, so the sandbox answers 410.
 */
import { apiErrors } from "./api-error";
import { authenticated, guestAware } from "./controller-auth";
import type { ControllerContext } from "./controller-context";
import { inviteResource } from "./controller-resources";
import { emptyResponse, jsonResponse, Router, SandboxRequest, SandboxResponse } from "./http-server";
import { isUuid, readJsonBody } from "./json-body";
import { paginate, readPageRequest } from "./pagination";
import { pathUuid, requireReadableRoom, requireRoomOf } from "./room-access";
import { guestsAdmitted } from "./room-rules";
import type { SandboxControllerUser, SandboxInvite, SandboxRoom } from "./store";

const COLLECTION = "/v1/rooms/:roomId/invites";
const BY_CODE = "/v1/rooms/:roomId/invites/:code";

export function registerInviteRoutes(router: Router, ctx: ControllerContext): void {
  registerVerify(router, ctx);
  if (ctx.profile.inviteApi === "gone") {
    const gone = guestAware(ctx, (): SandboxResponse => {
      throw apiErrors.gone();
    });
    for (const method of ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]) router.add(method, COLLECTION, gone).add(method, BY_CODE, gone);
    return;
  }

  const gatedRoom = (req: SandboxRequest, user: SandboxControllerUser, access: "list" | "read" | "write"): SandboxRoom => {
    // Only the list is a read invitees may be granted (≤ 0.30 `room_read_access` has GET `/invites`; GET
    // `/invites/*` comes with `room_write_access`, BE/rooms/mod.rs @ v0.30.1 431–500).
    const room = access === "list" ? requireReadableRoom(ctx, user, req.params.roomId, "guestLinks") : requireRoomOf(ctx, user, req.params.roomId);
    // ≥ 0.34 the authorizer parses the code too (unparsable path parameters are `Admission::Denied`); kustos does not.
    if (req.params.code !== undefined && !isUuid(req.params.code) && ctx.profile.authorizer === "database") throw apiErrors.forbidden();
    if (ctx.profile.inviteApi === "guest-gated" && !guestsAdmitted(ctx, room)) throw apiErrors.invitesUnavailable(access === "write" ? 403 : 404);
    return room;
  };
  /** The invite named by the path, looked up as the release does it. */
  const existingInvite = (req: SandboxRequest, room: SandboxRoom, sameRoomRequired: "404" | "500"): SandboxInvite => {
    const code = pathUuid(req.params.code);
    const anyRoom = ctx.store.inviteByCode(code);
    if (!anyRoom) throw ctx.profile.missingRowIsServerError ? apiErrors.internal() : apiErrors.notFound();
    if (anyRoom.roomId !== room.id) throw sameRoomRequired === "500" && ctx.profile.missingRowIsServerError ? apiErrors.internal() : apiErrors.notFound();
    return anyRoom;
  };

  router.add(
    "GET",
    COLLECTION,
    authenticated(ctx, (req, user) => {
      const room = gatedRoom(req, user, "list");
      const page = paginate(ctx.store.invites(room.id), readPageRequest(req, ctx.profile), req, ctx.controllerUrl());
      return jsonResponse(200, page.items.map((invite) => inviteResource(ctx, invite)), { Link: page.linkHeader });
    }),
  );

  router.add(
    "POST",
    COLLECTION,
    authenticated(ctx, (req, user) => {
      const room = gatedRoom(req, user, "write");
      const expiration = readJsonBody(req, "PostInviteRequestBody").timestamp("expiration", true) ?? null;
      return jsonResponse(200, inviteResource(ctx, ctx.store.createInvite(room.id, expiration, user.id)));
    }),
  );

  router.add(
    "GET",
    BY_CODE,
    authenticated(ctx, (req, user) => {
      const room = gatedRoom(req, user, "read");
      return jsonResponse(200, inviteResource(ctx, existingInvite(req, room, "404")));
    }),
  );

  router.add(
    "PUT",
    BY_CODE,
    authenticated(ctx, (req, user) => {
      const room = gatedRoom(req, user, "write");
      const invite = existingInvite(req, room, "404");
      const expiration = readJsonBody(req, "PutInviteRequestBody").timestamp("expiration", true) ?? null;
      return jsonResponse(200, inviteResource(ctx, ctx.store.updateInviteExpiration(room.id, invite.code, expiration, user.id)));
    }),
  );

  router.add(
    "DELETE",
    BY_CODE,
    authenticated(ctx, (req, user) => {
      const room = gatedRoom(req, user, "write");
      // ≤ 0.30 `UpdateInvite::apply` filters on room and code: another room's code is "not found" in the DB, a 500.
      const invite = existingInvite(req, room, "500");
      ctx.store.deactivateInvite(room.id, invite.code, user.id);
      return emptyResponse(204);
    }),
  );
}

/**
 * `POST /v1/invite/verify`, public: 200 `{room_id, password_required}` for an active, unexpired code (≥ 0.34: of a
 * room that admits guests), else 404; an unknown code is a 500 on ≤ 0.30 (BE/invites.rs 179–203 @ v0.30.1). Still
 * routed on 0.35, inside OidcAuth (lib.rs read_file id 68314825038; SVC invites.rs read_file id 68510760976).
 */
function registerVerify(router: Router, ctx: ControllerContext): void {
  const verify = (req: SandboxRequest): SandboxResponse => {
    const code = readJsonBody(req, "PostInviteVerifyRequestBody").uuid("invite_code");
    const invite = ctx.store.inviteByCode(code);
    if (!invite) throw ctx.profile.missingRowIsServerError ? apiErrors.internal() : apiErrors.notFound();
    const room = ctx.store.room(invite.roomId);
    const usable = room !== undefined && invite.active && !isExpired(invite) && guestsAdmitted(ctx, room);
    if (!usable) throw apiErrors.notFound();
    return jsonResponse(200, { room_id: room.id, password_required: room.password !== null });
  };
  router.add("POST", "/v1/invite/verify", ctx.profile.publicRoutesInsideAuth ? guestAware(ctx, verify) : verify);
}

function isExpired(invite: SandboxInvite): boolean {
  return invite.expiration !== null && Date.parse(invite.expiration) <= Date.now();
}
