/**
 * Event records → the controller's JSON, in its field order (controller `events/mod.rs` serialisation
 * tests): `EventResource`, its `room` (`EventRoomInfo`, with `call_in` only when dial-in is possible) and
 * the short `EventInfo` of `GET /v1/rooms/{id}/event`. The sandbox models no invitees, favourites,
 * shared folders or streaming targets: `invitees` is always empty and the optional parts are absent.
 */
import type { ControllerContext } from "./controller-context";
import { publicUserProfile } from "./controller-resources";
import { callInShown } from "./room-rules";
import type { SandboxRoom } from "./store";
import type { EventDates, SandboxEvent, SandboxEventException } from "./store-events";

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

/** `EventRoomInfo` (types `events/event_room_info.rs` 20–51; events/mod.rs @ 06448d1c `from_room` adds `alias`). */
export function eventRoomInfo(ctx: ControllerContext, room: SandboxRoom): Record<string, unknown> {
  const info: Record<string, unknown> = { id: room.id };
  if (ctx.profile.roomNames && room.alias) info.alias = room.alias;
  if (room.password !== null) info.password = room.password;
  info.waiting_room = room.waitingRoom;
  if (ctx.profile.guestAccess) info.guest_access = room.guestAccess;
  info.e2e_encryption = room.e2eEncryption;
  const sip = ctx.store.sipConfig(room.id);
  if (sip && callInShown(ctx, room)) info.call_in = { tel: ctx.callInTel, id: sip.sipId, password: sip.password };
  return info;
}

/**
 * `EventExceptionResource` (the alpha OpenAPI file's schema): `id` is `{event_id}_{instance_id}`, the instance id
 * the overridden start in UTC as `YYYYMMDDTHHMMSSZ`.
 */
export function eventExceptionResource(ctx: ControllerContext, exception: SandboxEventException): Record<string, unknown> {
  const instanceId = exception.originalStartsAt.datetime.replace(/\.\d+/, "").replace(/[-:]/g, "");
  const author = publicUserProfile(ctx.store.userById(exception.createdById));
  const resource: Record<string, unknown> = {
    id: `${exception.eventId}_${instanceId}`,
    recurring_event_id: exception.eventId,
    instance_id: instanceId,
    created_by: author,
    created_at: exception.createdAt,
    updated_by: author,
    updated_at: exception.updatedAt,
  };
  if (exception.title !== undefined) resource.title = exception.title;
  if (exception.description !== undefined) resource.description = exception.description;
  if (exception.isAllDay !== undefined) resource.is_all_day = exception.isAllDay;
  if (exception.startsAt) resource.starts_at = { ...exception.startsAt };
  if (exception.endsAt) resource.ends_at = { ...exception.endsAt };
  return { ...resource, original_starts_at: { ...exception.originalStartsAt }, type: "exception", status: exception.status, can_edit: true };
}

/**
 * `EventInfo` for `GET /v1/rooms/{id}/event`. From 0.35 `password_required` depends on the caller: the owner
 * needs no password (CHANGELOG 0.35.0 "Make password_required role-aware", !2748).
 */
export function roomEventInfo(ctx: ControllerContext, event: SandboxEvent, room: SandboxRoom, callerIsOwner: boolean): Record<string, unknown> {
  return {
    id: event.id,
    room_id: room.id,
    title: event.title,
    is_adhoc: event.isAdhoc,
    e2e_encryption: room.e2eEncryption,
    password_required: room.password !== null && !(ctx.profile.passwordRequiredIsRoleAware && callerIsOwner),
  };
}
