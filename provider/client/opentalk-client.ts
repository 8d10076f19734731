import type { ServerCapabilities } from "./capabilities";
import { Census } from "./census";
import { ControllerSession, type RequestOptions } from "./controller-session";
import { isControllerError } from "./errors";
import type { Logger } from "./logger";
import { registerSecret } from "./redaction";
import * as wire from "./schemas";
import { probeCapabilities } from "./release-probe";
import type { Settings } from "./settings";

/** Room settings as the controller takes them on create (`POST /v1/rooms`) and update (`PATCH /v1/rooms/{id}`). */
export interface RoomSettingsBody {
  password?: string | null;
  /** OpenTalk 0.35+: the room name (null removes it). */
  name?: string | null;
  waiting_room?: boolean;
  e2e_encryption?: boolean;
  guest_access?: string;
  enable_sip?: boolean;
}

/** An event's body as `POST /v1/events` and `PATCH /v1/events/{id}` take it (PATCH: every field optional). */
export interface EventBody {
  title?: string;
  description?: string;
  is_time_independent?: boolean;
  is_all_day?: boolean;
  starts_at?: wire.DateTimeTz | null;
  ends_at?: wire.DateTimeTz | null;
  recurrence_pattern?: string[];
  is_adhoc?: boolean;
  password?: string | null;
  waiting_room?: boolean;
  e2e_encryption?: boolean;
  guest_access?: string;
  show_meeting_details?: boolean;
  /** OpenTalk 0.35+: the name of the meeting's room (POST only). */
  room_name?: string;
}

/** Filters of `GET /v1/events`. */
export interface EventQuery {
  timeMin?: string;
  timeMax?: string;
  adhoc?: boolean;
  timeIndependent?: boolean;
  /** Page size, 1–100; all pages are read. */
  perPage?: number;
  /** Stop after this many events. */
  limit?: number;
}

export interface ClientOptions {
  logger?: Logger;
}

/**
 * The OpenTalk controller API, one method per endpoint this package uses. One instance serves every resource of a
 * process (see client-cache); the session underneath logs in once for all of them.
 */
export class OpenTalkClient {
  /** The web address people open; links are built on it. */
  readonly webUrl: string;
  private readonly session: ControllerSession;
  private me?: Promise<wire.PrivateUserProfile>;
  private serverCapabilities?: Promise<ServerCapabilities>;
  private myTariff?: Promise<wire.Tariff>;
  private readonly roomCensus = new Census(async () => (await this.listRooms()).map((room) => room.id));
  private readonly eventCensus = new Census(async () => (await this.listEvents()).map((event) => event.id));

  constructor(settings: Settings, options: ClientOptions = {}) {
    this.webUrl = settings.url;
    this.session = new ControllerSession(settings, options.logger);
  }

  /** What this controller's release can do (learned once, without side effects: see release-probe.ts). */
  capabilities(): Promise<ServerCapabilities> {
    this.serverCapabilities ??= probeCapabilities(this.session).then((caps) => {
      this.session.rejectsTokensWith500 = caps.rejectsTokensWith500;
      return caps;
    }, (error) => {
      this.serverCapabilities = undefined;
      throw error;
    });
    return this.serverCapabilities;
  }

  /** Discovery and login now, e.g. beside the release probe, instead of with the first call that needs a token. */
  signIn(): Promise<void> {
    return this.session.signIn();
  }

  // --- users ---------------------------------------------------------------------------------------------------

  /** The configured user (cached: it does not change within a process). */
  currentUser(): Promise<wire.PrivateUserProfile> {
    this.me ??= this.request("GET", "users/me", { schema: wire.PrivateUserProfile }).catch((error) => {
      this.me = undefined;
      throw error;
    });
    return this.me;
  }

  /** The configured user's tariff (cached for the process, like the user: an operator changes it rarely). */
  tariff(): Promise<wire.Tariff> {
    this.myTariff ??= this.request("GET", "users/me/tariff", { schema: wire.Tariff }).catch((error) => {
      this.myTariff = undefined;
      throw error;
    });
    return this.myTariff;
  }

  /** Whether the tariff lets guests in: the `guests_allowed` feature, on releases that have it (0.34+). */
  async tariffAllowsGuests(): Promise<boolean> {
    const caps = await this.capabilities();
    if (!caps.guestsNeedTariffFeature) return true;
    return hasFeature(await this.tariff(), "guests_allowed");
  }

