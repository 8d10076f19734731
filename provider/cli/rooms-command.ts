import { isControllerError, type Room } from "../client";
import { getRoom, listRooms, lookupClient, roomInfo, type OpenTalkRoomInfo } from "../lookups";
import { guestLink } from "../plan/invite-state";
import { GUEST_ACCESS_VALUES, roomLink, type GuestAccess } from "../plan/room-state";
import { UsageError, type Command } from "./command";
import type { CommandOutput } from "./output";

/** The columns of a room, in the lookups' vocabulary; the password is never printed, only whether there is one. */
const ROOM_COLUMNS: readonly (keyof OpenTalkRoomInfo)[] = [
  "roomId",
  "roomLink",
  "ownerId",
  "ownerEmail",
  "createdAt",
  "waitingRoom",
  "guestAccess",
  "passwordRequired",
];

const MAX_GUEST_LINK_HOURS = 24 * 366 * 10;

export const roomsList: Command = {
  group: "rooms",
  action: "list",
  args: [],
  options: {},
  summary: "List your rooms (their ids are what OpenTalkRoom's adoptRoomId takes)",
  details: "Every room the configured user owns, oldest first. Room passwords are not shown, only passwordRequired.",
  async run({ lookup }) {
    return { shape: "list", columns: ROOM_COLUMNS, rows: await listRooms(lookup) };
  },
};

export const roomsGet: Command = {
  group: "rooms",
  action: "get",
  args: ["room-id"],
  options: {},
  summary: "Show one of your rooms",
  details: "Fails (exit status 1) when the room does not exist or belongs to another user.",
  async run({ args, lookup }) {
    return { shape: "item", columns: ROOM_COLUMNS, rows: [await getRoom(args["room-id"]!, lookup)] };
  },
};

export const roomsCreate: Command = {
  group: "rooms",
  action: "create",
  args: [],
  options: {
    "guest-link-hours": {
      type: "string",
      valueName: "N",
      description: "Also make a guest link that expires in N hours (a whole number), and print it",
    },
    "guest-access": {
      type: "string",
      valueName: "MODE",
      description: `Who may join without an invite: ${GUEST_ACCESS_VALUES.join(", ")} (OpenTalk 0.35+; default: the server's, waiting_room)`,
    },
    "waiting-room": { type: "boolean", description: "Turn the waiting room on" },
  },
  summary: "Create a room and print its link (with --guest-link-hours, a guest link too)",
  details:
    "Creates a room without a password. A guest link is made only when asked for with --guest-link-hours: it is a\n" +
    "secret (anyone holding it can join), so it is printed only on request. OpenTalk's admin job room-cleanup may\n" +
    "delete rooms that belong to no meeting; declare rooms you want to keep with OpenTalkRoom instead.",
  async run({ options, lookup }) {
    const hours = guestLinkHours(options["guest-link-hours"]);
    const guestAccess = guestAccessOption(options["guest-access"]);
    if (hours !== undefined && guestAccess === "disabled") {
      throw new UsageError("--guest-link-hours needs guest access: a room with --guest-access disabled cannot have guest links", roomsCreate);
    }
    const client = lookupClient(lookup);
    let room: Room;
    try {
      room = await client.createRoom({
        ...(options["waiting-room"] ? { waiting_room: true } : {}),
        ...(guestAccess ? { guest_access: guestAccess } : {}),
      });
    } catch (error) {
      if (isControllerError(error) && error.code === "feature_disabled_by_tariff" && guestAccess !== "disabled") {
        throw error.withHint("the tariff of the configured user does not allow guests (core::guests_allowed): run again with --guest-access disabled");
      }
      throw error;
    }
    let link: string | null = null;
    let expiresAt: string | null = null;
    if (hours !== undefined) {
      const expiration = new Date(Date.now() + hours * 3_600_000).toISOString().replace(/\.\d{3}Z$/, "Z");
      try {
        const invite = await client.createInvite(room.id, expiration);
        link = guestLink(client.webUrl, room.id, invite.invite_code);
        expiresAt = invite.expiration;
      } catch (error) {
        if (!isControllerError(error)) throw error;
        const why = error.code === "service_unavailable" || error.code === "feature_disabled_by_tariff"
          ? ": invites need a room without end-to-end encryption, guest access not disabled, and a tariff that allows guests"
          : "";
        throw error.withHint(`the room was created (${roomLink(client.webUrl, room.id)}), but no guest link could be made for it${why}`);
      }
    }
    const output: CommandOutput = {
      shape: "item",
      columns: [...ROOM_COLUMNS, "guestLink", "guestLinkExpiresAt"],
      rows: [{ ...roomInfo(client.webUrl, room), guestLink: link, guestLinkExpiresAt: expiresAt }],
    };
    return output;
  },
};

export const ROOM_COMMANDS: readonly Command[] = [roomsList, roomsGet, roomsCreate];

function guestLinkHours(value: string | boolean | undefined): number | undefined {
  if (value === undefined) return undefined;
  const hours = Number(value);
  if (typeof value !== "string" || !/^\d+$/.test(value.trim()) || hours < 1 || hours > MAX_GUEST_LINK_HOURS) {
    throw new UsageError(`--guest-link-hours takes a whole number of hours from 1 to ${MAX_GUEST_LINK_HOURS}, got "${String(value)}"`, roomsCreate);
  }
  return hours;
}

function guestAccessOption(value: string | boolean | undefined): GuestAccess | undefined {
  if (value === undefined) return undefined;
  if (!GUEST_ACCESS_VALUES.includes(value as GuestAccess)) {
    throw new UsageError(`--guest-access takes one of ${GUEST_ACCESS_VALUES.join(", ")}, got "${String(value)}"`, roomsCreate);
  }
  return value as GuestAccess;
}
