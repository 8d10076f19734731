/**
 * What each released controller does differently, one object per release. Handlers ask the profile
 * (`ctx.profile.sipForOwners`), never the version string. Every field names a behaviour a REST client managing
 * rooms, meetings, SIP and guest links can observe, and cites where it was read.
 *
 * Sources (paths shortened as in /tmp/research):
 * - ≤ 0.30: opencloud-community/ot-controller at tags v0.29.0…v0.29.6, v0.30.0/v0.30.1 (research files
 *   release-029-030-auth.md, release-029-030-resources.md). `core/` = crates/opentalk-controller-core/src/,
 *   `BE/` = crates/opentalk-controller-service/src/controller_backend/.
 * - ≥ 0.34: opentalk-mirrors/controller by commit or stored-file id (read_file id …) (research release-034-035.md),
 *   CHANGELOG.md read_file id 68556415090 (0.34.0 … 0.35.0 sections).
 * - RELEASES.md (/work/shared/opentalk) where the research confirms it.
 */
import type { ControllerVersion } from "./types";

export type { ControllerVersion };

export interface ControllerProfile {
  version: ControllerVersion;
  /** The exact release imitated: `info.version` of `GET /v1/openapi.json`. */
  release: string;

  // ---- discovery ------------------------------------------------------------------------------------
  /** `GET /v1/auth/login` names the provider `"default"` (0.29) or by the frontend client id (≥ 0.30). */
  loginProviderName: "default" | "client-id";
  /** `GET /v1/turn` without a token: 401 (0.29 wants a Bearer) or 204 (≥ 0.30, a constant). */
  turnNeedsToken: boolean;

  // ---- authentication ------------------------------------------------------------------------------
  /**
   * `"login"` (0.29): the controller checks the access token's own claims, knows only users that logged in with
   * `POST /v1/auth/login`, and ends their session when the login's ID token expires.
   * `"userinfo"` (≥ 0.30): introspection, then userinfo claims; users are created just in time.
   */
  authentication: "login" | "userinfo";
  /** Introspection says `active:false` (expired, revoked, forged): 401, or 500 where the controller demanded an `exp`. */
  inactiveTokenStatus: 401 | 500;
  /** No or unparsable `Authorization`: the JSON 401 of OidcAuth (≤ 0.34), or the authorizer's empty 401 (0.35). */
  unauthenticatedAnswer: "json" | "empty";
  /** Public endpoints (`POST /v1/invite/verify`) sit inside OidcAuth: a bad Bearer sent along gets its JSON 401. */
  publicRoutesInsideAuth: boolean;

  /**
   * Who answers "may this caller do this": kustos' casbin policies (≤ 0.33, crates/kustos) or the database-derived
   * authorizer (≥ 0.34, CHANGELOG 0.34.0 "new auth implementation and DB backend", !1310, !2602). Both deny with an
   * empty 403; kustos answers methods it cannot name (HEAD, OPTIONS) with an empty 401.
   */
  authorizer: "kustos" | "database";

  // ---- pagination ------------------------------------------------------------------------------------
  /** Texts of actix's plain-text 400 for `per_page`/`page` out of range. */
  pageQueryErrors: { perPageTooLarge: string; perPageTooSmall: string; pageTooSmall: string };

  // ---- tariffs ---------------------------------------------------------------------------------------
  /** Core features the tariff lists besides `call_in`/`guests_allowed` (feature names without module prefix). */
  extraCoreFeatures: readonly string[];
  /** The 403 code when the tariff lacks a feature. */
  missingFeatureCode: "feature_disabled_by_tariff" | "feature_disabled";

