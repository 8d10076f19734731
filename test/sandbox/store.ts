/**
 * The controller's data: users, rooms, invites, SIP configs, events (`store-events.ts`) and their invitees
 * (`store-event-invites.ts`). The HTTP routes enforce the controller's rules (ownership, tariff gates) and then call
 * these methods; tests call them directly to make out-of-band changes (drift, a colleague editing a room in the web
 * UI, an admin cleanup job).
 * Every method that returns records returns copies.
 */
import * as crypto from "node:crypto";
import type { Realm, RealmAccount } from "./realm";
import { newSipConfig } from "./sip-credentials";
import type { ControllerUserRecord, InviteRecord, RoomRecord, SandboxState, SipConfigRecord } from "./state";
import { EventInviteBook, EventInviteRole, EventInviteStatus, SandboxEventInvite } from "./store-event-invites";
import { InviteBook } from "./store-invites";
import { EventBook, EventExceptionSettings, EventPatch, EventSettings, SandboxEvent, SandboxEventException } from "./store-events";
import { nowWithMicroseconds } from "./timestamps";
import type { GuestAccess, SandboxTariff } from "./types";

export type SandboxRoom = RoomRecord;
export type SandboxInvite = InviteRecord;
export type SandboxSipConfig = SipConfigRecord;
export type SandboxControllerUser = ControllerUserRecord;

/** Room settings as the controller's `POST /v1/rooms` takes them; all optional. */
export interface RoomSettings {
  /** `null` removes the password (in `updateRoom`). */
  password?: string | null;
  /** 0.35 room name: the room's alias becomes the name plus a suffix (see `SandboxOptions.roomAliasSuffix`); `null` removes it. */
  name?: string | null;
  waitingRoom?: boolean;
  e2eEncryption?: boolean;
  guestAccess?: GuestAccess;
  /** Create a SIP config along with the room. */
  enableSip?: boolean;
}

/**
 * Two rooms with one alias: the database's unique alias (only reachable with `roomAliasSuffix: "none"` or a
 * constant suffix). The controller's answer to it is mapped in `controller.ts`.
 */
export class AliasTakenError extends Error {
  constructor(readonly alias: string) {
    super(`Another room already has the alias "${alias}".`);
  }
}

/** Who a controller user row is made from: a Keycloak account, or (0.29 login) the ID token's claims. */
export interface UserIdentity {
  sub: string;
  username: string;
  email?: string;
  givenName?: string;
  familyName?: string;
}

export class SandboxStore {
  private readonly eventBook: EventBook;
  private readonly inviteBook: InviteBook;
  private readonly eventInviteBook: EventInviteBook;

  constructor(
    private readonly state: SandboxState,
    private readonly realm: Realm,
    /** Turns a room name into its alias (0.35); the default adds no suffix. */
    private readonly aliasFor: (name: string) => string = (name) => name,
  ) {
    this.eventBook = new EventBook(state, this);
    this.inviteBook = new InviteBook(state);
    this.eventInviteBook = new EventInviteBook(state);
  }

  private get data() {
    return this.state.data;
  }

  // ---- users --------------------------------------------------------------------------------------

  /** The controller's user row for a Keycloak username, if the controller has seen that user. */
  user(username: string): SandboxControllerUser | undefined {
    const account = this.realm.findAccountByLogin(username);
    const user = account && this.data.users.find((u) => u.sub === account.sub);
    return user && { ...user };
  }

  userBySub(sub: string): SandboxControllerUser | undefined {
    const user = this.data.users.find((u) => u.sub === sub);
    return user && { ...user };
  }

  userById(id: string): SandboxControllerUser | undefined {
    const user = this.data.users.find((u) => u.id === id);
    return user && { ...user };
  }

  /** The controller's user row with this e-mail address (stored lower-cased), if the controller has seen that user. */
  userByEmail(email: string): SandboxControllerUser | undefined {
    const user = this.data.users.find((u) => u.email !== "" && u.email === email.toLowerCase());
    return user && { ...user };
  }

