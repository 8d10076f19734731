/**
 * The controller's error answers. JSON errors carry `{code, message, validation_errors?}` with the
 * controller's odd `Content-Type: text/json` (API-NOTES §8); 401s add a `WWW-Authenticate` header.
 * Path and query extraction failures come from actix before any OpenTalk code runs, so they are
 * plain text instead (`PlainTextError`).
 */
import type { SandboxResponse } from "./http-server";

export const ERROR_CONTENT_TYPE = "text/json; charset=utf-8";

export interface ValidationErrorEntry {
  field?: string;
  code: string;
  message?: string;
}

export class ApiError extends Error {
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
export class PlainTextError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }

  toResponse(): SandboxResponse {
    return { status: this.status, headers: { "Content-Type": "text/plain; charset=utf-8" }, body: this.message };
  }
}

type AuthFailureDescription = "The provided access token is invalid" | "The provided access token expired" | "The user session expired";

function wwwAuthenticate(description: AuthFailureDescription): Record<string, string> {
  return { "WWW-Authenticate": `Bearer error="invalid_token", error_description="${description}"` };
}

export const apiErrors = {
  unparsableAuthorization: () => new ApiError(401, "unauthorized", "Unable to parse access token or invite code", wwwAuthenticate("The provided access token is invalid")),
  authenticationFailed: (description: AuthFailureDescription) => new ApiError(401, "unauthorized", "Authentication failed", wwwAuthenticate(description)),
  /** ≤ 0.29: the user must `POST /v1/auth/login` once before anything else. */
  unknownSubject: () => new ApiError(401, "unknown_sub", "Unknown subject in access token. Please login first!", wwwAuthenticate("The provided access token is invalid")),
  missingUserinfoClaim: (field: string) => new ApiError(400, "bad_request", `userinfo claims are missing mandatory '${field}' field`),
  invalidClaims: () => new ApiError(400, "invalid_claims", "some required attributes are missing or malformed"),
  forbidden: () => new ApiError(403, "forbidden", "Access to the requested resource is forbidden"),
  featureDisabledByTariff: (feature: string) => new ApiError(403, "feature_disabled_by_tariff", `The user's tariff does not include the ${feature} feature`),
  notFound: () => new ApiError(404, "not_found", "A requested resource could not be found"),
  /** Invites on an encrypted room, a room with `guest_access: disabled` or without the tariff feature. */
  invitesUnavailable: (status: 403 | 404) =>
    new ApiError(status, "service_unavailable", "Invites are not available: either the guest feature is disabled, guest access is disabled for this room or the room is encrypted"),
  sipUnavailableForEncryptedRoom: (status: 403 | 404) => new ApiError(status, "service_unavailable", "SIP is not available for end-to-end encrypted rooms"),
  conflictingEvent: (roomId: string) => new ApiError(409, "conflict", `Unable to delete room with id ${roomId} due to conflicting event`),
  /** Newer 0.35 code (`ensure_guest_access_valid`): guests and end-to-end encryption exclude each other. */
  invalidGuestAccess: () => new ApiError(400, "invalid_guest_access", "Guest access cannot be enabled for encrypted rooms"),
  invalidJson: (detail: string) => new ApiError(400, "invalid_json", `Json deserialize error: ${detail}`),
  invalidContentType: () => new ApiError(400, "invalid_content_type", "Payload content type is not supported, expected application/json"),
  internal: (message = "An internal server error occurred") => new ApiError(500, "internal_server_error", message),
};
