/**
 * What the OpenTalk controller in front of us can do — the one place that knows how releases differ
 * (RELEASES.md, and the controller's source where it corrects that page). Learned once per process from the
 * controller's own description of itself (`GET /v1/openapi.json`, whose `info.version` is the release: ot-controller
 * v0.30.1 crates/opentalk-controller-core/src/swagger.rs, served without login and on by default); resources ask
 * this object, never a version number.
 */
export interface ServerCapabilities {
  /** The release as the controller reports it (`0.30.1`), or undefined when it does not publish its description. */
  version?: string;
  /** How messages name the server: `OpenTalk 0.30.1`, or `this OpenTalk controller` when the version is unknown. */
  label: string;
  /**
   * Guest links are invite codes (`/v1/rooms/{id}/invites`), up to 0.34. From 0.35 the invite API answers 410 and
   * guests join by the room link itself when the room lets them in (CHANGELOG 0.35.0 "Remove invite-code api").
   */
  inviteCodes: boolean;
  /** Rooms and meetings have `guest_access` (from 0.34.0; default `waiting_room`). */
  guestAccess: boolean;
  /** Guests need the tariff feature `guests_allowed` (from 0.34; older tariffs have no such feature). */
  guestsNeedTariffFeature: boolean;
  /** Call-in is refused for rooms whose guest access is disabled (from 0.34, `utils::check_call_in`). */
  callInNeedsGuestAccess: boolean;
  /** Rooms can have a name, from which the server derives an alias (from 0.35). */
  roomNames: boolean;
  /**
   * A room's owner may read and change its SIP dial-in config (`/v1/rooms/{id}/sip`). Up to 0.33 no access policy
   * covers that path, so everyone gets 403 (ot-controller v0.30.1 controller_backend/rooms.rs policies); dial-in can
   * only be switched on when the room is created (`enable_sip`). From 0.34 authorization comes from the database.
   */
  ownersManageSip: boolean;
  /**
   * `GET /v1/auth/login` names the web app's Keycloak client (from 0.30). 0.29 names `"default"` there instead
   * (ot-controller v0.29.0 crates/opentalk-controller-core/src/lib.rs ~449), so the client must be configured.
   */
  namesLoginClient: boolean;
  /**
   * A revoked or expired access token is answered with 500, not 401: 0.30 introspects every token and fails on
   * Keycloak's `{"active":false}`, which has no `exp` (ot-controller v0.30.1 crates/opentalk-controller-service/src/
   * oidc/mod.rs ~110; 0.31.0 CHANGELOG "Handle optional `exp` field").
   */
  rejectsTokensWith500: boolean;
}

export const OLDEST_SUPPORTED = "0.29";
export const NEWEST_KNOWN = "0.35";

/** The capabilities of a release; `undefined` (the controller does not say) assumes the newest release we know. */
export function capabilitiesOf(version: string | undefined): ServerCapabilities {
  const at = (release: string) => version === undefined || compareVersions(version, release) >= 0;
  return {
    version,
    label: version ? `OpenTalk ${version}` : "this OpenTalk controller",
    inviteCodes: !at("0.35.0"),
    guestAccess: at("0.34.0"),
    guestsNeedTariffFeature: at("0.34.0"),
    callInNeedsGuestAccess: at("0.34.0"),
    roomNames: at("0.35.0"),
    ownersManageSip: at("0.34.0"),
    namesLoginClient: at("0.30.0"),
    rejectsTokensWith500: version !== undefined && at("0.30.0") && !at("0.31.0"),
  };
}

/** `0.30.1` vs `0.34` (missing parts count as 0; a pre-release suffix is ignored). */
export function compareVersions(a: string, b: string): number {
  const parts = (v: string) => v.replace(/^v/, "").split(/[-+]/)[0]!.split(".").map((n) => Number.parseInt(n, 10) || 0);
  const [x, y] = [parts(a), parts(b)];
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const d = (x[i] ?? 0) - (y[i] ?? 0);
    if (d !== 0) return Math.sign(d);
  }
  return 0;
}

/** A release string from `info.version` that this package can reason about (`0.30.1`, `0.35.0-alpha.2`). */
export function isReleaseVersion(value: unknown): value is string {
  return typeof value === "string" && /^v?\d+\.\d+(\.\d+)?([-+].*)?$/.test(value);
}
