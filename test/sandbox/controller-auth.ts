/**
 * Who is calling: the controller's OidcAuth middleware, per the profile's `authentication`.
 *
 * "login" (0.29, core/api/v1/middleware/user_auth/mod.rs @ v0.29.0, in this order): header → local JWT check of the
 * access token's own claims (not cached) → cache → user known from `POST /v1/auth/login` (`unknown_sub`, cached)
 * → introspection → session = the login's ID token not expired (not cached) → cache the success.
 *
 * "userinfo" (≥ 0.30, user_auth/mod.rs @ v0.30.1 147–465; oidc_context.rs read_file id 68344578808): header →
 * cache → introspection → userinfo (any failure 500, not cached) → mandatory claims (400, cached) → the user is
 * created or updated just in time.
 *
 * Introspection and userinfo are Keycloak's answers computed in-process (`Realm`); while Keycloak is paused they
 * fail as the HTTP calls would (500, "A transport or endpoint error gives 500", release-029-030-auth.md §1 step 6).
 */
import { apiErrors, ControllerFailure } from "./api-error";
import type { ControllerContext } from "./controller-context";
import type { SandboxRequest, SandboxResponse } from "./http-server";
import type { SandboxControllerUser } from "./store";
import { AuthOutcome, MIN_REMAINING_FOR_CACHE_MS } from "./token-cache";

/** user_auth/mod.rs @ v0.29.0 222–230: the access token must deserialize as `UserClaims`. */
const ACCESS_TOKEN_CLAIMS_0_29 = ["exp", "iat", "iss", "sub", "email", "given_name", "family_name"] as const;
/** user_auth/mod.rs @ v0.30.1 169–196, checked in this order. */
const MANDATORY_USERINFO_CLAIMS = ["email", "given_name", "family_name"] as const;

export type Credentials = { kind: "bearer"; token: string } | { kind: "none" } | { kind: "invite-code" };

/** `Authorization: Bearer …` or `InviteCode …` (bearer_or_invite_code.rs); anything else counts as absent. */
export function readCredentials(req: SandboxRequest): Credentials | undefined {
  const header = req.headers.authorization;
  if (header === undefined) return { kind: "none" };
  const bearer = /^Bearer +(\S+)$/.exec(header);
  if (bearer) return { kind: "bearer", token: bearer[1] };
  if (/^InviteCode +\S+$/.test(header)) return { kind: "invite-code" };
  return undefined;
}

/**
 * The registered user behind the request, or `undefined` for a caller without usable credentials where the
 * profile lets such callers through to the authorizer (0.35: `Subject::Unauthenticated`, and the legacy
 * `InviteCode` header, user_auth/mod.rs @ 46daa1b0, read_file id 68317493412).
 */
export async function identify(ctx: ControllerContext, req: SandboxRequest): Promise<SandboxControllerUser | undefined> {
  const credentials = readCredentials(req);
  if (credentials?.kind === "bearer") return authenticateBearer(ctx, credentials.token);
  if (ctx.profile.unauthenticatedAnswer === "empty") return undefined;
  // ≤ 0.34: an invite code authenticates a guest the sandbox grants nothing (its kustos/ACL grants are not modelled).
  if (credentials?.kind === "invite-code") throw apiErrors.forbidden();
  throw apiErrors.unparsableAuthorization();
}

async function authenticateBearer(ctx: ControllerContext, token: string): Promise<SandboxControllerUser> {
  const outcome = ctx.profile.authentication === "login" ? await viaLogin(ctx, token) : await viaUserinfo(ctx, token);
  if ("failure" in outcome) throw outcome.failure;
  return outcome.user;
}

