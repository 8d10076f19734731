/**
 * Public option and record types of the sandbox. Other test files and the project's own tests import
 * these through `index.ts`; keep the names stable.
 */

export type ServiceName = "controller" | "keycloak" | "frontend";
/** The released controllers the sandbox can imitate; `profiles.ts` says what each one does differently. */
export type ControllerVersion = "0.29" | "0.30" | "0.34" | "0.35";
export type GuestAccess = "disabled" | "waiting_room" | "direct_access";

export interface SandboxOptions {
  /** Port of the controller listener; 0 (default) picks a free one. */
  port?: number;
  /** Port of the Keycloak listener; 0 (default) picks a free one. Fixed ports keep issuer and links stable across runs. */
  keycloakPort?: number;
  /** Port of the web frontend listener; 0 (default) picks a free one. */
  frontendPort?: number;
  /** `"/auth"` reproduces Keycloak ≤ 16 (or `KC_HTTP_RELATIVE_PATH=/auth`, as OpenTalk QA runs it). Default `""`. */
  realmPrefix?: "" | "/auth";
  /** Default `opentalk`. */
  realm?: string;
  /** The frontend client, advertised by `GET /v1/auth/login`. Default `Frontend`. */
  clientId?: string;
  /** When set the client is confidential: the token endpoint demands this secret (form field or HTTP Basic). */
  clientSecret?: string;
  /** Keycloak's "Direct access grants" switch; off makes the password grant fail. Default true. */
  directAccessGrants?: boolean;
  /**
   * Which released controller to imitate (one profile per release, `profiles.ts`). Default `"0.35"`, the newest
   * release (0.35.0, no invite API). `"0.29"` requires `POST /v1/auth/login` before any Bearer call; 0.29 and 0.30
   * know no `guest_access`.
   */
  controllerVersion?: ControllerVersion;
  /**
   * `false` imitates `endpoints.disable_openapi = true`: `GET /v1/openapi.json` answers 404 with an empty body, so a
   * client must learn the release some other way. Default true (the controller's default build serves it).
   */
  openApiDocument?: boolean;
  /**
   * The random part of a room alias (0.35 room names): `"random"` (default, like the controller), `"none"` (the
   * controller's `defaults.room_alias.disable_suffix`: the alias is the bare name, so names can collide), or a
   * function for predictable aliases in tests.
   */
  roomAliasSuffix?: "random" | "none" | ((name: string) => string);
  /** Every controller and Keycloak answer waits this long after processing (not the admin API). Default 0. */
  latencyMs?: number;
  /** Spread of `latencyMs`: each answer waits a uniform random time in [latencyMs - jitterMs, latencyMs + jitterMs]. */
  jitterMs?: number;
  /** Confidential Keycloak clients with (or without) a service account, for the `client_credentials` grant. */
  serviceAccounts?: SandboxServiceAccount[];
  /** Default 300. */
  accessTokenTtlSeconds?: number;
  /** SSO idle timeout, default 1800. */
  refreshTokenTtlSeconds?: number;
  /** Keycloak ≤ 26.5 answers bad credentials with 401, ≥ 26.6 with 400 (keycloak#45812). Default 401. */
  wrongPasswordStatus?: 400 | 401;
  /** Replaces the default users; the first one becomes `Sandbox.username`. */
  users?: SandboxUser[];
  /**
   * The controller's `call_in.tel`: the dial-in number events show in `room.call_in`. Default
   * `"+49 30 1234567"` (a deployment with dial-in); `null` for one without, where `call_in` never appears.
   */
  callInTel?: string | null;
  /** JSON file to load on start and to rewrite (atomically) after every change. In memory only when unset. */
  statePath?: string;
}

export interface SandboxUser {
  username: string;
  password: string;
  email?: string;
  givenName?: string;
  familyName?: string;
  /** Default true. A disabled user gets `Account disabled` from the password grant. */
  enabled?: boolean;
  /** The controller tariff of this user. Default: both features included. */
  tariff?: SandboxTariff;
}

/**
 * A confidential client in the realm. With `serviceAccountsEnabled` (default true) it gets tokens for its
 * service-account user `service-account-<clientId>` through `grant_type=client_credentials`.
 */
export interface SandboxServiceAccount {
  clientId: string;
  clientSecret: string;
  /** Keycloak's "Service accounts roles" switch. Default true. */
  serviceAccountsEnabled?: boolean;
  /** The service-account user's e-mail and names; Keycloak creates it without any. */
  profile?: SandboxUserProfile;
  /** The tariff the controller gives the service-account user. Default: both features included. */
  tariff?: SandboxTariff;
}

/** A Keycloak user's profile fields, as its admin API sets them (`email`, `firstName`, `lastName`). */
export interface SandboxUserProfile {
  email?: string;
  givenName?: string;
  familyName?: string;
}

export interface SandboxTariff {
  /**
   * `core::guests_allowed` (0.34+; 0.29/0.30 have no such feature and ignore this): needed for any `guest_access`
   * other than `disabled`, for invites (0.34), guests by the room link (0.35) and call-in.
   */
  guestsAllowed: boolean;
  /** `core::call_in`: needed for SIP configs, `enable_sip` and the dial-in data in `room.call_in`. */
  callIn: boolean;
}

export interface SandboxFault {
  /** Omitted: the fault matches requests to any of the three listeners. */
  service?: ServiceName;
  /** Omitted: any method. */
  method?: string;
  /** Regular expression tested against the request path including its query string. */
  path: string;
  /**
   * Answer this status at once, without processing the request, as a reverse proxy in front of the service would:
   * by default with a short plain-text body.
   */
  status?: number;
  /**
   * The body of the `status` answer: `"text"` (default, `403 Forbidden` as plain text), `"html"` (nginx's error page,
   * `text/html`), `"empty"` (no body, no Content-Type) or any other string, sent as is (its Content-Type guessed
   * from its first character unless `contentType` says otherwise).
   */
  body?: "text" | "html" | "empty" | (string & {});
  /** Content-Type for a literal `body`. */
  contentType?: string;
  /** `Location` of a 3xx `status`, e.g. a login redirect `https://sso.example.org/login?return=…`. */
  location?: string;
  /** Seconds for a `Retry-After` header on the `status` answer. */
  retryAfter?: number;
  /** Wait this long first. Alone, the request is then processed normally, even if the client gave up. */
  delayMs?: number;
  /** Destroy the socket without an answer and without processing. */
  drop?: boolean;
  /** Process the request (so a POST commits), then destroy the socket without an answer. */
  dropAfterProcessing?: boolean;
  /** How many of the next matching requests this fault applies to. */
  count: number;
}

export interface RequestLogEntry {
  service: ServiceName;
  method: string;
  /** Path and query, with invite codes replaced by `:code` and secret query values by `REDACTED`. */
  path: string;
  /** 0 when the sandbox dropped the connection. */
  status: number;
  durationMs: number;
}