  /**
   * Creates or refreshes the controller's user row from the Keycloak account (JIT provisioning). `markLoggedIn` and
   * `idTokenExp` record a 0.29 `POST /v1/auth/login` and the expiry of its ID token (the session's end).
   */
  ensureUser(account: UserIdentity, options: { markLoggedIn?: boolean; idTokenExp?: number } = {}): SandboxControllerUser {
    let user = this.data.users.find((u) => u.sub === account.sub);
    if (!user) {
      user = { id: crypto.randomUUID(), sub: account.sub, username: account.username, email: "", firstname: "", lastname: "", loggedIn: false };
      this.data.users.push(user);
    }
    const before = JSON.stringify(user);
    user.email = (account.email ?? "").toLowerCase();
    user.firstname = account.givenName ?? "";
    user.lastname = account.familyName ?? "";
    if (options.markLoggedIn) user.loggedIn = true;
    if (options.idTokenExp !== undefined) user.idTokenExp = options.idTokenExp;
    // Called on every authenticated request: only real changes may trigger a state-file write.
    if (JSON.stringify(user) !== before) this.state.changed();
    return { ...user };
  }

  tariffOf(userId: string): SandboxTariff {
    const user = this.data.users.find((u) => u.id === userId);
    const account = user && this.realm.accountBySub(user.sub);
    return { ...(account?.tariff ?? { guestsAllowed: true, callIn: true }) };
  }

  /** Changes a user's tariff from now on (e.g. a downgrade between two `pulumi up` runs). */
  setTariff(username: string, tariff: SandboxTariff): void {
    const account = this.requireAccount(username);
    account.tariff = { ...tariff };
  }

  // ---- rooms --------------------------------------------------------------------------------------

  /** All rooms of all users, oldest first. */
  rooms(): SandboxRoom[] {
    return this.data.rooms.map((r) => ({ ...r }));
  }

  room(id: string): SandboxRoom | undefined {
    const room = this.findRoom(id);
    return room && { ...room };
  }

  /** The room with this alias (0.35 `{room_id_or_alias}` routes). */
  roomByAlias(alias: string): SandboxRoom | undefined {
    const room = this.data.rooms.find((r) => r.alias === alias);
    return room && { ...room };
  }

  /** The rooms the user owns, oldest first (`GET /v1/rooms` lists invited rooms too: controller-rooms.ts). */
  roomsOwnedBy(userId: string): SandboxRoom[] {
    return this.data.rooms.filter((r) => r.ownerId === userId).map((r) => ({ ...r }));
  }

  /** Creates a room as if `ownerUsername` had posted it, skipping tariff checks. */
  createRoom(ownerUsername: string, settings: RoomSettings = {}): SandboxRoom {
    const owner = this.ensureUser(this.requireAccount(ownerUsername));
    return this.insertRoom(owner.id, settings);
  }

  insertRoom(ownerId: string, settings: RoomSettings): SandboxRoom {
    const room: RoomRecord = {
      id: crypto.randomUUID(),
      ownerId,
      createdAt: nowWithMicroseconds(),
      password: settings.password ?? null,
      waitingRoom: settings.waitingRoom ?? false,
      e2eEncryption: settings.e2eEncryption ?? false,
      guestAccess: settings.guestAccess ?? "waiting_room",
      eventId: null,
      alias: this.uniqueAlias(settings.name ?? null),
    };
    this.data.rooms.push(room);
    if (settings.enableSip) this.putSipConfig(room.id, {});
    this.state.changed();
    return { ...room };
  }

  /** Absent fields stay; `password: null` removes the password. */
  updateRoom(id: string, patch: Omit<RoomSettings, "enableSip">): SandboxRoom {
    const room = this.requireRoom(id);
    // A new name gets a new suffix (SVC rooms, read_file id 68534251361, `update_room`); checked before any change.
    const alias = patch.name === undefined ? room.alias : this.uniqueAlias(patch.name, room.id);
    room.alias = alias;
    if (patch.password !== undefined) room.password = patch.password;
    if (patch.waitingRoom !== undefined) room.waitingRoom = patch.waitingRoom;
    if (patch.e2eEncryption !== undefined) room.e2eEncryption = patch.e2eEncryption;
    if (patch.guestAccess !== undefined) room.guestAccess = patch.guestAccess;
    this.state.changed();
    return { ...room };
  }

