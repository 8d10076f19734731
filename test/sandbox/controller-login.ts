/**
 * `GET /v1/auth/login` (which OIDC provider to use) and `POST /v1/auth/login` (the ID-token login), both outside
 * the authenticated scope (core/lib.rs @ v0.29.0 1033).
 *
 * POST checks the ID token as the controller's `jwt::verify` does (service/src/oidc/jwt.rs @ v0.29.0 61–151):
 * signature first (401 "The provided id token is invalid"), then the claims (400 invalid_claims), then `exp`
 * (401 "The user session expired"); neither issuer nor audience. 0.29 wants `UserClaims` and then creates the user
 * and records the ID token's expiry as the end of its session (auth/create_user.rs 57, update_user.rs 112);
 * ≥ 0.30 wants only `exp` and writes nothing (core/api/v1/auth/mod.rs @ v0.30.1 66–102: deprecated, harmless).
 */
import { apiErrors } from "./api-error";
import type { ControllerContext } from "./controller-context";
import { jsonResponse, SandboxRequest, SandboxResponse } from "./http-server";
import { readJsonBody } from "./json-body";

/** service/src/oidc/claims.rs @ v0.29.0 45–80. */
const USER_CLAIMS_0_29 = ["exp", "iat", "iss", "sub", "email", "given_name", "family_name"] as const;

export function getLogin(ctx: ControllerContext): SandboxResponse {
  const name = ctx.profile.loginProviderName === "default" ? "default" : ctx.realm.settings.clientId;
  return jsonResponse(200, { oidc: { name, url: ctx.realm.issuer } });
}

export async function postLogin(ctx: ControllerContext, req: SandboxRequest): Promise<SandboxResponse> {
  const body = readJsonBody(req, "AuthLoginPostRequestBody");
  const idToken = body.string("id_token") ?? body.fail(undefined, "missing field `id_token`");
  const claims = await ctx.realm.signedClaims(idToken);
  if (!claims) throw apiErrors.authenticationFailed("The provided id token is invalid");
  const required = ctx.profile.authentication === "login" ? USER_CLAIMS_0_29 : (["exp"] as const);
  if (required.some((claim) => claims[claim] === undefined) || typeof claims.exp !== "number") throw apiErrors.invalidClaims();
  if (Date.now() > claims.exp * 1000) throw apiErrors.authenticationFailed("The user session expired");
  if (ctx.profile.authentication === "login") {
    const sub = String(claims.sub);
    const account = ctx.realm.accountBySub(sub);
    ctx.store.ensureUser(
      { sub, username: account?.username ?? String(claims.preferred_username ?? sub), email: String(claims.email), givenName: String(claims.given_name), familyName: String(claims.family_name) },
      { markLoggedIn: true, idTokenExp: claims.exp },
    );
  }
  return jsonResponse(200, { permissions: [] });
}