  // ---- rooms, guests, SIP -----------------------------------------------------------------------------
  /** Rooms and events have `guest_access` (default `waiting_room`); guests need `core::guests_allowed`. */
  guestAccess: boolean;
  /** Optional room `name` → `alias`, `{room_id_or_alias}` routes, `POST /v1/rooms/name/verify`. */
  roomNames: boolean;
  /** The room owner may GET/PUT/DELETE `/v1/rooms/{id}/sip`; otherwise nobody may (403, empty). */
  sipForOwners: boolean;
  /** Dial-in counts as guest access: refused for rooms with `guest_access: disabled` or without `guests_allowed`. */
  callInNeedsGuestAccess: boolean;
  /** `"ungated"` (≤ 0.30), `"guest-gated"` (0.34: e2ee, guest_access, tariff), `"gone"` (0.35: 410 for everything). */
  inviteApi: "ungated" | "guest-gated" | "gone";
  /** A row that is not there (unknown invite code) is a database error: 500, not 404. */
  missingRowIsServerError: boolean;
  /** A visitor without a token may enter through the plain room link when the room admits guests. */
  guestsJoinByRoomLink: boolean;
  /** `password_required` of `GET /v1/rooms/{id}/event` is false for the owner (role-aware). */
  passwordRequiredIsRoleAware: boolean;

  // ---- events ------------------------------------------------------------------------------------------
  /** A dated `POST /v1/events` needs `is_all_day`, `starts_at` and `ends_at` (400 bad_request otherwise). */
  datedEventsRequireAllDay: boolean;
  /** What a time-independent `POST /v1/events` does with date fields: all refused, only a recurrence refused, or ignored. */
  timeIndependentDateFields: "refused" | "recurrence-refused" | "ignored";
  /**
   * PATCH /v1/events of the kustos era: room fields only applied together with `password` or `waiting_room`; an
   * event-field PATCH without `recurrence_pattern` erases the recurrence; switching to dated needs all date fields
   * (422 validation_failed). Otherwise the newer rules (room fields through the room update, recurrence kept).
   */
  legacyEventPatch: boolean;
  /** `invitees_max` is a `u32` defaulting to 0 (≤ 0.30), or a `PageSize` 1..100 where 0 is a 400 (≥ 0.34). */
  inviteesMaxIsPageSize: boolean;
  /** The invite a non-empty PATCH /v1/events leaves behind. */
  eventPatchCreatesInvite: "if-no-invite-row" | "if-no-valid-invite" | "never";

  // ---- event invitees (controller-event-invites.ts) ---------------------------------------------------
  /**
   * What a registered user invited to an event may read of the event's room, besides what every release grants
   * invitees (`GET /v1/events/{id}`, `GET /v1/rooms/{id}/event`): `room` is `GET /v1/rooms/{id}` — for every
   * invitee, or for invited moderators only; `guestLinks` is `GET /v1/rooms/{id}/invites`; `sip` is
   * `GET /v1/rooms/{id}/sip`. Writes stay the owner's on every release.
   */
  inviteeRoomReads: { room: "invitees" | "moderators"; guestLinks: boolean; sip: boolean };
  /**
   * `GET /v1/rooms` lists the rooms of the events the user is invited to as well as their own (every release):
   * `"once"` each, or `"once-per-event-invite"` — an owned room whose event has invites comes once per invite (a join
   * on `event_invites` without DISTINCT, which the page count includes).
   */
  roomListing: "once" | "once-per-event-invite";

  // ---- 0.35 redirects ----------------------------------------------------------------------------------
  /** `POST /v1/rooms/{id}/start_invited` → 308 to `/start`, `/roomserver/start_invited` → 301. */
  startInvitedRedirects: boolean;
}

/** actix's Query extractor texts for the old `PagePaginationQuery` (types-api-v1 0.33/0.39 `page_pagination_query.rs`). */
const KUSTOS_ERA_PAGE_ERRORS = { perPageTooLarge: "per_page too large", perPageTooSmall: "per_page <= 0", pageTooSmall: "page must be greater than 0" };
/** The same texts from `PageSize`/`Page` (backend-libs-opentalk-types @ e0a336a6, `pagination/page_size.rs`, `page.rs`). */
const TYPED_PAGE_ERRORS = {
  perPageTooLarge: "Page size is outside the allowed range (1..=100)",
  perPageTooSmall: "Page size is outside the allowed range (1..=100)",
  pageTooSmall: "Page number is outside the allowed range (1..=9223372036854775807)",
};