  /** Whether the tariff includes dial-in (`call_in`). */
  async tariffAllowsCallIn(): Promise<boolean> {
    return hasFeature(await this.tariff(), "call_in");
  }

  // --- rooms ---------------------------------------------------------------------------------------------------

  /**
   * Every room the user may list, each once: the user's own and, on every release, the rooms of meetings they are
   * invited to. From 0.34 the controller lists an own meeting's room once per invitee (its query joins the event's
   * invites without DISTINCT: db-storage rooms `get_accessible_to_user_with_creator_paginated`).
   */
  async listRooms(): Promise<wire.Room[]> {
    const rooms = await this.session.listAll("rooms", wire.Room);
    return [...new Map(rooms.map((room) => [room.id, room])).values()];
  }

  /** Whether the controller lists the room among the user's, in a listing started at or after `notBefore`. */
  roomIsListed(roomId: string, notBefore: number): Promise<boolean> {
    return this.roomCensus.lists(roomId, notBefore);
  }

  getRoom(roomId: string): Promise<wire.Room> {
    return this.request("GET", `rooms/${seg(roomId)}`, { schema: wire.Room });
  }

  /** The controller answers 200 (not the 201 its spec says). Not retried after an ambiguous failure. */
  createRoom(body: RoomSettingsBody): Promise<wire.Room> {
    registerSecret(body.password);
    return this.request("POST", "rooms", { body, schema: wire.Room });
  }

  /** Never send an empty body: the controller fails on `{}`. Callers only patch what changed. */
  updateRoom(roomId: string, body: RoomSettingsBody): Promise<wire.Room> {
    if (Object.keys(body).length === 0) throw new Error("updateRoom called with nothing to change");
    registerSecret(body.password);
    return this.request("PATCH", `rooms/${seg(roomId)}`, { body, schema: wire.Room });
  }

  async deleteRoom(roomId: string): Promise<void> {
    await this.request("DELETE", `rooms/${seg(roomId)}`, {});
  }

  // --- SIP dial-in ---------------------------------------------------------------------------------------------

  /** The room's SIP dial-in config, or undefined when it has none (the controller's 404). */
  async getSipConfig(roomId: string): Promise<wire.SipConfig | undefined> {
    const sip = await this.request("GET", `rooms/${seg(roomId)}/sip`, { schema: wire.SipConfig }).catch(absentOnNotFound);
    if (sip) registerSecret(sip.password);
    return sip;
  }

  /** Creates (201, random PIN) or updates (200) the SIP config. */
  async putSipConfig(roomId: string, body: { lobby?: boolean; password?: string }): Promise<wire.SipConfig> {
    registerSecret(body.password);
    const sip = await this.request("PUT", `rooms/${seg(roomId)}/sip`, { body, schema: wire.SipConfig });
    registerSecret(sip.password);
    return sip;
  }

  async deleteSipConfig(roomId: string): Promise<void> {
    await this.request("DELETE", `rooms/${seg(roomId)}/sip`, {}).catch(absentOnNotFound);
  }

  // --- guest invites -------------------------------------------------------------------------------------------

  /** All invites of a room, inactive ones included (the controller lists soft-deleted invites too). */
  async listInvites(roomId: string): Promise<wire.Invite[]> {
    const invites = await this.session.listAll(`rooms/${seg(roomId)}/invites`, wire.Invite);
    for (const invite of invites) registerSecret(invite.invite_code);
    return invites;
  }

  async getInvite(roomId: string, code: string): Promise<wire.Invite> {
    registerSecret(code);
    return this.request("GET", `rooms/${seg(roomId)}/invites/${seg(code)}`, { schema: wire.Invite });
  }

  /** `expiration: null` = never expires. */
  async createInvite(roomId: string, expiration: string | null): Promise<wire.Invite> {
    const invite = await this.request("POST", `rooms/${seg(roomId)}/invites`, { body: { expiration }, schema: wire.Invite });
    registerSecret(invite.invite_code);
    return invite;
  }

  /** Always send the wanted expiration: the controller clears it when the field is omitted. */
  async updateInvite(roomId: string, code: string, expiration: string | null): Promise<wire.Invite> {
    registerSecret(code);
    return this.request("PUT", `rooms/${seg(roomId)}/invites/${seg(code)}`, { body: { expiration }, schema: wire.Invite });
  }