  /** Deletes the room with its SIP config and invites (the controller's cascade), event or not. */
  deleteRoom(id: string): boolean {
    id = id.toLowerCase();
    const before = this.data.rooms.length;
    this.data.rooms = this.data.rooms.filter((r) => r.id !== id);
    this.data.invites = this.data.invites.filter((i) => i.roomId !== id);
    this.data.sipConfigs = this.data.sipConfigs.filter((s) => s.roomId !== id);
    this.state.changed();
    return this.data.rooms.length < before;
  }

  /** Marks the room as an event's room (`null` detaches): the controller then refuses `DELETE /rooms/{id}` with 409. */
  attachEvent(roomId: string, eventId: string | null = crypto.randomUUID()): SandboxRoom {
    const room = this.requireRoom(roomId);
    room.eventId = eventId;
    this.state.changed();
    return { ...room };
  }

  // ---- events (store-events.ts; no rule checks, as for rooms) ------------------------------------

  /** All events of all users, oldest first. */
  events = (): SandboxEvent[] => this.eventBook.all();
  event = (id: string): SandboxEvent | undefined => this.eventBook.get(id);
  eventForRoom = (roomId: string): SandboxEvent | undefined => this.eventBook.forRoom(roomId);
  /** Creates an event with its room and SIP config as if `ownerUsername` had posted it. */
  createEvent = (ownerUsername: string, settings: EventSettings = {}): SandboxEvent => this.eventBook.insert(this.ensureUser(this.requireAccount(ownerUsername)).id, settings);
  insertEvent = (ownerId: string, settings: EventSettings): SandboxEvent => this.eventBook.insert(ownerId, settings);
  /** Without the invite side effect of `PATCH /v1/events/{id}` (that is `ensureValidInvite`). */
  updateEvent = (id: string, patch: EventPatch): SandboxEvent => this.eventBook.update(id, patch);
  /** Deletes the event with its room, SIP config and invites. */
  deleteEvent = (id: string): boolean => this.eventBook.delete(id);
  ensureValidInvite = (roomId: string, byUserId: string): SandboxInvite => this.eventBook.ensureValidInvite(roomId, byUserId);
  ensureAnyInvite = (roomId: string, byUserId: string): SandboxInvite => this.eventBook.ensureAnyInvite(roomId, byUserId);
  /** Overrides one occurrence of a recurring event (what `PATCH /v1/events/{id}/instances/{instance}` stores). */
  createEventException = (eventId: string, exception: EventExceptionSettings): SandboxEventException => this.eventBook.insertException(eventId, exception);
  /** The exceptions of a recurring event, by the start they override. */
  eventExceptions = (eventId: string): SandboxEventException[] => this.eventBook.exceptions(eventId);
  /** The controller's admin job `room-cleanup`: deletes rooms without an event; returns how many. */
  runRoomCleanup = (): number => this.eventBook.deleteRoomsWithoutEvent();

  // ---- event invites of registered users (store-event-invites.ts) ---------------------------------

  /** The registered users invited to an event, oldest invite first. */
  eventInvites = (eventId: string): SandboxEventInvite[] => this.eventInviteBook.forEvent(eventId);
  eventInvite = (eventId: string, userId: string): SandboxEventInvite | undefined => this.eventInviteBook.of(eventId, userId);
  /** A `pending` invite, or `undefined` if the user has one already. No rule checks (the creator could be "invited"). */
  insertEventInvite = (eventId: string, inviteeId: string, role: EventInviteRole, byUserId: string): SandboxEventInvite | undefined =>
    this.eventInviteBook.insert(eventId, inviteeId, role, byUserId);
  /**
   * Invites `inviteeUsername` to the event as its owner would in the web app (out of band; tests should rather
   * `POST /v1/events/{id}/invites`). Returns `undefined` if the user is invited already.
   */
  inviteToEvent = (eventId: string, inviteeUsername: string, role: EventInviteRole = "user"): SandboxEventInvite | undefined => {
    const event = this.eventBook.get(eventId);
    if (!event) throw new Error(`The sandbox has no event ${eventId}.`);
    const invitee = this.ensureUser(this.requireAccount(inviteeUsername));
    if (invitee.id === event.ownerId) throw new Error(`${inviteeUsername} created event ${eventId}; the controller never invites the creator.`);
    return this.eventInviteBook.insert(event.id, invitee.id, role, event.ownerId);
  };
  /** The invitee's answer (accept, decline, tentative), as the web app's `PATCH /v1/events/{id}/invite` sets it. */
  setEventInviteStatus = (eventId: string, inviteeUsername: string, status: EventInviteStatus): SandboxEventInvite =>
    this.eventInviteBook.setStatus(eventId, this.ensureUser(this.requireAccount(inviteeUsername)).id, status);

