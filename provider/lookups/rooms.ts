import { isControllerError, type Room } from "../client";
import { nameOf, roomLink, type GuestAccess } from "../plan/room-state";
import { lookupClient, type LookupOptions } from "./lookup-client";

/**
 * A room as a lookup returns it: the vocabulary of OpenTalkRoom's outputs, without the password. A lookup result is
 * a plain value that a program may log or export, where nothing would mark it secret, so the password is left out
 * and only `passwordRequired` says whether there is one. Dial-in data is not here either: it costs a request per
 * room, and its PIN is a secret as well.
 */
export interface OpenTalkRoomInfo {
  roomId: string;
  /** The link members open: `{url}/room/{roomId}`. */
  roomLink: string;
  /** OpenTalk 0.35+: the room's name (the alias up to its first "_"); null without one, and on older releases. */
  name: string | null;
  /** OpenTalk 0.35+: the alias the server derived from the name (`name` or `name_suffix`); null without one. */
  alias: string | null;
  /** The OpenTalk user id of the owner. */
  ownerId: string;
  ownerEmail: string;
  /** When the room was created (RFC 3339, UTC, as the controller gives it). */
  createdAt: string;
  waitingRoom: boolean;
  /** Who may join without an invite; null on controllers before 0.34, which do not know guest access. */
  guestAccess: GuestAccess | null;
  /** Whether joining takes a password. */
  passwordRequired: boolean;
}

/** One of the configured user's rooms. Fails with a ControllerError (403) when the room does not exist or is not theirs. */
export async function getRoom(roomId: string, options?: LookupOptions): Promise<OpenTalkRoomInfo> {
  const client = lookupClient(options);
  try {
    return roomInfo(client.webUrl, await client.getRoom(roomId));
  } catch (error) {
    if (isControllerError(error) && (error.meaning === "denied" || error.meaning === "not-found")) {
      throw error.withHint(`room ${roomId} does not exist or belongs to another user (opentalk rooms list shows your rooms)`);
    }
    throw error;
  }
}

/**
 * Every room the configured user may list, oldest first: their own, and the rooms of meetings they are invited to
 * (`ownerId` tells them apart; only their own can be adopted or changed).
 */
export async function listRooms(options?: LookupOptions): Promise<OpenTalkRoomInfo[]> {
  const client = lookupClient(options);
  return (await client.listRooms()).map((room) => roomInfo(client.webUrl, room));
}

export function roomInfo(webUrl: string, room: Room): OpenTalkRoomInfo {
  return {
    roomId: room.id,
    roomLink: roomLink(webUrl, room.id),
    name: nameOf(room),
    alias: room.alias ?? null,
    ownerId: room.created_by.id,
    ownerEmail: room.created_by.email,
    createdAt: room.created_at,
    waitingRoom: room.waiting_room,
    guestAccess: (room.guest_access as GuestAccess | undefined) ?? null,
    passwordRequired: room.password !== undefined,
  };
}
