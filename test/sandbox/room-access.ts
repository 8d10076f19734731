/**
 * Who may touch a room or event. The authorization layer answers before any handler, so "no such room",
 * "not yours" and "not even an id" all look the same: 403 with an empty body (kustos middleware.rs 117–193 @
 * v0.29.0/v0.30.1, policies only per existing id; ≥ 0.34 `Admission::Denied` for unknown or unparsable path
 * parameters, AZ/src/middleware/authorization_service.rs @ 0c841ec6).
 *
 * Owners may do everything here. A registered user invited to an event (`controller-event-invites.ts`) may read it:
 * ≤ 0.30 through the kustos policies the invite grants (`event_read_access`, `room_read_access`:
 * BE/events/mod.rs @ v0.30.1 1740–1766, BE/rooms/mod.rs @ v0.30.1 431–461), ≥ 0.34 through the role the database
 * authorizer derives from the invite row (`Role::Invited(role)`, AZDB/src/common.rs read_file id 68457826021) and each
 * resource's ACL: Event `r-` for invitees (AZDB event/event.rs, read_file ids 68393366002, 68314069771), RoomEvent
 * `r-` (room/event.rs, ids 68325795298, 68364235240), EventInvites `r-` (event/invites.rs @ 3fd047da, id
 * 68655817462). What differs per release is in the profile's `inviteeRoomReads`. The sandbox models no moderators
 * other than invited ones.
 */
import { apiErrors, PlainTextError } from "./api-error";
import type { ControllerContext } from "./controller-context";
import { isUuid } from "./json-body";
import type { SandboxControllerUser, SandboxRoom } from "./store";
import type { SandboxEvent } from "./store-events";

/** The caller's relation to an event (and so to its room). */
export type EventRole = "owner" | "moderator" | "user" | "unrelated";

/** What of a room an invitee asks for: the room, its guest links, its SIP config (the event is always readable). */
export type RoomRead = "room" | "event" | "guestLinks" | "sip";

/** A room by id, or on 0.35 (`{room_id_or_alias}` routes, resource.rs @ 46daa1b0) by alias. */
export function findRoom(ctx: ControllerContext, idOrAlias: string): SandboxRoom | undefined {
  if (isUuid(idOrAlias)) return ctx.store.room(idOrAlias);
  return ctx.profile.roomNames ? ctx.store.roomByAlias(idOrAlias) : undefined;
}

export function eventRole(ctx: ControllerContext, user: SandboxControllerUser, event: SandboxEvent): EventRole {
  if (event.ownerId === user.id) return "owner";
  return ctx.store.eventInvite(event.id, user.id)?.role ?? "unrelated";
}

/** The caller's relation to a room: its owner's, or the one they have to the room's event. */
export function roomRole(ctx: ControllerContext, user: SandboxControllerUser, room: SandboxRoom): EventRole {
  if (room.ownerId === user.id) return "owner";
  const event = ctx.store.eventForRoom(room.id);
  return event ? eventRole(ctx, user, event) : "unrelated";
}

/** Owner only: every write, and every read not granted to invitees. */
export function requireRoomOf(ctx: ControllerContext, user: SandboxControllerUser, idOrAlias: string): SandboxRoom {
  const room = findRoom(ctx, idOrAlias);
  if (!room || room.ownerId !== user.id) throw apiErrors.forbidden();
  return room;
}

/** A read of a room (GET only): the owner, or an invitee of its event where the release grants that read. */
export function requireReadableRoom(ctx: ControllerContext, user: SandboxControllerUser, idOrAlias: string, read: RoomRead): SandboxRoom {
  const room = findRoom(ctx, idOrAlias);
  if (!room || !inviteeMayRead(ctx, roomRole(ctx, user, room), read)) throw apiErrors.forbidden();
  return room;
}

/** Owner only: PATCH/DELETE of the event, its invites' writes (kustos `event_write_access`; ACL Event `rw` owner). */
export function requireEventOf(ctx: ControllerContext, user: SandboxControllerUser, eventId: string): SandboxEvent {
  const event = isUuid(eventId) ? ctx.store.event(eventId) : undefined;
  if (!event || event.ownerId !== user.id) throw apiErrors.forbidden();
  return event;
}

/** `GET /v1/events/{id}`: the owner and every invitee, on every release. */
export function requireReadableEvent(ctx: ControllerContext, user: SandboxControllerUser, eventId: string): SandboxEvent {
  const event = isUuid(eventId) ? ctx.store.event(eventId) : undefined;
  if (!event || eventRole(ctx, user, event) === "unrelated") throw apiErrors.forbidden();
  return event;
}

function inviteeMayRead(ctx: ControllerContext, role: EventRole, read: RoomRead): boolean {
  if (role === "owner") return true;
  if (role === "unrelated") return false;
  const reads = ctx.profile.inviteeRoomReads;
  switch (read) {
    case "event":
      return true;
    case "room":
      return reads.room === "invitees" || role === "moderator";
    case "guestLinks":
      return reads.guestLinks;
    case "sip":
      return reads.sip;
  }
}

/**
 * actix's `Path<Uuid>` where the authorization layer let the request through (e.g. an owner's kustos policy
 * `/rooms/{id}/invites/*`): `ErrorNotFound`, a plain-text 404 (actix `types/path.rs` 75–99; release-029-030-auth.md §7).
 */
export function pathUuid(value: string): string {
  if (!isUuid(value)) {
    throw new PlainTextError(404, `UUID parsing failed: invalid character: expected an optional prefix of \`urn:uuid:\` followed by [0-9a-fA-F-], found \`${value.slice(0, 1)}\` at 1`);
  }
  return value.toLowerCase();
}
