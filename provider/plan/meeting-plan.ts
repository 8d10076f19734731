import { sameId } from "./ids";
import type { MeetingInputs, MeetingOutputs } from "./meeting-state";
import { DEFAULT_TIME_ZONE } from "./meeting-state";
import { planRoomUpdate, type RoomPatch, type SipStep } from "./room-plan";
import { isUnknown } from "./unknown";

/** The body of `PATCH /v1/events/{id}` for the event's own fields: only what changes. */
export interface EventPatch {
  title?: string;
  description?: string;
  is_time_independent?: boolean;
  is_all_day?: boolean;
  starts_at?: { datetime: string; timezone: string } | null;
  ends_at?: { datetime: string; timezone: string } | null;
  recurrence_pattern?: string[];
}

export interface MeetingPlan {
  replaces: string[];
  changes: string[];
  /** Room settings, sent with `PATCH /v1/rooms/{roomId}`. */
  roomPatch?: RoomPatch;
  /** Title, description, timing, sent with `PATCH /v1/events/{id}`. */
  eventPatch?: EventPatch;
  sip?: SipStep;
}

export type CurrentMeeting = Pick<
  MeetingOutputs,
  "title" | "description" | "startsAt" | "endsAt" | "timeZone" | "recurrence" | "password" | "waitingRoom" | "guestAccess" | "e2eEncryption" | "sip"
> &
  Partial<Pick<MeetingOutputs, "eventId" | "adoptEventId" | "name">>;

/**
 * Decide how to bring a meeting from `current` to the wanted `inputs`; shared by diff, update and adoption.
 * - The room settings follow OpenTalkRoom's rules (planRoomUpdate), except that an omitted `sip` leaves the
 *   meeting's dial-in as OpenTalk made it. They go to the room's own endpoint: any non-empty event PATCH makes
 *   OpenTalk give the room a permanent guest link if it has none, and a password change should not do that.
 * - Title, description and timing are the event's own. The timing is one unit: when any of start, end, zone or
 *   recurrence changes, all of them are sent, because the controller validates them together — and every PATCH of
 *   a dated meeting carries it, because released controllers up to 0.30 drop the recurrence of an event whose PATCH
 *   leaves `recurrence_pattern` out (ot-controller v0.30.1 controller_backend/events/mod.rs, patch_event).
 */
export function planMeetingUpdate(current: CurrentMeeting, inputs: MeetingInputs): MeetingPlan {
  const room = planRoomUpdate(
    { ...current, adoptRoomId: null },
    { password: inputs.password, name: inputs.name, waitingRoom: inputs.waitingRoom, guestAccess: inputs.guestAccess, e2eEncryption: inputs.e2eEncryption, sip: inputs.sip },
    { sipWhenOmitted: "unmanaged" },
  );
  const replaces: string[] = [];
  const changes = [...room.changes];
  const roomPatch: RoomPatch = { ...room.patch };
  const patch: EventPatch = {};

  const adopt = inputs.adoptEventId;
  if (adopt !== undefined && (isUnknown(adopt) || (!sameId(adopt, current.adoptEventId) && !sameId(adopt, current.eventId)))) {
    replaces.push("adoptEventId");
  }
  if (isUnknown(inputs.title) || inputs.title !== current.title) {
    changes.push("title");
    patch.title = inputs.title;
  }
  const description = inputs.description ?? "";
  if (isUnknown(inputs.description) || description !== (current.description ?? "")) {
    changes.push("description");
    patch.description = description;
  }
  const timing = timingChange(current, inputs);
  changes.push(...timing);
  const dated = Boolean(inputs.startsAt && inputs.endsAt);
  if (timing.length > 0 || (dated && Object.keys(patch).length > 0)) Object.assign(patch, timingBody(inputs));

  return {
    replaces,
    changes,
    roomPatch: Object.keys(roomPatch).length > 0 ? roomPatch : undefined,
    eventPatch: Object.keys(patch).length > 0 ? patch : undefined,
    sip: room.sip,
  };
}

/**
 * The event body's timing fields for these inputs: time-independent without a start. A dated event always says
 * `is_all_day`: released controllers up to 0.30 (possibly 0.33) refuse a dated event without it (400 "time dependent
 * events must have title, description, is_all_day, starts_at and ends_at set", v0.30.1 controller_backend/events
 * ~146); 0.29 refuses it on a time-independent one, so it is sent only with dates.
 */
export function timingBody(inputs: MeetingInputs): EventPatch {
  if (!inputs.startsAt || !inputs.endsAt) return { is_time_independent: true };
  const timezone = inputs.timeZone ?? DEFAULT_TIME_ZONE;
  const body: EventPatch = {
    is_time_independent: false,
    is_all_day: false,
    starts_at: { datetime: utc(inputs.startsAt), timezone },
    ends_at: { datetime: utc(inputs.endsAt), timezone },
  };
  // Always sent, empty when none: an omitted pattern means "unchanged" to some releases and "none" to others.
  body.recurrence_pattern = inputs.recurrence ?? [];
  return body;
}

function timingChange(current: CurrentMeeting, inputs: MeetingInputs): string[] {
  const changed: string[] = [];
  const same = (a: string | null | undefined, b: string | null | undefined) =>
    a == null || b == null ? (a ?? null) === (b ?? null) : Date.parse(a) === Date.parse(b);
  if (isUnknown(inputs.startsAt) || !same(inputs.startsAt, current.startsAt)) changed.push("startsAt");
  if (isUnknown(inputs.endsAt) || !same(inputs.endsAt, current.endsAt)) changed.push("endsAt");
  const dated = inputs.startsAt !== undefined;
  if (dated && (isUnknown(inputs.timeZone) || (inputs.timeZone ?? DEFAULT_TIME_ZONE) !== (current.timeZone ?? DEFAULT_TIME_ZONE))) {
    changed.push("timeZone");
  }
  if (isUnknown(inputs.recurrence) || JSON.stringify(inputs.recurrence ?? []) !== JSON.stringify(current.recurrence ?? [])) {
    changed.push("recurrence");
  }
  return changed;
}

function utc(instant: string): string {
  return isUnknown(instant) ? instant : new Date(instant).toISOString().replace(/\.000Z$/, "Z");
}
