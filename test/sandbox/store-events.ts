/**
 * Events (meetings) in the sandbox's data, kept out of `store.ts` for size; `SandboxStore` exposes these
 * methods. An event always owns one room: creating it creates the room (and a SIP config, as the
 * controller does unconditionally), deleting it deletes the room with its SIP config and invites, and the event's
 * invites of registered users.
 * No rule checks here: the HTTP routes enforce the controller's rules; tests use these for out-of-band
 * changes (a meeting edited in the web UI, one that vanished).
 */
import * as crypto from "node:crypto";
import type { DateTimeTzRecord, EventDatesRecord, EventExceptionRecord, EventRecord, SandboxState } from "./state";
import { nowWithMicroseconds } from "./timestamps";
import type { GuestAccess } from "./types";
import type { RoomSettings, SandboxInvite, SandboxRoom } from "./store";

export type SandboxEvent = EventRecord;
export type EventDates = EventDatesRecord;
export type DateTimeTz = DateTimeTzRecord;
export type SandboxEventException = EventExceptionRecord;

/** What an exception overrides; `originalStartsAt` names the occurrence. */
export interface EventExceptionSettings {
  originalStartsAt: DateTimeTz;
  title?: string;
  description?: string;
  isAllDay?: boolean;
  startsAt?: DateTimeTz;
  endsAt?: DateTimeTz;
  /** Default `"ok"`; `"cancelled"` cancels the occurrence. */
  status?: "ok" | "cancelled";
}

/** An event as `POST /v1/events` takes it; everything optional, defaults as the controller's. */
export interface EventSettings {
  /** Default `"Sandbox meeting"`. */
  title?: string;
  /** Default `""`. */
  description?: string;
  isAdhoc?: boolean;
  showMeetingDetails?: boolean;
  /** Absent or `null`: time-independent. */
  dates?: EventDates | null;
  password?: string | null;
  waitingRoom?: boolean;
  e2eEncryption?: boolean;
  guestAccess?: GuestAccess;
  /** 0.35 `room_name`: the name the event's room gets its alias from. */
  roomName?: string | null;
  /** Default true: `POST /v1/events` always creates a SIP config for the room. */
  enableSip?: boolean;
}

/** Absent fields stay. `dates: null` makes the event time-independent; `password: null` removes it. */
export interface EventPatch extends Omit<EventSettings, "enableSip"> {
  /** Who edits (controller user id); default the owner. */
  byUserId?: string;
}

/** What `EventBook` needs from the room side of the store. */
export interface RoomOperations {
  insertRoom(ownerId: string, settings: RoomSettings): SandboxRoom;
  updateRoom(id: string, patch: Omit<RoomSettings, "enableSip">): SandboxRoom;
  deleteRoom(id: string): boolean;
  attachEvent(roomId: string, eventId: string | null): SandboxRoom;
  rooms(): SandboxRoom[];
  invites(roomId: string): SandboxInvite[];
  createInvite(roomId: string, expiration: string | null, byUserId?: string): SandboxInvite;
}

export class EventBook {
  constructor(
    private readonly state: SandboxState,
    private readonly rooms: RoomOperations,
  ) {}

  all(): SandboxEvent[] {
    return this.state.data.events.map(copyEvent);
  }

  get(id: string): SandboxEvent | undefined {
    const event = this.find(id);
    return event && copyEvent(event);
  }

  forRoom(roomId: string): SandboxEvent | undefined {
    const event = this.state.data.events.find((e) => e.roomId === roomId.toLowerCase());
    return event && copyEvent(event);
  }

  insert(ownerId: string, settings: EventSettings): SandboxEvent {
    const { password, waitingRoom, e2eEncryption, guestAccess, roomName } = settings;
    const room = this.rooms.insertRoom(ownerId, { password, waitingRoom, e2eEncryption, guestAccess, name: roomName, enableSip: settings.enableSip ?? true });
    const now = nowWithMicroseconds();
    const event: EventRecord = {
      id: crypto.randomUUID(),
      roomId: room.id,
      ownerId,
      createdAt: now,
      updatedById: ownerId,
      updatedAt: now,
      title: settings.title ?? "Sandbox meeting",
      description: settings.description ?? "",
      isAdhoc: settings.isAdhoc ?? false,
      showMeetingDetails: settings.showMeetingDetails ?? false,
      dates: settings.dates ? copyDates(settings.dates) : null,
    };
    this.state.data.events.push(event);
    this.rooms.attachEvent(room.id, event.id);
    return copyEvent(event);
  }