  // ---- invites (store-invites.ts) ----------------------------------------------------------------

  /** All invites of a room, active or not, newest `updatedAt` first (the controller's list order). */
  invites = (roomId: string): SandboxInvite[] => this.inviteBook.list(roomId);
  invite = (roomId: string, code: string): SandboxInvite | undefined => this.inviteBook.get(roomId, code);
  /** Looks an invite up by its code alone (what `POST /v1/invite/verify` does). */
  inviteByCode = (code: string): SandboxInvite | undefined => this.inviteBook.byCode(code);
  /** Creates an active invite; `byUserId` defaults to the room owner. No gate checks. */
  createInvite = (roomId: string, expiration: string | null = null, byUserId?: string): SandboxInvite =>
    this.inviteBook.create(roomId, this.requireRoom(roomId).ownerId, expiration, byUserId);
  /** Sets (or with `null` clears) the expiry; an inactive invite stays inactive. */
  updateInviteExpiration = (roomId: string, code: string, expiration: string | null, byUserId?: string): SandboxInvite =>
    this.inviteBook.setExpiration(roomId, code, expiration, byUserId);
  /** The controller's soft delete: `active:false`, still listed. */
  deactivateInvite = (roomId: string, code: string, byUserId?: string): SandboxInvite => this.inviteBook.deactivate(roomId, code, byUserId);
  /** Removes the invite for good, as the admin job `invite-cleanup` does. */
  deleteInvite = (roomId: string, code: string): boolean => this.inviteBook.delete(roomId, code);

  // ---- SIP ----------------------------------------------------------------------------------------

  sipConfig(roomId: string): SandboxSipConfig | undefined {
    const config = this.data.sipConfigs.find((s) => s.roomId === roomId);
    return config && { ...config };
  }

  /** Creates (random 10-digit id and PIN, no lobby) or updates the room's SIP config. */
  putSipConfig(roomId: string, change: { password?: string; lobby?: boolean }): { config: SandboxSipConfig; created: boolean } {
    this.requireRoom(roomId);
    let config = this.data.sipConfigs.find((s) => s.roomId === roomId);
    const created = config === undefined;
    if (!config) {
      config = newSipConfig(roomId, this.data.sipConfigs);
      this.data.sipConfigs.push(config);
    }
    if (change.password !== undefined) config.password = change.password;
    if (change.lobby !== undefined) config.lobby = change.lobby;
    this.state.changed();
    return { config: { ...config }, created };
  }

  deleteSipConfig(roomId: string): boolean {
    const before = this.data.sipConfigs.length;
    this.data.sipConfigs = this.data.sipConfigs.filter((s) => s.roomId !== roomId);
    this.state.changed();
    return this.data.sipConfigs.length < before;
  }

  // ---- internals ----------------------------------------------------------------------------------

  private uniqueAlias(name: string | null, roomId?: string): string | null {
    if (name === null) return null;
    const alias = this.aliasFor(name);
    if (this.data.rooms.some((r) => r.alias === alias && r.id !== roomId)) throw new AliasTakenError(alias);
    return alias;
  }

  private findRoom(id: string): RoomRecord | undefined {
    return this.data.rooms.find((r) => r.id === id.toLowerCase());
  }

  private requireAccount(username: string): RealmAccount {
    const account = this.realm.findAccountByLogin(username);
    if (!account) throw new Error(`The sandbox has no user "${username}"; configure it in SandboxOptions.users.`);
    return account;
  }

  private requireRoom(id: string): RoomRecord {
    const room = this.findRoom(id);
    if (!room) throw new Error(`The sandbox has no room ${id}.`);
    return room;
  }
}
