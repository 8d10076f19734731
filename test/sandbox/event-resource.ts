/**
 * Event records → the controller's JSON, in its field order (controller `events/mod.rs` serialisation
 * tests): `EventResource`, its `room` (`EventRoomInfo`, with `call_in` only when dial-in is possible) and
 * the short `EventInfo` of `GET /v1/rooms/{id}/event`. The sandbox models no favourites, shared folders,
 * streaming targets or e-mail-only invitees: those parts are absent, `invitees` holds registered users only.
 */
import type { ControllerContext } from "./controller-context";
import { publicUserProfile } from "./controller-resources";
import { callInShown } from "./room-rules";
import type { SandboxRoom } from "./store";
import type { EventDates, SandboxEvent, SandboxEventException } from "./store-events";

/**
 * Which invitees an answer lists (`invitees_max`, read by `readInviteesMax`): up to `max` of them, `invitees_truncated`
 * when there are more; or none, because the controller skipped the query — reported as truncated (`GET`/`PATCH` of
 * one event without a usable `invitees_max`, a list on ≤ 0.30 without one) or not (a new event; a list on ≥ 0.34
 * without one: BE/events/mod.rs @ v0.30.1 287–301, 337–345; events/mod.rs @ 06448d1c `build_event_resource`).
 */
export type InviteeWindow = { max: number } | { skipped: "truncated" | "complete" };

export interface EventResourceOptions {
  /** Controller user id of the caller: `invite_status` and `can_edit` are theirs. */
  viewerId: string;
  invitees: InviteeWindow;
}

export function eventResource(ctx: ControllerContext, event: SandboxEvent, options: EventResourceOptions): Record<string, unknown> {
  const room = ctx.store.room(event.roomId);
  if (!room) throw new Error(`sandbox state: event ${event.id} has no room`);
  const { invitees, truncated } = inviteesOf(ctx, event, options.invitees);
  return {
    id: event.id,
    created_by: publicUserProfile(ctx.store.userById(event.ownerId)),
    created_at: event.createdAt,
    updated_by: publicUserProfile(ctx.store.userById(event.updatedById)),
    updated_at: event.updatedAt,
    title: event.title,
    description: event.description,
    room: eventRoomInfo(ctx, room),
    invitees_truncated: truncated,
    invitees,
    ...dateFields(event.dates),
    // The caller's own invite; the creator has none, and the controller then reports "accepted" (BE/events/mod.rs @ v0.30.1 340–342).
    invite_status: ctx.store.eventInvite(event.id, options.viewerId)?.status ?? "accepted",
    is_favorite: false,
    can_edit: canEdit(event, options.viewerId),
    is_adhoc: event.isAdhoc,
    show_meeting_details: event.showMeetingDetails,
  };
}

/** Only the creator (BE/events/mod.rs @ v0.30.1 1715–1719 `can_edit`; 06448d1c `current_user.can_edit(&event)`). */
function canEdit(event: SandboxEvent, viewerId: string): boolean {
  return event.ownerId === viewerId;
}

/**
 * `EventInvitee`: `{profile: {kind: "registered", …public profile, role}, status}` (BE/events/mod.rs @ v0.30.1
 * 941–949 and its serialisation test), oldest invite first.
 */
function inviteesOf(ctx: ControllerContext, event: SandboxEvent, window: InviteeWindow): { invitees: unknown[]; truncated: boolean } {
  if ("skipped" in window) return { invitees: [], truncated: window.skipped === "truncated" };
  const all = ctx.store.eventInvites(event.id);
  const invitees = all.slice(0, window.max).map((invite) => ({
    profile: { kind: "registered", ...publicUserProfile(ctx.store.userById(invite.inviteeId)), role: invite.role },
    status: invite.status,
  }));
  return { invitees, truncated: all.length > window.max };
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
export function eventExceptionResource(ctx: ControllerContext, exception: SandboxEventException, event: SandboxEvent, viewerId: string): Record<string, unknown> {
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
  return { ...resource, original_starts_at: { ...exception.originalStartsAt }, type: "exception", status: exception.status, can_edit: canEdit(event, viewerId) };
}

/**
 * `EventInfo` for `GET /v1/rooms/{id}/event`. From 0.35 `password_required` depends on the caller: the owner and
 * the event's invitees need no password (CHANGELOG 0.35.0 "Make password_required role-aware", !2748; SVC rooms
 * read_file id 68534251361 `get_room_event`: `is_privileged_user` = creator or an event invite for the room).
 */
export function roomEventInfo(ctx: ControllerContext, event: SandboxEvent, room: SandboxRoom, callerIsPrivileged: boolean): Record<string, unknown> {
  return {
    id: event.id,
    room_id: room.id,
    title: event.title,
    is_adhoc: event.isAdhoc,
    e2e_encryption: room.e2eEncryption,
    password_required: room.password !== null && !(ctx.profile.passwordRequiredIsRoleAware && callerIsPrivileged),
  };
}
