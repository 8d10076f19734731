/**
 * The OpenTalk controller listener: discovery, auth, the current user, and the room, invite, SIP and
 * event routes (each in its own file). Errors thrown as `ApiError`/`PlainTextError` become the controller's
 * error answers here; anything else is a 500 like an unexpected failure in the real service.
 */
import { ApiError, apiErrors, PlainTextError } from "./api-error";
import { authenticated, getLogin, postLogin } from "./controller-auth";
import type { ControllerContext } from "./controller-context";
import { registerEventRoutes } from "./controller-events";
import { registerInviteRoutes } from "./controller-invites";
import { privateUserProfile, tariffResource } from "./controller-resources";
import { registerRoomRoutes } from "./controller-rooms";
import { registerSipRoutes } from "./controller-sip";
import { emptyResponse, Handler, jsonResponse, Router } from "./http-server";

export function createControllerApp(ctx: ControllerContext): Handler {
  const router = new Router()
    .add("GET", "/.well-known/opentalk/api", () => jsonResponse(200, { opentalk_api: { v1: { base_url: "v1" } } }))
    .add("GET", "/v1/auth/login", () => getLogin(ctx))
    .add("POST", "/v1/auth/login", (req) => postLogin(ctx, req))
    .add("GET", "/v1/users/me", authenticated(ctx, (_req, user) => jsonResponse(200, privateUserProfile(user))))
    .add("GET", "/v1/users/me/tariff", authenticated(ctx, (_req, user) => jsonResponse(200, tariffResource(ctx.store.tariffOf(user.id)))));
  registerRoomRoutes(router, ctx);
  registerInviteRoutes(router, ctx);
  registerSipRoutes(router, ctx);
  registerEventRoutes(router, ctx);

  return async (req) => {
    const match = router.match(req.method, req.url.pathname);
    // actix answers unrouted paths and methods with empty bodies.
    if (match.kind === "none") return emptyResponse(404);
    if (match.kind === "wrong-method") return emptyResponse(405);
    try {
      return await match.handler({ ...req, params: match.params });
    } catch (error) {
      if (error instanceof ApiError || error instanceof PlainTextError) return error.toResponse();
      process.stderr.write(`sandbox controller: unexpected error on ${req.method} ${req.url.pathname}: ${(error as Error).stack ?? String(error)}\n`);
      return apiErrors.internal().toResponse();
    }
  };
}
