/**
 * Who may touch a room, and whether its guest features are open. Since 0.34 authorization is derived
 * from the database before the room is even looked up, so "no such room" and "not yours" look the same:
 * 403 (API-NOTES §4). The sandbox models no event invitees or moderators: only owners get in.
 */
import { apiErrors, PlainTextError } from "./api-error";
import { ControllerContext, knowsGuestAccess } from "./controller-context";
import { isUuid } from "./json-body";
import type { SandboxControllerUser, SandboxRoom } from "./store";

export function requireRoomOf(ctx: ControllerContext, user: SandboxControllerUser, roomId: string): SandboxRoom {
  const room = ctx.store.room(roomId);
  if (!room || room.ownerId !== user.id) throw apiErrors.forbidden();
  return room;
}

/** actix's `Path<Uuid>`: a malformed id never reaches OpenTalk code. */
export function pathUuid(value: string): string {
  if (!isUuid(value)) {
    throw new PlainTextError(400, `Path deserialize error: UUID parsing failed: invalid character: expected an optional prefix of \`urn:uuid:\` followed by [0-9a-fA-F-], found \`${value.slice(0, 1)}\` at 1`);
  }
  return value.toLowerCase();
}

/**
 * Invites need a non-encrypted room, `guest_access` other than `disabled` (0.35; ≤ 0.33 had no such
 * field) and `core::guests_allowed` in the owner's tariff.
 */
export function invitesAvailable(ctx: ControllerContext, room: SandboxRoom): boolean {
  if (room.e2eEncryption) return false;
  if (knowsGuestAccess(ctx) && room.guestAccess === "disabled") return false;
  return ctx.store.tariffOf(room.ownerId).guestsAllowed;
}