async function viaLogin(ctx: ControllerContext, token: string): Promise<AuthOutcome> {
  const claims = await ctx.realm.signedClaims(token);
  const complete = claims !== undefined && ACCESS_TOKEN_CLAIMS_0_29.every((claim) => claims[claim] !== undefined);
  if (!complete || Number(claims.exp) * 1000 < Date.now()) return failed(apiErrors.authenticationFailed("The provided access token is invalid"));
  const exp = Number(claims.exp);
  const cached = ctx.tokenCache.get(token);
  if (cached) return cached;

  const user = ctx.store.userBySub(String(claims.sub));
  if (!user?.loggedIn) return remember(ctx, token, exp, failed(apiErrors.unknownSubject()), MIN_REMAINING_FOR_CACHE_MS);
  if (!ctx.keycloakReachable()) return failed(apiErrors.internal());
  const introspected = await ctx.realm.checkAccessToken(token);
  if (!introspected.ok) return remember(ctx, token, exp, failed(apiErrors.authenticationFailed("The provided access token expired")), MIN_REMAINING_FOR_CACHE_MS);
  // Deliberately before caching and never cached itself (the source's own comment, user_auth/mod.rs @ v0.29.0 258).
  if (user.idTokenExp !== undefined && Date.now() > user.idTokenExp * 1000) return failed(apiErrors.sessionExpired());
  return remember(ctx, token, exp, { user }, MIN_REMAINING_FOR_CACHE_MS);
}

async function viaUserinfo(ctx: ControllerContext, token: string): Promise<AuthOutcome> {
  const cached = ctx.tokenCache.get(token);
  if (cached) return cached;
  if (!ctx.keycloakReachable()) return failed(apiErrors.internal());
  const introspected = await ctx.realm.checkAccessToken(token);
  if (!introspected.ok) {
    // Keycloak's `{"active":false}` carries no `exp`: nothing to cache it by.
    return failed(ctx.profile.inactiveTokenStatus === 500 ? apiErrors.internal() : apiErrors.authenticationFailed("The provided access token expired"));
  }
  const exp = Number(introspected.claims.exp);
  // Keycloak refuses userinfo to a token without the `openid` scope (403 insufficient_scope); the controller turns
  // any userinfo failure into a 500 (svc/oidc/mod.rs @ v0.30.1 118–129; oidc_context.rs read_file id 68344578808).
  if (!String(introspected.claims.scope ?? "").split(" ").includes("openid")) return failed(apiErrors.internal());
  const userinfo = ctx.realm.userinfo(introspected.account);
  const missing = MANDATORY_USERINFO_CLAIMS.find((claim) => typeof userinfo[claim] !== "string");
  if (missing) return remember(ctx, token, exp, failed(apiErrors.missingUserinfoClaim(missing)));
  return remember(ctx, token, exp, { user: ctx.store.ensureUser(introspected.account) });
}

function failed(failure: ControllerFailure): AuthOutcome {
  return { failure };
}

function remember(ctx: ControllerContext, token: string, exp: number, outcome: AuthOutcome, minRemainingMs = 0): AuthOutcome {
  ctx.tokenCache.put(token, exp, outcome, minRemainingMs);
  return outcome;
}

export type AuthenticatedHandler = (req: SandboxRequest, user: SandboxControllerUser) => Promise<SandboxResponse> | SandboxResponse;
export type GuestAwareHandler = (req: SandboxRequest, user: SandboxControllerUser | undefined) => Promise<SandboxResponse> | SandboxResponse;

/** A route for registered users: OidcAuth, then (0.35) the authorizer's empty 401 for callers without a token. */
export function authenticated(ctx: ControllerContext, handler: AuthenticatedHandler): (req: SandboxRequest) => Promise<SandboxResponse> {
  return async (req) => {
    const user = await identify(ctx, req);
    if (!user) throw apiErrors.authenticationRequired();
    return handler(req, user);
  };
}

/**
 * A route inside OidcAuth that callers without a token may use too (0.35 guests, public resources such as the
 * removed invite API): a Bearer token is still checked, and a bad one answered with OidcAuth's JSON 401.
 * On ≤ 0.34 no such route exists, so this is `authenticated` there.
 */
export function guestAware(ctx: ControllerContext, handler: GuestAwareHandler): (req: SandboxRequest) => Promise<SandboxResponse> {
  return async (req) => handler(req, await identify(ctx, req));
}