const V0_29: ControllerProfile = {
  version: "0.29",
  // 0.29.5 backported `/.well-known/opentalk/api` (CHANGELOG @ v0.29.6, !1554); 0.29.6 is the last 0.29 patch and
  // otherwise identical to v0.29.0 for everything here (`git diff v0.29.0 v0.29.6`, release-029-030-auth.md §1).
  release: "0.29.6",
  // core/lib.rs @ v0.29.x 449–455: the literal "default".
  loginProviderName: "default",
  // core/api/v1/turn.rs @ v0.29.x 194–206: the handler extracts a Bearer header itself.
  turnNeedsToken: true,
  // core/api/v1/middleware/user_auth/mod.rs @ v0.29.0 124–352 (local JWT check, `unknown_sub`, id_token_exp).
  authentication: "login",
  // user_auth/mod.rs @ v0.29.0 335–352: `active:false` → 401 "The provided access token expired".
  inactiveTokenStatus: 401,
  // user_auth/mod.rs @ v0.29.0 124–137: missing header → JSON 401 "Unable to parse access token or invite code".
  unauthenticatedAnswer: "json",
  // core/lib.rs @ v0.30.1 1014–1020: /invite/verify, /auth/*, /turn are registered outside the OidcAuth scope.
  publicRoutesInsideAuth: false,
  // crates/kustos/src/actix_web/middleware.rs 117–193 @ v0.29.0.
  authorizer: "kustos",
  pageQueryErrors: KUSTOS_ERA_PAGE_ERRORS,
  // crates/opentalk-signaling-module-core/src/lib.rs @ v0.29.0 38–39: core provides only call_in.
  extraCoreFeatures: [],
  // opentalk-controller-service/src/helpers/mod.rs 122–147 (`require_feature`), v0.29.0 and v0.30.1.
  missingFeatureCode: "feature_disabled_by_tariff",
  // types rooms/room_resource.rs at types-api-v1 0.33/0.34: no guest_access; unknown fields ignored.
  guestAccess: false,
  roomNames: false,
  // BE/rooms.rs @ v0.29.0 264–350: owner policies do not cover `/rooms/{id}/sip`; no admin bypass (V21 migration).
  sipForOwners: false,
  callInNeedsGuestAccess: false,
  // BE/invites.rs @ v0.29.0: no e2ee, tariff or guest check on invites.
  inviteApi: "ungated",
  // opentalk-controller-utils/src/capture_api_error.rs 38–46 @ v0.29.0: every DatabaseError, NotFound too, is 500.
  missingRowIsServerError: true,
  guestsJoinByRoomLink: false,
  passwordRequiredIsRoleAware: false,
  // core/api/v1/events/mod.rs @ v0.29.0 354–369, 390–397.
  datedEventsRequireAllDay: true,
  // core/api/v1/events/mod.rs @ v0.29.0 322–337: the time-independent arm demands is_all_day/starts_at/ends_at None.
  timeIndependentDateFields: "refused",
  // core/api/v1/events/mod.rs @ v0.29.0 1171 (room fields), 1462–1562 (422s), 1598 (recurrence erased).
  legacyEventPatch: true,
  // types `events/get_events_query.rs` (api-v1 0.33/0.39): `invitees_max: u32`, default 0.
  inviteesMaxIsPageSize: false,
  // core/api/v1/events/mod.rs @ v0.29.0 1238–1249 → DB/invites.rs 200–223 `get_first_or_create_for_room`.
  eventPatchCreatesInvite: "if-no-invite-row",
  // Inviting grants kustos `room_read_access` (BE/rooms.rs @ v0.29.0 289–320; BE/rooms/mod.rs @ v0.30.1 431–461:
  // GET /rooms/{id}, /invites, /event, …; not /sip) with `event_read_access` (BE/events/mod.rs @ v0.30.1 1740–1766)
  // to every invitee, whatever the role (BE/events/invites.rs @ v0.30.1 `create_user_event_invite`).
  inviteeRoomReads: { room: "invitees", guestLinks: true, sip: false },
  // BE/rooms/mod.rs @ v0.30.1 `get_rooms`: the rooms kustos grants GET on (`get_accessible_resources_for_user`,
  // crates/kustos/src/lib.rs 457–497), fetched by id: invited rooms too, each once.
  roomListing: "once",
  startInvitedRedirects: false,
};

