/**
 * Everything the sandbox remembers, in one serialisable object: it is what `statePath` persists, what
 * `reset()` empties, and what the Keycloak realm and the controller share.
 */
import type { KeyMaterial } from "./tokens";
import type { GuestAccess } from "./types";

/** A Keycloak user session (one per password grant). Ended by logout, `endSessions()` or idle timeout. */
export interface SessionRecord {
  id: string;
  /** The Keycloak user's `sub`. */
  sub: string;
  clientId: string;
  scope: string;
  startedAtMs: number;
  /** SSO idle timeout: pushed forward by each refresh. */
  idleExpiresAtMs: number;
  active: boolean;
}

/** The controller's own user row, created just in time from token claims (≥ 0.30) or at login (0.29). */
export interface ControllerUserRecord {
  /** The controller's user id (not the Keycloak `sub`). */
  id: string;
  sub: string;
  username: string;
  email: string;
  firstname: string;
  lastname: string;
  /** 0.29 only: set by `POST /v1/auth/login`, required before any Bearer call. */
  loggedIn: boolean;
  /** 0.29 only: `exp` (seconds) of the ID token of the last login; the session ends with it. */
  idTokenExp?: number;
}

export interface RoomRecord {
  id: string;
  /** Controller user id of the owner. */
  ownerId: string;
  createdAt: string;
  password: string | null;
  waitingRoom: boolean;
  /** Write-only on the wire: stored, never returned. */
  e2eEncryption: boolean;
  guestAccess: GuestAccess;
  /** The event owning this room: `DELETE /rooms/{id}` then answers 409 and `room-cleanup` spares it. */
  eventId: string | null;
  /** 0.35: `name` plus suffix, when the room was given a name; absent in state files written before. */
  alias?: string | null;
}

export interface InviteRecord {
  code: string;
  roomId: string;
  createdById: string;
  createdAt: string;
  updatedById: string;
  updatedAt: string;
  active: boolean;
  expiration: string | null;
}

export interface SipConfigRecord {
  roomId: string;
  sipId: string;
  password: string;
  lobby: boolean;
}

/** An instant as the controller's `DateTimeTz` carries it: UTC RFC 3339 plus the IANA zone it was entered in. */
export interface DateTimeTzRecord {
  datetime: string;
  timezone: string;
}

export interface EventDatesRecord {
  startsAt: DateTimeTzRecord;
  /** For recurring events: the end of the first occurrence, as the API shows it. */
  endsAt: DateTimeTzRecord;
  isAllDay: boolean;
  /** RFC 5545 lines; empty for a single event. */
  recurrencePattern: string[];
}

/** A meeting (`/v1/events`): always owns exactly one room, created with it and deleted with it. */
export interface EventRecord {
  id: string;
  roomId: string;
  /** Controller user id of the creator; invitees (`EventInviteRecord`) may read it too. */
  ownerId: string;
  createdAt: string;
  updatedById: string;
  updatedAt: string;
  title: string;
  description: string;
  isAdhoc: boolean;
  showMeetingDetails: boolean;
  /** `null`: time-independent. */
  dates: EventDatesRecord | null;
}

/**
 * A registered user invited to an event (`event_invites`: one row per event and invitee, DB/events/mod.rs @ v0.30.1).
 * The creator never has one; `status` starts `pending` and only the invitee changes it (not modelled).
 */
export interface EventInviteRecord {
  eventId: string;
  /** Controller user id of the invitee. */
  inviteeId: string;
  role: "user" | "moderator";
  status: "pending" | "accepted" | "tentative" | "declined";
  createdById: string;
  createdAt: string;
}

/** An override of one occurrence of a recurring event; listed right after its event by `GET /v1/events`. */
export interface EventExceptionRecord {
  eventId: string;
  /** The start of the occurrence it overrides (UTC). */
  originalStartsAt: DateTimeTzRecord;
  createdById: string;
  createdAt: string;
  updatedAt: string;
  title?: string;
  description?: string;
  isAllDay?: boolean;
  startsAt?: DateTimeTzRecord;
  endsAt?: DateTimeTzRecord;
  status: "ok" | "cancelled";
}

export interface StateData {
  formatVersion: 1;
  keys: KeyMaterial;
  /** Ports last used, reused on restart so the issuer (and thus every issued token) stays the same. */
  ports?: { controller: number; keycloak: number; frontend: number };
  sessions: SessionRecord[];
  users: ControllerUserRecord[];
  rooms: RoomRecord[];
  invites: InviteRecord[];
  sipConfigs: SipConfigRecord[];
  /** Absent in state files written before the sandbox knew events. */
  events: EventRecord[];
  /** Absent in state files written before the sandbox knew event exceptions. */
  eventExceptions: EventExceptionRecord[];
  /** Absent in state files written before the sandbox knew event invites. */
  eventInvites: EventInviteRecord[];
}

export class SandboxState {
  private readonly listeners: Array<() => void> = [];

  constructor(public data: StateData) {
    data.events ??= [];
    data.eventExceptions ??= [];
    data.eventInvites ??= [];
  }

  static empty(keys: KeyMaterial): StateData {
    return { formatVersion: 1, keys, sessions: [], users: [], rooms: [], invites: [], sipConfigs: [], events: [], eventExceptions: [], eventInvites: [] };
  }

  onChange(listener: () => void): void {
    this.listeners.push(listener);
  }

  /** Every mutation calls this once done, so persistence sees only consistent states. */
  changed(): void {
    for (const listener of this.listeners) listener();
  }

  /** Drops all data but keeps the signing keys (clients may have cached the JWKS). */
  reset(): void {
    this.data = { ...SandboxState.empty(this.data.keys), ports: this.data.ports };
    this.changed();
  }
}
