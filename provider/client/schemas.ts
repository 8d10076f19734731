import { z } from "zod";

/**
 * One schema per wire type this package reads, after the controller's real behaviour (API-NOTES), not only the
 * published spec. Unknown fields are tolerated (stripped), so newer controllers keep working; enum-like strings
 * such as `guest_access` are plain strings for the same reason.
 *
 * This module is only ever loaded with require() — never captured by a serialized provider — so module-scope
 * schemas are safe here.
 */

// --- discovery ---------------------------------------------------------------------------------------------------

export const FrontendWellKnown = z.object({
  opentalk_controller: z.object({ base_url: z.string().min(1) }),
});

export const ControllerWellKnown = z.object({
  opentalk_api: z.object({ v1: z.object({ base_url: z.string().min(1) }) }),
});

export const OidcProviderInfo = z.object({
  oidc: z.object({ name: z.string().min(1), url: z.string().min(1) }),
});

export const OpenIdConfiguration = z.object({
  issuer: z.string().min(1),
  token_endpoint: z.string().min(1),
});

// --- Keycloak ----------------------------------------------------------------------------------------------------

export const TokenResponse = z.object({
  access_token: z.string().min(1),
  expires_in: z.number(),
  refresh_token: z.string().min(1).optional(),
  refresh_expires_in: z.number().optional(),
  id_token: z.string().min(1).optional(),
  token_type: z.string().optional(),
});
export type TokenResponse = z.infer<typeof TokenResponse>;

export const KeycloakErrorBody = z.object({
  error: z.string(),
  error_description: z.string().optional(),
});

// --- controller --------------------------------------------------------------------------------------------------

export const ControllerErrorBody = z.object({
  code: z.string(),
  message: z.string().optional(),
  validation_errors: z
    .array(z.object({ field: z.string().optional(), code: z.string(), message: z.string().optional() }))
    .optional(),
});

export const PublicUserProfile = z.object({
  id: z.string(),
  email: z.string(),
  firstname: z.string().optional(),
  lastname: z.string().optional(),
  display_name: z.string().optional(),
});

export const PrivateUserProfile = PublicUserProfile.extend({
  tariff_id: z.string().optional(),
});
export type PrivateUserProfile = z.infer<typeof PrivateUserProfile>;

export const Room = z.object({
  id: z.string().min(1),
  created_by: PublicUserProfile,
  created_at: z.string(),
  /** Omitted when the room has no password. */
  password: z.string().optional(),
  waiting_room: z.boolean(),
  /** Controllers from 0.34 only. */
  guest_access: z.string().optional(),
  /** Controllers from 0.35 only: `name` or `name_suffix`, omitted without a name. */
  alias: z.string().nullable().optional(),
});
export type Room = z.infer<typeof Room>;

export const RoomList = z.array(Room);

export const SipConfig = z.object({
  room: z.string(),
  sip_id: z.string(),
  password: z.string(),
  lobby: z.boolean(),
});
export type SipConfig = z.infer<typeof SipConfig>;

export const Invite = z.object({
  invite_code: z.string().min(1),
  room_id: z.string(),
  active: z.boolean(),
  expiration: z.string().nullable(),
  created: z.string().optional(),
  created_by: PublicUserProfile.optional(),
  updated: z.string().optional(),
});
export type Invite = z.infer<typeof Invite>;

export const InviteList = z.array(Invite);

export const InviteVerification = z.object({
  room_id: z.string(),
  password_required: z.boolean(),
});
export type InviteVerification = z.infer<typeof InviteVerification>;

export const Tariff = z.object({
  id: z.string(),
  name: z.string(),
  modules: z.record(z.string(), z.object({ features: z.array(z.string()).optional() }).loose()).optional(),
});
export type Tariff = z.infer<typeof Tariff>;

// --- events (meetings) -------------------------------------------------------------------------------------------

/** A point in time with the zone it was entered in: `{"datetime":"2026-12-01T09:00:00Z","timezone":"Europe/Berlin"}`. */
export const DateTimeTz = z.object({ datetime: z.string(), timezone: z.string() });
export type DateTimeTz = z.infer<typeof DateTimeTz>;

/** SIP dial-in of an event's room: needs controller `call_in.tel`, a tariff with call-in, no e2ee. */
export const CallIn = z.object({ tel: z.string(), id: z.string(), password: z.string(), uri: z.string().nullable().optional() });
export type CallIn = z.infer<typeof CallIn>;

export const EventRoom = z.object({
  id: z.string().min(1),
  password: z.string().nullable().optional(),
  waiting_room: z.boolean(),
  e2e_encryption: z.boolean().optional(),
  guest_access: z.string().optional(),
  alias: z.string().nullable().optional(),
  call_in: CallIn.nullable().optional(),
});

/**
 * EventResource. `POST /v1/events` answers 200 (the spec says 201). Dated events carry `starts_at`/`ends_at`
 * (and `recurrence_pattern` when recurring); time-independent ones do not. List items may be exceptions
 * (`type: "exception"`) with fewer fields, hence the optional ones.
 */
export const Event = z.object({
  id: z.string().min(1),
  title: z.string().optional(),
  description: z.string().optional(),
  is_adhoc: z.boolean().optional(),
  is_time_independent: z.boolean().optional(),
  is_all_day: z.boolean().nullable().optional(),
  type: z.string().optional(),
  starts_at: DateTimeTz.nullable().optional(),
  ends_at: DateTimeTz.nullable().optional(),
  recurrence_pattern: z.array(z.string()).optional(),
  room: EventRoom.optional(),
  created_by: PublicUserProfile.optional(),
  created_at: z.string().optional(),
  updated_at: z.string().optional(),
});
export type Event = z.infer<typeof Event>;

/** `GET /v1/rooms/{id}/event`: the event a room belongs to. */
export const RoomEvent = z.object({
  id: z.string(),
  room_id: z.string(),
  title: z.string(),
  is_adhoc: z.boolean(),
  e2e_encryption: z.boolean().optional(),
  password_required: z.boolean().optional(),
});
export type RoomEvent = z.infer<typeof RoomEvent>;
