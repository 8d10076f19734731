/**
 * Where the released controllers differ from the alpha OpenAPI file (opentalk-controller-api-v0.35.0-alpha.yaml),
 * in one place. The sandbox reproduces the real behaviour; `conformance.test.ts` checks every sandbox answer of
 * the 0.34 and 0.35 profiles against the file and accepts a difference only if it is listed here. Sources:
 * API-NOTES §8, §10; RELEASES.md; /tmp/research release-034-035.md (cited per entry).
 */

export interface StatusDeviation {
  method: string;
  /** The path as the OpenAPI file spells it (relative to its `/v1` server). */
  path: string;
  status: number;
  /** The documented status whose body schema the real answer follows, if any. */
  replaces?: number;
  why: string;
}

const INVITE_OPERATIONS = [
  ["GET", "/rooms/{room_id}/invites"],
  ["POST", "/rooms/{room_id}/invites"],
  ["GET", "/rooms/{room_id}/invites/{invite_code}"],
  ["PUT", "/rooms/{room_id}/invites/{invite_code}"],
  ["DELETE", "/rooms/{room_id}/invites/{invite_code}"],
];

/** Statuses an operation answers although its entry in the file does not list them. */
export const STATUS_DEVIATIONS: readonly StatusDeviation[] = [
  { method: "POST", path: "/rooms", status: 200, replaces: 201, why: "POST /rooms answers 200, not 201 (§10.1; v0.30.1 API/rooms/mod.rs 115–134)" },
  { method: "POST", path: "/rooms", status: 403, why: "tariff and call-in gates: enable_sip, guest access without guests_allowed (§4; SVC rooms read_file id 68534251361)" },
  { method: "PATCH", path: "/rooms/{room_id}", status: 403, why: "a missing or foreign room is 403; the file lists no 403 for PATCH (§10.2)" },
  { method: "DELETE", path: "/rooms/{room_id}", status: 409, why: "a room that belongs to an event cannot be deleted (§10.3; utils/src/deletion/room.rs 108–115)" },
  { method: "POST", path: "/invite/verify", status: 400, why: "body errors are 400 invalid_json, not 422 (§10.4)" },
  { method: "POST", path: "/events", status: 200, replaces: 201, why: "POST /events answers 200, not 201 (§10.1; AW events/mod.rs @ 6ec83a4d returns Json)" },
  { method: "POST", path: "/events", status: 403, why: "guest access without guests_allowed (§7; SVC/utils.rs @ 46daa1b0 ensure_guest_access_valid)" },
  { method: "POST", path: "/events", status: 422, why: "bad dates or recurrence: 422 invalid_event (parse_event_dt_params, events/mod.rs @ 06448d1c)" },
  { method: "PATCH", path: "/events/{event_id}", status: 422, why: "bad dates or recurrence: 422 invalid_event (parse_event_dt_params, events/mod.rs @ 06448d1c)" },
  { method: "GET", path: "/rooms/{room_id}/event", status: 404, why: "a room without an event; the description says so, the responses omit it (§10.7)" },
  ...INVITE_OPERATIONS.map(([method, path]) => ({
    method,
    path,
    status: 410,
    why: "0.35.0 removed the invite API: every method answers Gone (AW/src/v1/rooms/by_id/invites.rs @ 46daa1b0, read_file id 68355238986; RELEASES.md)",
  })),
];

/**
 * Answers without body and Content-Type, and why. Any operation may get them, since they come from layers in
 * front of the handlers.
 */
export const EMPTY_ANSWERS: Readonly<Record<number, string>> = {
  401: "0.35: a caller without a token where a registered user is needed, `Admission::AuthenticationRequired` (AZ authorization_service.rs read_file id 68408145380)",
  403: "the authorization layer's denial, missing/foreign/malformed ids included: kustos `HttpResponse::Forbidden().finish()` (middleware.rs 175 @ v0.30.1), `Admission::Denied` ≥ 0.34 (@ 0c841ec6); RELEASES.md 'Every release'",
  410: "0.35: the removed invite API's `Gone` (AW/src/response.rs read_file id 68820887290)",
};

/**
 * Schemas replaced before validating. The file's `is_time_independent` markers accept any value, so a
 * dated event matches both variants of `EventResourceDateKind` and fails its `oneOf`; the real markers
 * serialise to exactly `true` and `false`.
 */
export const SCHEMA_OVERRIDES: Readonly<Record<string, object>> = {
  TimeIndependentMarker: { const: true, description: "Marker type that serializes to `true`" },
  TimeDependentMarker: { const: false, description: "Marker type that serializes to `false`" },
};

/**
 * Statuses any operation may answer: 400 from actix's query extractor, from body deserialisation, and
 * `bad_request` when userinfo lacks a mandatory claim (≥ 0.30, §3).
 */
export const STATUSES_ANY_OPERATION_MAY_ANSWER: readonly number[] = [400];

/** JSON error bodies come as `text/json`, not the `application/json` the file declares (§10.5). */
export const ERROR_CONTENT_TYPE = "text/json; charset=utf-8";

/** actix's own extractor errors (path, query) are plain text, not `ErrorBody` (§8). */
export const PLAIN_TEXT_ERROR_CONTENT_TYPE = "text/plain; charset=utf-8";

/**
 * Most error responses in the file have no content; the real ones carry the file's `ErrorBody`
 * (`validation_errors` omitted when empty).
 */
export const ERROR_BODY_SCHEMA = "#/components/schemas/ErrorBody";

/** Operations that send a `Link` pagination header the file does not declare (§10.8). */
export const UNDECLARED_LINK_HEADERS: readonly string[] = ["GET /rooms/{room_id}/invites"];
