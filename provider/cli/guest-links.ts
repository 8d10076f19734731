import { OpenTalkError, isControllerError, type ControllerError, type Event, type Invite, type OpenTalkClient } from "../client";
import type { ServerCapabilities } from "../client/capabilities";
import { guestLink } from "../plan/invite-state";
import { roomGuestLink } from "../plan/release-rules";
import { roomLink, type GuestAccess } from "../plan/room-state";

/**
 * Guest links as the command line prints them. Up to OpenTalk 0.34 a guest link is an invite code on the room
 * (`…/room/{id}?invite={code}`); from 0.35 there are no invite codes, and the room link itself lets guests in while
 * the room does (guest access not disabled, no end-to-end encryption, a tariff with guests: roomGuestLink).
 */

/** A room as far as its guest link depends on it. */
export interface GuestRoom {
  id: string;
  guestAccess: GuestAccess | null;
  e2eEncryption: boolean;
}

export interface NewGuestLink {
  guestLink: string | null;
  guestLinkExpiresAt: string | null;
}

/**
 * The guest link of a room just created. Up to 0.34: an invite valid `hours` hours, made only when asked for (a guest
 * link is a credential); from 0.35: the room link when the room lets guests in (`hours` was refused before anything
 * was created, release-checks.ts). A failure names what was created, so its link is not lost with the error.
 */
export async function newRoomGuestLink(
  client: OpenTalkClient,
  caps: ServerCapabilities,
  room: GuestRoom,
  hours: number | undefined,
  created: string,
): Promise<NewGuestLink> {
  const link = roomLink(client.webUrl, room.id);
  if (!caps.inviteCodes) return { guestLink: roomGuestLink(caps, link, room, await client.tariffAllowsGuests()), guestLinkExpiresAt: null };
  if (hours === undefined) return { guestLink: null, guestLinkExpiresAt: null };
  const expiration = new Date(Date.now() + hours * 3_600_000).toISOString().replace(/\.\d{3}Z$/, "Z");
  try {
    const invite = await client.createInvite(room.id, expiration);
    return { guestLink: guestLink(client.webUrl, room.id, invite.invite_code), guestLinkExpiresAt: invite.expiration };
  } catch (error) {
    const notMade = `${created} was created (${link}), but no guest link could be made for it`;
    if (isControllerError(error)) {
      const why = error.code === "service_unavailable" || isTariffRefusal(error)
        ? ": invites need a room without end-to-end encryption, guest access not disabled, and a tariff that allows guests"
        : "";
      throw error.withHint(`${notMade}${why}`);
    }
    throw new OpenTalkError(`${(error as Error).message}\n${notMade}.`, { cause: error });
  }
}

/**
 * The controller's "the user's tariff lacks this feature": `feature_disabled_by_tariff` up to 0.30 (helpers
 * `require_feature`, ot-controller v0.30.1), `feature_disabled` from 0.34 on (`FeatureRequiredError`). For a create
 * that asks for nothing but guests, the missing feature is `core::guests_allowed`.
 */
function isTariffRefusal(error: unknown): error is ControllerError {
  return isControllerError(error) && (error.code === "feature_disabled_by_tariff" || error.code === "feature_disabled");
}

/**
 * A create of a room or meeting that lets guests in, refused by the tariff, with the option that makes it pass;
 * `undefined` for any other failure.
 */
export function guestsRefusedByTariff(error: unknown, guestAccess: string | undefined): ControllerError | undefined {
  if (!isTariffRefusal(error) || guestAccess === "disabled") return undefined;
  return error.withHint("the tariff of the configured user does not allow guests (core::guests_allowed): run again with --guest-access disabled");
}

/** Invite lists fetched at once; enough to hide latency, few enough not to look like a flood to the controller. */
const INVITE_REQUESTS_IN_PARALLEL = 6;

/**
 * The guest link of each meeting's room, as the OpenTalk web app shows it: up to 0.34 the room's first active invite
 * without expiry (one invite list per room: recurring meetings list their exceptions with the same room); from 0.35
 * the room link when the room lets guests in, without a request per room.
 */
export async function meetingGuestLinks(client: OpenTalkClient, events: readonly Event[]): Promise<Map<string, string | null>> {
  const rooms = new Map(events.flatMap((event) => (event.room ? [[event.room.id, event.room] as const] : [])));
  if (rooms.size === 0) return new Map();
  const caps = await client.capabilities();
  if (!caps.inviteCodes) {
    const guestsAllowed = await client.tariffAllowsGuests();
    return new Map(
      [...rooms.values()].map((room) => [
        room.id,
        roomGuestLink(caps, roomLink(client.webUrl, room.id), { guestAccess: (room.guest_access as GuestAccess | undefined) ?? null, e2eEncryption: room.e2e_encryption ?? false }, guestsAllowed),
      ]),
    );
  }
  const roomIds = [...rooms.keys()];
  const found = await mapInParallel(roomIds, INVITE_REQUESTS_IN_PARALLEL, (roomId) => permanentGuestLink(client, roomId));
  return new Map(roomIds.map((roomId, i) => [roomId, found[i]!]));
}

/**
 * The guest link the OpenTalk web app shows for a room up to 0.34: its first active invite without expiry (API-NOTES
 * §6), in the controller's order (newest change first). None when the room has no such invite, or when its invites
 * are not available: 404 for an encrypted room or disabled guest access, 403 where the user may not see them.
 */
async function permanentGuestLink(client: OpenTalkClient, roomId: string): Promise<string | null> {
  let invites: Invite[];
  try {
    invites = await client.listInvites(roomId);
  } catch (error) {
    if (isControllerError(error) && (error.meaning === "denied" || error.meaning === "not-found" || error.code === "service_unavailable")) return null;
    throw error;
  }
  const invite = firstPermanentInvite(invites);
  return invite ? guestLink(client.webUrl, roomId, invite.invite_code) : null;
}

export function firstPermanentInvite(invites: readonly Invite[]): Invite | undefined {
  return invites.find((invite) => invite.active && invite.expiration === null);
}

async function mapInParallel<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