const V0_30: ControllerProfile = {
  ...V0_29,
  version: "0.30",
  // v0.30.0 → v0.30.1 changes nothing under crates/*/src for these areas (release-029-030-resources.md, Sources).
  release: "0.30.1",
  // core/lib.rs @ v0.30.1 427–430: the frontend client_id.
  loginProviderName: "client-id",
  // core/api/v1/turn.rs @ v0.30.1: a constant NoContent.
  turnNeedsToken: false,
  // user_auth/mod.rs @ v0.30.1 254–465: cache, introspection, userinfo claims, JIT users; id_token_exp dropped (V50).
  authentication: "userinfo",
  // service/src/oidc/mod.rs @ v0.30.1 98–114: introspection must return `exp`; Keycloak's `{"active":false}` has
  // none, so every inactive token is a 500 (fixed in 0.31.0, "Handle optional `exp` field", !1667).
  inactiveTokenStatus: 500,
  // crates/opentalk-signaling-module-core/src/lib.rs @ v0.30.1: core provides call_in and storage_upgradable.
  extraCoreFeatures: ["storage_upgradable"],
  // BE/events/mod.rs @ v0.30.1 112–114: is_all_day/starts_at/ends_at ignored; only a recurrence is refused.
  timeIndependentDateFields: "recurrence-refused",
};

const V0_34: ControllerProfile = {
  ...V0_30,
  version: "0.34",
  // CHANGELOG (read_file id 68556415090): 0.34.1–0.34.5 change no REST behaviour modelled here except 0.34.2's
  // backports (!2753), which concern invite-code access the sandbox does not model.
  release: "0.34.5",
  // controller oidc_context.rs (read_file id 68344578808) `verify_access_token`: `!active` → 401 AccessTokenInactive.
  inactiveTokenStatus: 401,
  // AZ/src/middleware/authorization_service.rs @ 0c841ec6 (`Admission::Denied` → 403 empty).
  authorizer: "database",
  // types @ e0a336a6 `pagination/page_size.rs`, `page.rs`.
  pageQueryErrors: TYPED_PAGE_ERRORS,
  // extraCoreFeatures stays 0.30's `storage_upgradable` (the core module's feature list was not re-read for ≥ 0.34).
  // opentalk-controller-utils tariff ext (read_file id 67231208463): `FeatureRequiredError` → 403 feature_disabled.
  missingFeatureCode: "feature_disabled",
  // CHANGELOG 0.34.0: guest_access db/inventory/room/event services (!2415), "Use waiting room as the default" (!2477).
  guestAccess: true,
  // controller AZDB/src/room/sip.rs @ 5476b804 (read_file id 68432336851) `authorize_room_sip`: owner rw.
  sipForOwners: true,
  // inventory `check_call_in` (read_file id 68502594399); CHANGELOG 0.34.0 "Disable call-in when guest access is disabled" (!2620).
  callInNeedsGuestAccess: true,
  // CHANGELOG 0.34.0 "Prevent invite code generation/access when guest access is disabled" (!2528), !2548.
  inviteApi: "guest-gated",
  // The service layer maps `Error::NotFound` to 404 since 0.32 (API-NOTES §9; SVC invites.rs read_file id 68510760976).
  missingRowIsServerError: false,
  // PatchEventBody/PostEventsBody of the newer types default `is_all_day` (events/mod.rs @ 06448d1c `new_event`).
  datedEventsRequireAllDay: false,
  // EventDateKind is an untagged enum in the newer types: date fields on a time-independent event do not match it.
  timeIndependentDateFields: "ignored",
  // CHANGELOG 0.34.0 "Use updated PatchEventBody type" (!2351); events/mod.rs @ 06448d1c `patch_event` → update_room.
  legacyEventPatch: false,
  // The alpha OpenAPI file (@ 0676372c): `invitees_max` is a `PageSize`.
  inviteesMaxIsPageSize: true,
  // events/mod.rs @ 06448d1c `get_or_create_valid_invite_for_room` on every non-empty PATCH.
  eventPatchCreatesInvite: "if-no-valid-invite",
  // AZDB room/room.rs: invited users `--`, moderators `r-` (@ 97ae8f66 read_file id 68302758369; the same at
  // 5476b804, id 68482930691); room/invites.rs @ 97ae8f66 (id 68567862028): owner only; room/sip.rs: invitees `r-`
  // (invite-code era read_file id 68589477022; @ 5476b804 id 68432336851).
  inviteeRoomReads: { room: "moderators", guestLinks: false, sip: true },
  // db-storage rooms `get_accessible_to_user_with_creator_paginated` (read_file ids 68416455930, 68382913800): rooms
  // LEFT JOIN events LEFT JOIN event_invites, `created_by = user OR invitee = user`, no DISTINCT.
  roomListing: "once-per-event-invite",
};

