import type { GuestAccess, RoomInputs } from "./room-state";

/** OpenTalkMeeting's inputs after check: the room settings of OpenTalkRoom plus the event's own. */
export interface MeetingInputs extends Omit<RoomInputs, "adoptRoomId"> {
  title: string;
  description?: string;
  /** RFC 3339; with endsAt, a dated meeting. Omitted: time-independent (a standing room). */
  startsAt?: string;
  endsAt?: string;
  /** IANA zone the times are meant in (recurrences follow it across daylight saving). Default "UTC". */
  timeZone?: string;
  /** RFC 5545 lines, e.g. ["RRULE:FREQ=WEEKLY;BYDAY=MO"]; needs startsAt. */
  recurrence?: string[];
  adoptEventId?: string;
}

/** OpenTalkMeeting's outputs as stored in state; absent values are null. */
export interface MeetingOutputs {
  eventId: string;
  roomId: string;
  roomLink: string;
  title: string;
  description: string;
  ownerId: string;
  ownerEmail: string;
  createdAt: string;
  startsAt: string | null;
  endsAt: string | null;
  timeZone: string | null;
  recurrence: string[];
  password: string | null;
  waitingRoom: boolean;
  guestAccess: GuestAccess | null;
  e2eEncryption: boolean;
  sip: { enabled: boolean; lobby: boolean };
  /** The dial-in number (the controller's `call_in.tel`), when the server provides one. */
  sipTel: string | null;
  sipId: string | null;
  sipPin: string | null;
  adoptEventId: string | null;
  /** OpenTalk 0.35+: the room's declared name and the alias derived from it (see RoomOutputs). */
  name: string | null;
  alias: string | null;
  /** The link guests use; see RoomOutputs.guestLink. Secret. */
  guestLink: string | null;
}

export const DEFAULT_TIME_ZONE = "UTC";