  /** A soft delete on the server: the invite stays listed with `active: false`. */
  async deleteInvite(roomId: string, code: string): Promise<void> {
    registerSecret(code);
    await this.request("DELETE", `rooms/${seg(roomId)}/invites/${seg(code)}`, {});
  }

  /** What a guest's browser does with a guest link; undefined when the code is not usable (404). */
  async verifyInvite(code: string): Promise<wire.InviteVerification | undefined> {
    registerSecret(code);
    return this.request("POST", "invite/verify", {
      body: { invite_code: code },
      schema: wire.InviteVerification,
      expect: [200],
      anonymous: true,
      idempotent: true,
    }).catch(absentOnNotFound);
  }

  // --- events (meetings) --------------------------------------------------------------------------------------

  /**
   * A meeting, with its room (and the room's SIP config). Creators are not mailed: an automated standing meeting
   * should not fill its owner's inbox.
   */
  async createEvent(body: EventBody): Promise<wire.Event> {
    registerSecret(body.password);
    const event = await this.request("POST", "events", { body, query: { suppress_email_notification: true }, schema: wire.Event });
    registerEventSecrets(event);
    return event;
  }

  /** Without `invitees_max`: its type is a page size (1–100), so the `invitees_max=0` some guides show is refused. */
  async getEvent(eventId: string): Promise<wire.Event> {
    const event = await this.request("GET", `events/${seg(eventId)}`, { schema: wire.Event });
    registerEventSecrets(event);
    return event;
  }

  /**
   * Never with an empty body (the controller answers 204 without the event). Side effect on the server: any
   * non-empty PATCH gives the room a permanent invite if it has none — invite providers ignore invites they did
   * not make.
   */
  async updateEvent(eventId: string, body: EventBody): Promise<wire.Event> {
    if (Object.keys(body).length === 0) throw new Error("updateEvent called with nothing to change");
    registerSecret(body.password);
    const event = await this.request("PATCH", `events/${seg(eventId)}`, { body, query: { suppress_email_notification: true }, schema: wire.Event });
    registerEventSecrets(event);
    return event;
  }

  /** Removes the event with its room, SIP config and invites. */
  async deleteEvent(eventId: string): Promise<void> {
    await this.request("DELETE", `events/${seg(eventId)}`, { query: { suppress_email_notification: true } });
  }

  /** Events visible to the user, all pages (cursor pagination). */
  async listEvents(query: EventQuery = {}): Promise<wire.Event[]> {
    const events = await this.session.listByCursor(
      "events",
      wire.Event,
      { time_min: query.timeMin, time_max: query.timeMax, adhoc: query.adhoc, time_independent: query.timeIndependent },
      query.perPage,
      query.limit,
    );
    events.forEach(registerEventSecrets);
    return events;
  }

  /** Whether the controller lists the event among the user's, in a listing started at or after `notBefore`. */
  eventIsListed(eventId: string, notBefore: number): Promise<boolean> {
    return this.eventCensus.lists(eventId, notBefore);
  }

  /** The event a room belongs to, or undefined for a room without one (the controller's 404). */
  getRoomEvent(roomId: string): Promise<wire.RoomEvent | undefined> {
    return this.request("GET", `rooms/${seg(roomId)}/event`, { schema: wire.RoomEvent }).catch(absentOnNotFound);
  }

  /** Free the connection pool (tests and the CLI; a provider process simply exits). */
  async close(): Promise<void> {
    await this.session.close();
  }

  private request<T>(method: string, path: string, options: RequestOptions<T>): Promise<T> {
    return this.session.request(method, path, options);
  }
}

/** Feature names as the tariff lists them under `modules.core.features` (`call_in`, `guests_allowed`). */
function hasFeature(tariff: wire.Tariff, feature: string): boolean {
  return (tariff.modules?.core?.features ?? []).includes(feature);
}

/** The controller's own 404 (`not_found`) means "there is none"; every other failure stays a failure. */
function absentOnNotFound(error: unknown): undefined {
  if (isControllerError(error) && error.meaning === "not-found") return undefined;
  throw error;
}

function registerEventSecrets(event: wire.Event): void {
  registerSecret(event.room?.password);
  registerSecret(event.room?.call_in?.password);
}

function seg(value: string): string {
  return encodeURIComponent(value);
}