const V0_35: ControllerProfile = {
  ...V0_34,
  version: "0.35",
  // CHANGELOG 0.35.0 (2026-09-10), read_file id 68556415090.
  release: "0.35.0",
  // AZ/src/middleware/authorization_service.rs (read_file id 68408145380) `Admission::AuthenticationRequired`;
  // CHANGELOG 0.35.0 "Responde with 401 if accessing unauthenticated" (!2654).
  unauthenticatedAnswer: "empty",
  // CHANGELOG 0.35.0 "(auth) Wrap public endpoints with authorization middleware" (!2627); core lib.rs `v1_scope`
  // (read_file id 68314825038) puts invite/verify in the one scope wrapped by OidcAuth.
  publicRoutesInsideAuth: true,
  // CHANGELOG 0.35.0 "Add optional alias to rooms" (!2723), "Add `POST /rooms/name/verify` endpoint" (!2723).
  roomNames: true,
  // AW/src/v1/rooms/by_id/invites.rs @ 46daa1b0 (read_file id 68355238986): every method → `Gone`.
  inviteApi: "gone",
  // AZDB/src/common.rs (read_file id 68457826021) `apply_acl_for_room`: `Subject::Unauthenticated` → guest ACL.
  guestsJoinByRoomLink: true,
  // CHANGELOG 0.35.0 "(rooms) Make password_required role-aware" (!2748).
  passwordRequiredIsRoleAware: true,
  // Inferred from the one-link inventory trait (read_file id 68560250281: no invite creation left) and
  // "Remove unused invite code inventory functions" (CHANGELOG 0.35.0); the one-link `patch_event` was not read.
  eventPatchCreatesInvite: "never",
  // AW/src/v1/rooms/by_id/start_invited.rs @ 46daa1b0 (read_file id 68472519557): 308 to `/start`.
  startInvitedRedirects: true,
};

export const PROFILES: Readonly<Record<ControllerVersion, ControllerProfile>> = { "0.29": V0_29, "0.30": V0_30, "0.34": V0_34, "0.35": V0_35 };

/** The newest release, what a sandbox imitates unless told otherwise. */
export const NEWEST_CONTROLLER: ControllerVersion = "0.35";
