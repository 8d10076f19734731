/**
 * Event records → the controller's JSON, in its field order (controller `events/mod.rs` serialisation
 * tests): `EventResource`, its `room` (`EventRoomInfo`, with `call_in` only when dial-in is possible) and
 * the short `EventInfo` of `GET /v1/rooms/{id}/event`. The sandbox models no invitees, favourites,
 * shared folders or streaming targets: `invitees` is always empty and the optional parts are absent.
 */
import { ControllerContext, knowsGuestAccess } from "./controller-context";
import { publicUserProfile } from "./controller-resources";
import type { SandboxRoom } from "./store";
import type { EventDates, SandboxEvent } from "./store-events";

export interface EventResourceOptions {
  /**
   * `GET`/`PATCH /v1/events/{id}` without `invitees_max` answer `true` (the controller skips the invitee
   * query and reports the list as truncated); with it, and on create and list, `false`.
   */
  inviteesTruncated: boolean;
}

export function eventResource(ctx: ControllerContext, event: SandboxEvent, options: EventResourceOptions): Record<string, unknown> {
  const room = ctx.store.room(event.roomId);
  if (!room) throw new Error(`sandbox state: event ${event.id} has no room`);
  return {
    id: event.id,
    created_by: publicUserProfile(ctx.store.userById(event.ownerId)),
    created_at: event.createdAt,
    updated_by: publicUserProfile(ctx.store.userById(event.updatedById)),
    updated_at: event.updatedAt,
    title: event.title,
    description: event.description,
    room: eventRoomInfo(ctx, room),
    invitees_truncated: options.inviteesTruncated,
    invitees: [],
    ...dateFields(event.dates),
    // The creator has no event invite; the controller then reports "accepted".
    invite_status: "accepted",
    is_favorite: false,
    // Only the owner gets this far in the sandbox, and the owner may edit.
    can_edit: true,
    is_adhoc: event.isAdhoc,
    show_meeting_details: event.showMeetingDetails,
  };
}

function dateFields(dates: EventDates | null): Record<string, unknown> {
  if (dates === null) return { is_time_independent: true, type: "single" };
  const fields: Record<string, unknown> = {
    is_time_independent: false,
    is_all_day: dates.isAllDay,
    starts_at: { ...dates.startsAt },
    ends_at: { ...dates.endsAt },
  };
  if (dates.recurrencePattern.length > 0) fields.recurrence_pattern = [...dates.recurrencePattern];
  fields.type = dates.recurrencePattern.length > 0 ? "recurring" : "single";
  return fields;
}

export function eventRoomInfo(ctx: ControllerContext, room: SandboxRoom): Record<string, unknown> {
  const info: Record<string, unknown> = { id: room.id };
  if (room.password !== null) info.password = room.password;
  info.waiting_room = room.waitingRoom;
  if (knowsGuestAccess(ctx)) info.guest_access = room.guestAccess;
  info.e2e_encryption = room.e2eEncryption;
  const sip = ctx.store.sipConfig(room.id);
  if (ctx.callInTel && sip && callInAllowed(ctx, room)) info.call_in = { tel: ctx.callInTel, id: sip.sipId, password: sip.password };
  return info;
}

/**
 * `is_call_in_allowed`: no dial-in into encrypted rooms, and the owner's tariff needs `call_in`; since
 * 0.35 (`check_call_in`) also guest access on and `guests_allowed`, as dial-in users are guests.
 */
function callInAllowed(ctx: ControllerContext, room: SandboxRoom): boolean {
  const tariff = ctx.store.tariffOf(room.ownerId);
  if (room.e2eEncryption || !tariff.callIn) return false;
  return !knowsGuestAccess(ctx) || (room.guestAccess !== "disabled" && tariff.guestsAllowed);
}

/** `EventInfo` for `GET /v1/rooms/{id}/event`. */
export function roomEventInfo(event: SandboxEvent, room: SandboxRoom): Record<string, unknown> {
  return {
    id: event.id,
    room_id: room.id,
    title: event.title,
    is_adhoc: event.isAdhoc,
    e2e_encryption: room.e2eEncryption,
    password_required: room.password !== null,
  };
}