  /**
   * Room fields go to the room; only a change to an event field touches `updated_at`/`updated_by`
   * (the controller skips the event update when a PATCH only modifies the room).
   */
  update(id: string, patch: EventPatch): SandboxEvent {
    const event = this.require(id);
    const { password, waitingRoom, e2eEncryption, guestAccess, roomName } = patch;
    if ([password, waitingRoom, e2eEncryption, guestAccess, roomName].some((v) => v !== undefined)) {
      this.rooms.updateRoom(event.roomId, { password, waitingRoom, e2eEncryption, guestAccess, name: roomName });
    }
    const eventFields = [patch.title, patch.description, patch.isAdhoc, patch.showMeetingDetails, patch.dates];
    if (eventFields.some((v) => v !== undefined)) {
      if (patch.title !== undefined) event.title = patch.title;
      if (patch.description !== undefined) event.description = patch.description;
      if (patch.isAdhoc !== undefined) event.isAdhoc = patch.isAdhoc;
      if (patch.showMeetingDetails !== undefined) event.showMeetingDetails = patch.showMeetingDetails;
      if (patch.dates !== undefined) event.dates = patch.dates && copyDates(patch.dates);
      // A single event keeps no exceptions (BE/events/mod.rs @ v0.30.1 1446–1467 deletes them with the recurrence).
      if (!event.dates || event.dates.recurrencePattern.length === 0) this.deleteExceptions(event.id);
      event.updatedAt = nowWithMicroseconds();
      event.updatedById = patch.byUserId ?? event.ownerId;
    }
    this.state.changed();
    return copyEvent(event);
  }

  /** Hard delete of the event, its invitees, its room, the room's SIP config and all its invites. */
  delete(id: string): boolean {
    const event = this.find(id);
    if (!event) return false;
    this.state.data.events = this.state.data.events.filter((e) => e !== event);
    this.deleteExceptions(event.id);
    this.state.data.eventInvites = this.state.data.eventInvites.filter((i) => i.eventId !== event.id);
    this.rooms.deleteRoom(event.roomId);
    return true;
  }

  insertException(eventId: string, settings: EventExceptionSettings): SandboxEventException {
    const event = this.require(eventId);
    if (!event.dates || event.dates.recurrencePattern.length === 0) throw new Error(`Event ${eventId} is not recurring; only recurring events have exceptions.`);
    const now = nowWithMicroseconds();
    const { status = "ok", ...overrides } = settings;
    const exception: EventExceptionRecord = { eventId: event.id, createdById: event.ownerId, createdAt: now, updatedAt: now, status, ...overrides };
    this.state.data.eventExceptions.push(exception);
    this.state.changed();
    return copyException(exception);
  }

  exceptions(eventId: string): SandboxEventException[] {
    return this.state.data.eventExceptions
      .filter((x) => x.eventId === eventId.toLowerCase())
      .sort((a, b) => Date.parse(a.originalStartsAt.datetime) - Date.parse(b.originalStartsAt.datetime))
      .map(copyException);
  }

  private deleteExceptions(eventId: string): void {
    this.state.data.eventExceptions = this.state.data.eventExceptions.filter((x) => x.eventId !== eventId);
  }

  /**
   * The side effect of a non-empty `PATCH /v1/events/{id}` on 0.34: the room gets a permanent invite unless it
   * has a valid one (active, not expired). Returns the invite it found or made.
   */
  ensureValidInvite(roomId: string, byUserId: string): SandboxInvite {
    const valid = this.rooms.invites(roomId).find((i) => i.active && (i.expiration === null || Date.parse(i.expiration) > Date.now()));
    return valid ?? this.rooms.createInvite(roomId, null, byUserId);
  }

  /**
   * The same side effect on ≤ 0.30 (`Invite::get_first_or_create_for_room`, DB/invites.rs 200–223 @ v0.30.1): only
   * a room without any invite row gets one; an inactive or expired invite counts as one.
   */
  ensureAnyInvite(roomId: string, byUserId: string): SandboxInvite {
    return this.rooms.invites(roomId)[0] ?? this.rooms.createInvite(roomId, null, byUserId);
  }

  /** The admin job `room-cleanup`: deletes every room no event owns, with SIP config and invites. */
  deleteRoomsWithoutEvent(): number {
    const orphans = this.rooms.rooms().filter((room) => room.eventId === null);
    for (const room of orphans) this.rooms.deleteRoom(room.id);
    return orphans.length;
  }

  private find(id: string): EventRecord | undefined {
    return this.state.data.events.find((e) => e.id === id.toLowerCase());
  }

  private require(id: string): EventRecord {
    const event = this.find(id);
    if (!event) throw new Error(`The sandbox has no event ${id}.`);
    return event;
  }
}

function copyDates(dates: EventDates): EventDates {
  return { ...dates, startsAt: { ...dates.startsAt }, endsAt: { ...dates.endsAt }, recurrencePattern: [...dates.recurrencePattern] };
}

function copyException(exception: EventExceptionRecord): SandboxEventException {
  const copy: EventExceptionRecord = { ...exception, originalStartsAt: { ...exception.originalStartsAt } };
  if (exception.startsAt) copy.startsAt = { ...exception.startsAt };
  if (exception.endsAt) copy.endsAt = { ...exception.endsAt };
  return copy;
}

function copyEvent(event: EventRecord): SandboxEvent {
  return { ...event, dates: event.dates && copyDates(event.dates) };
}
