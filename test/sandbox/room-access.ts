/**
 * Who may touch a room or event. The authorization layer answers before any handler, so "no such room",
 * "not yours" and "not even an id" all look the same: 403 with an empty body (kustos middleware.rs 117–193 @
 * v0.29.0/v0.30.1, policies only per existing id; ≥ 0.34 `Admission::Denied` for unknown or unparsable path
 * parameters, AZ/src/middleware/authorization_service.rs @ 0c841ec6). The sandbox models no event invitees or
 * moderators: only owners get in.
 */
import { apiErrors, PlainTextError } from "./api-error";
import type { ControllerContext } from "./controller-context";
import { isUuid } from "./json-body";
import type { SandboxControllerUser, SandboxRoom } from "./store";
import type { SandboxEvent } from "./store-events";

/** A room by id, or on 0.35 (`{room_id_or_alias}` routes, resource.rs @ 46daa1b0) by alias. */
export function findRoom(ctx: ControllerContext, idOrAlias: string): SandboxRoom | undefined {
  if (isUuid(idOrAlias)) return ctx.store.room(idOrAlias);
  return ctx.profile.roomNames ? ctx.store.roomByAlias(idOrAlias) : undefined;
}

export function requireRoomOf(ctx: ControllerContext, user: SandboxControllerUser, idOrAlias: string): SandboxRoom {
  const room = findRoom(ctx, idOrAlias);
  if (!room || room.ownerId !== user.id) throw apiErrors.forbidden();
  return room;
}

export function requireEventOf(ctx: ControllerContext, user: SandboxControllerUser, eventId: string): SandboxEvent {
  const event = isUuid(eventId) ? ctx.store.event(eventId) : undefined;
  if (!event || event.ownerId !== user.id) throw apiErrors.forbidden();
  return event;
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
