/**
 * The OpenTalk controller listener: discovery, auth, the current user, and the room, invite, SIP, event and event
 * invite routes (each in its own file), as the profile's release has them. Thrown `ControllerFailure`s become the
 * controller's failure answers here; anything else is a 500 like an unexpected failure in the real service.
 *
 * Unrouted requests (release-029-030-auth.md §7): outside `/v1` actix's App default, 404 with an empty body;
 * inside `/v1` the scope catches every path, so authentication runs first and then the authorization layer finds
 * no policy: 403, empty (never 405 — route macros put the method guard on the resource). 0.29/0.30's kustos
 * answers methods it cannot name (HEAD, OPTIONS) with an empty 401 (crates/kustos/src/actix_web/middleware.rs 133).
 */
import { apiErrors, ControllerFailure } from "./api-error";
import { authenticated, guestAware } from "./controller-auth";
import type { ControllerContext } from "./controller-context";
import { registerEventInviteRoutes } from "./controller-event-invites";
import { registerEventRoutes } from "./controller-events";
import { registerInviteRoutes } from "./controller-invites";
import { getLogin, postLogin } from "./controller-login";
import { privateUserProfile, tariffResource } from "./controller-resources";
import { registerRoomRoutes } from "./controller-rooms";
import { registerSipRoutes } from "./controller-sip";
import { emptyResponse, Handler, jsonResponse, Router, SandboxRequest, SandboxResponse } from "./http-server";
import { openApiDocument } from "./openapi-document";
import { registerRoomNameRoutes } from "./room-names";
import { AliasTakenError } from "./store";

const KUSTOS_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"];

export function createControllerApp(ctx: ControllerContext): Handler {
  const router = new Router()
    // core/api/well_known.rs 8–17 (from 0.29.5, CHANGELOG @ v0.29.6); AW/src/well_known/opentalk/api.rs (read_file id 67663550312).
    .add("GET", "/.well-known/opentalk/api", () => jsonResponse(200, { opentalk_api: { v1: { base_url: "v1" } } }))
    .add("GET", "/v1/auth/login", () => getLogin(ctx))
    .add("POST", "/v1/auth/login", (req) => postLogin(ctx, req))
    .add("GET", "/v1/turn", (req) => turn(ctx, req))
    .add("GET", "/v1/users/me", authenticated(ctx, (_req, user) => jsonResponse(200, privateUserProfile(user))))
    .add("GET", "/v1/users/me/tariff", authenticated(ctx, (_req, user) => jsonResponse(200, tariffResource(ctx, ctx.store.tariffOf(user.id)))));
  if (ctx.profile.roomNames) registerRoomNameRoutes(router, ctx);
  registerRoomRoutes(router, ctx);
  registerInviteRoutes(router, ctx);
  registerSipRoutes(router, ctx);
  registerEventRoutes(router, ctx);
  registerEventInviteRoutes(router, ctx);
  if (ctx.profile.startInvitedRedirects) registerStartRedirects(router, ctx);
  const document = openApiDocument(ctx.profile, router.list());
  // Disabled: 404 with an empty body, as release-029-030-auth.md §6 (probe 1) found. (Its §7 scope rule would
  // rather predict auth first, then 401/403; a client's fallback must cope with either.)
  router.add("GET", "/v1/openapi.json", () => (ctx.openApiDocument ? jsonResponse(200, document) : emptyResponse(404)));

  const noPolicy = authenticated(ctx, (): SandboxResponse => {
    throw apiErrors.forbidden();
  });
  return async (req) => {
    try {
      const match = router.match(req.method, req.url.pathname);
      if (match.kind === "found") return await match.handler({ ...req, params: match.params });
      if (!req.url.pathname.startsWith("/v1/")) return emptyResponse(404);
      if (ctx.profile.authorizer === "kustos" && !KUSTOS_METHODS.includes(req.method)) return await authenticated(ctx, () => emptyResponse(401))(req);
      return await noPolicy(req);
    } catch (error) {
      if (error instanceof ControllerFailure) return error.toResponse();
      // A second room with the same alias (roomAliasSuffix "none"): the status is unverified (release-034-035.md §2).
      if (error instanceof AliasTakenError) return apiErrors.conflict().toResponse();
      process.stderr.write(`sandbox controller: unexpected error on ${req.method} ${req.url.pathname}: ${(error as Error).stack ?? String(error)}\n`);
      return apiErrors.internal().toResponse();
    }
  };
}

/**
 * `GET /v1/turn`: 0.29 wants a Bearer header (its own extractor, outside kustos; core/api/v1/turn.rs @ v0.29.x
 * 194–206); ≥ 0.30 answers a constant 204. The sandbox configures no TURN servers, so a 0.29 caller with a header
 * gets the 204 too (inferred: the handler's "nothing configured" answer).
 */
function turn(ctx: ControllerContext, req: SandboxRequest): SandboxResponse {
  if (ctx.profile.turnNeedsToken && !/^Bearer +\S+$/.test(req.headers.authorization ?? "")) throw apiErrors.unparsableTurnAuthorization();
  return emptyResponse(204);
}

/**
 * 0.35: `POST /v1/rooms/{x}/start_invited` → 308 to `/v1/rooms/{x}/start` (AW/src/v1/rooms/by_id/start_invited.rs @
 * 46daa1b0, read_file id 68472519557), `…/roomserver/start_invited` → 301 (read_file id 68419831784); both public,
 * empty bodies, path-only `Location`. The start itself needs a roomserver and is not modelled.
 */
function registerStartRedirects(router: Router, ctx: ControllerContext): void {
  const redirect = (status: number) =>
    guestAware(ctx, (req) => emptyResponse(status, { Location: `/v1/rooms/${encodeURIComponent(req.params.roomId)}/start` }));
  router.add("POST", "/v1/rooms/:roomId/start_invited", redirect(308));
  router.add("POST", "/v1/rooms/:roomId/roomserver/start_invited", redirect(301));
}
