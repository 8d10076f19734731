/**
 * The controller's failure answers, thrown by handlers and turned into responses in `controller.ts`.
 * - `ApiError`: JSON `{code, message, validation_errors?}` with the controller's odd `Content-Type: text/json`
 *   (types-api-v1 `src/error/api_error.rs` 172–193); 401s may add a `WWW-Authenticate` header.
 * - `PlainTextError`: actix's own extractor errors (path, query), before any OpenTalk code runs.
 * - `EmptyAnswer`: no body and no Content-Type — the authorization layer's denials (kustos
 *   `HttpResponse::Forbidden().finish()`, crates/kustos/src/actix_web/middleware.rs 175 @ v0.29.0/v0.30.1;
 *   `Admission::Denied` in AZ/src/middleware/authorization_service.rs @ 0c841ec6), 0.35's `Gone` and its
 *   `AuthenticationRequired` 401.
 */
import type { SandboxResponse } from "./http-server";

export const ERROR_CONTENT_TYPE = "text/json; charset=utf-8";

export interface ValidationErrorEntry {
  field?: string;
  code: string;
  message?: string;
}

export abstract class ControllerFailure extends Error {
  abstract readonly status: number;
  abstract toResponse(): SandboxResponse;
}

export class ApiError extends ControllerFailure {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
    readonly validationErrors: ValidationErrorEntry[] = [],
  ) {
    super(message);
  }

  toResponse(): SandboxResponse {
    const body: Record<string, unknown> = { code: this.code, message: this.message };
    if (this.validationErrors.length > 0) body.validation_errors = this.validationErrors;
    return { status: this.status, headers: { "Content-Type": ERROR_CONTENT_TYPE, ...this.headers }, body: JSON.stringify(body) };
  }
}

/** actix-web's own extractor errors: `text/plain`, not JSON. */
export class PlainTextError extends ControllerFailure {
  constructor(readonly status: number, message: string) {
    super(message);
  }

  toResponse(): SandboxResponse {
    return { status: this.status, headers: { "Content-Type": "text/plain; charset=utf-8" }, body: this.message };
  }
}

export class EmptyAnswer extends ControllerFailure {
  constructor(readonly status: number, readonly headers: Record<string, string> = {}) {
    super(`empty ${status}`);
  }

  toResponse(): SandboxResponse {
    return { status: this.status, headers: { ...this.headers } };
  }
}

type AuthFailureDescription = "The provided access token is invalid" | "The provided access token expired" | "The user session expired" | "The provided id token is invalid";

/** types-api-v1 `authentication_error.rs` 22–50: always `invalid_token`, one of four descriptions. */
function wwwAuthenticate(description: AuthFailureDescription): Record<string, string> {
  return { "WWW-Authenticate": `Bearer error="invalid_token", error_description="${description}"` };
}

export const apiErrors = {
  unparsableAuthorization: () => new ApiError(401, "unauthorized", "Unable to parse access token or invite code", wwwAuthenticate("The provided access token is invalid")),
  /** core/api/v1/turn.rs @ v0.29.x 194–206: the TURN handler's own Bearer extractor. */
  unparsableTurnAuthorization: () => new ApiError(401, "unauthorized", "Unable to parse Authentication Bearer header", wwwAuthenticate("The provided access token is invalid")),
  authenticationFailed: (description: AuthFailureDescription) => new ApiError(401, "unauthorized", "Authentication failed", wwwAuthenticate(description)),
  /** 0.29 (user_auth/mod.rs @ v0.29.0 325–331): the user must `POST /v1/auth/login` first; no WWW-Authenticate. */
  unknownSubject: () => new ApiError(401, "unknown_sub", "Unknown subject in access token. Please login first!"),
  /** 0.29 (user_auth/mod.rs @ v0.29.0 258–263): the ID token of the last login has expired. */
  sessionExpired: () => new ApiError(401, "unauthorized", "The session for this user has expired", wwwAuthenticate("The user session expired")),
  missingUserinfoClaim: (field: string) => new ApiError(400, "bad_request", `userinfo claims are missing mandatory '${field}' field`),
  invalidClaims: () => new ApiError(400, "invalid_claims", "some required attributes are missing or malformed"),
  /** The authorization layer: no such resource, not yours, malformed id, no policy for this path or method. */
  forbidden: () => new EmptyAnswer(403),
  /** 0.35: a resource that needs a registered user, asked without a token (`Admission::AuthenticationRequired`). */
  authenticationRequired: () => new EmptyAnswer(401),
  /** 0.35 invite API (AW/src/response.rs read_file id 68820887290, `impl Responder for Gone`). */
  gone: () => new EmptyAnswer(410),
  /** helpers/mod.rs 122–147 @ v0.30.1 (`feature_disabled_by_tariff`); ≥ 0.34 `FeatureRequiredError` (read_file id 67231208463). */
  featureMissing: (code: "feature_disabled_by_tariff" | "feature_disabled", feature: string) =>
    new ApiError(403, code, code === "feature_disabled" ? `The feature "${feature}" is disabled` : `The user's tariff does not include the ${feature} feature`),
  notFound: () => new ApiError(404, "not_found", "A requested resource could not be found"),
  /** Invites on an encrypted room, a room with `guest_access: disabled` or without the tariff feature (0.34). */
  invitesUnavailable: (status: 403 | 404) =>
    new ApiError(status, "service_unavailable", "Invites are not available: either the guest feature is disabled, guest access is disabled for this room or the room is encrypted"),
  /** BE/sip_configs.rs 28–33, 63–68 @ v0.30.1; ≥ 0.34 GET /sip keeps it (SVC sip_configs.rs read_file id 68292560673). */
  sipUnavailableForEncryptedRoom: (status: 403 | 404) => new ApiError(status, "service_unavailable", "Call-in not available for end-to-end encrypted room"),
  /** ≥ 0.34 `call_in_unavailable_error` (SVC services/call_in.rs, read_file id 68437665055). */
  callInUnavailable: (reason: "encrypted" | "no-guests") =>
    new ApiError(403, "service_unavailable", reason === "encrypted" ? "call-in is not available for encrypted rooms" : "call-in is not available for rooms without guest access"),
  conflictingEvent: (roomId: string) => new ApiError(409, "conflict", `Unable to delete room with id ${roomId} due to conflicting event`),
  /** Unverified status for a duplicate alias (release-034-035.md §2: "Taken name / conflict … Unverified"). */
  conflict: () => new ApiError(409, "conflict", "The request conflicts with the state of the resource"),
  /** SVC/utils.rs @ 46daa1b0 `ensure_guest_access_valid`: guests and end-to-end encryption exclude each other. */
  invalidGuestAccess: () => new ApiError(400, "invalid_guest_access", "Guest access cannot be enabled for encrypted rooms"),
  /** An event invite by e-mail for an address no user has (BE/events/invites.rs @ v0.30.1 `create_invite_to_non_matching_email`). */
  unknownEmail: () => new ApiError(409, "unknown_email", "Only emails registered with the systems are allowed to be used for invites"),
  badRequest: (message: string) => new ApiError(400, "bad_request", message),
  validationFailed: (entries: ValidationErrorEntry[]) => new ApiError(422, "validation_failed", "Some provided values are invalid", {}, entries),
  invalidJson: (detail: string) => new ApiError(400, "invalid_json", `Json deserialize error: ${detail}`),
  invalidContentType: () => new ApiError(400, "invalid_content_type", "Payload content type is not supported, expected application/json"),
  internal: (message = "An internal server error occurred") => new ApiError(500, "internal_server_error", message),
};
