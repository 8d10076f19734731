/**
 * Who is calling: the controller's Bearer middleware and the deprecated `POST /v1/auth/login`.
 *
 * ≥ 0.30: token checked (as introspection would), then userinfo must carry `email`, `given_name` and
 * `family_name`, then the user is created or updated just in time.
 * 0.29: no userinfo; the user must have logged in with an ID token first (`unknown_sub` otherwise).
 */
import { apiErrors } from "./api-error";
import { ControllerContext } from "./controller-context";
import { jsonResponse, SandboxRequest, SandboxResponse } from "./http-server";
import { readJsonBody } from "./json-body";
import type { SandboxControllerUser } from "./store";

const MANDATORY_USERINFO_CLAIMS = ["email", "given_name", "family_name"] as const;

export async function authenticate(ctx: ControllerContext, req: SandboxRequest): Promise<SandboxControllerUser> {
  const header = req.headers.authorization ?? "";
  const bearer = /^Bearer +(\S+)$/i.exec(header);
  if (!bearer) throw apiErrors.unparsableAuthorization();
  const check = await ctx.realm.checkAccessToken(bearer[1]);
  if (!check.ok) throw apiErrors.authenticationFailed(check.reason === "expired" ? "The provided access token expired" : "The provided access token is invalid");

  if (ctx.version === "0.29") {
    const user = ctx.store.userBySub(check.account.sub);
    if (!user?.loggedIn) throw apiErrors.unknownSubject();
    return user;
  }

  // Keycloak refuses userinfo to tokens without the `openid` scope; the controller then cannot
  // authenticate the user. The exact status the controller turns this into is inferred.
  if (!String(check.claims.scope ?? "").split(" ").includes("openid")) throw apiErrors.authenticationFailed("The provided access token is invalid");
  const userinfo = ctx.realm.userinfo(check.account);
  const missing = MANDATORY_USERINFO_CLAIMS.find((claim) => typeof userinfo[claim] !== "string");
  if (missing) throw apiErrors.missingUserinfoClaim(missing);
  return ctx.store.ensureUser(check.account);
}

/** `GET /v1/auth/login`: which OIDC provider and client a frontend should use. */
export function getLogin(ctx: ControllerContext): SandboxResponse {
  return jsonResponse(200, { oidc: { name: ctx.realm.settings.clientId, url: ctx.realm.issuer } });
}

/** `POST /v1/auth/login`: required once per user on 0.29, harmless on ≥ 0.30 (signature and `exp` only). */
export async function postLogin(ctx: ControllerContext, req: SandboxRequest): Promise<SandboxResponse> {
  const body = readJsonBody(req, "AuthLoginPostRequestBody");
  const idToken = body.string("id_token") ?? body.fail(undefined, "missing field `id_token`");
  const check = await ctx.realm.checkIdToken(idToken);
  if (!check.ok) throw apiErrors.authenticationFailed(check.reason === "expired" ? "The user session expired" : "The provided access token is invalid");
  if (ctx.version === "0.29") {
    if (MANDATORY_USERINFO_CLAIMS.some((claim) => typeof check.claims[claim] !== "string")) throw apiErrors.invalidClaims();
    const account = ctx.realm.accountBySub(String(check.claims.sub));
    if (!account) throw apiErrors.authenticationFailed("The provided access token is invalid");
    ctx.store.ensureUser(account, { markLoggedIn: true });
  }
  return jsonResponse(200, { permissions: [] });
}

export type AuthenticatedHandler = (req: SandboxRequest, user: SandboxControllerUser) => Promise<SandboxResponse> | SandboxResponse;

/** The controller's Bearer middleware in front of a route. */
export function authenticated(ctx: ControllerContext, handler: AuthenticatedHandler): (req: SandboxRequest) => Promise<SandboxResponse> {
  return async (req) => handler(req, await authenticate(ctx, req));
}
