import { type RoomSettingsBody } from "../client";
import { getRoom, listRooms, lookupClient, roomInfo, type OpenTalkRoomInfo } from "../lookups";
import { checkRoomInputs } from "../plan/room-inputs";
import { GUEST_ACCESS_VALUES, type GuestAccess } from "../plan/room-state";
import { roomsLike } from "../runtime/orphans";
import { UsageError, type Command } from "./command";
import { newRoomGuestLink } from "./guest-links";
import { createOnce } from "./lost-create";
import { guestLinkHours, objectId, refuseCheckFailures } from "./option-values";
import { refuseWhatTheReleaseCannotDo } from "./release-checks";

/** The columns of a room, in the lookups' vocabulary; the password is never printed, only whether there is one. */
export const ROOM_COLUMNS: readonly (keyof OpenTalkRoomInfo)[] = [
  "roomId",
  "roomLink",
  "name",
  "alias",
  "ownerId",
  "ownerEmail",
  "createdAt",
  "waitingRoom",
  "guestAccess",
  "passwordRequired",
];

/** Why a plain room may not last, for the help and the warning of `rooms create`. */
const ROOM_CLEANUP_WARNING =
  "a plain room belongs to no meeting, so OpenTalk's room-cleanup job may delete it; for a room that should last, " +
  'use "opentalk meetings create --title …" instead (or OpenTalkMeeting in a Pulumi program)';

export const roomsList: Command = {
  group: "rooms",
  action: "list",
  args: [],
  options: {},
  summary: "List your rooms (their ids are what OpenTalkRoom's adoptRoomId takes)",
  details:
    "Every room the configured user owns, oldest first: plain rooms and the rooms of meetings alike. Room\n" +
    "passwords are not shown, only passwordRequired. name and alias are set on OpenTalk 0.35+ only.",
  async run({ lookup }) {
    const rooms = await listRooms(lookup);
    // The controller also lists the rooms of meetings the user is invited to, which are not theirs to adopt.
    const me = await lookupClient(lookup).currentUser();
    return { shape: "list", columns: ROOM_COLUMNS, rows: rooms.filter((room) => room.ownerId === me.id) };
  },
};

export const roomsGet: Command = {
  group: "rooms",
  action: "get",
  args: [{ name: "room-id", description: 'the id of one of your rooms, as "opentalk rooms list" shows it' }],
  options: {},
  summary: "Show one of your rooms",
  details: "Fails (exit status 1) when the room does not exist or belongs to another user.",
  async run({ args, lookup }) {
    const roomId = objectId(args["room-id"]!, "room-id", roomsGet);
    return { shape: "item", columns: ROOM_COLUMNS, rows: [await getRoom(roomId, lookup)] };
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
      description: "Also make a guest link that expires in N hours (a whole number), and print it (up to OpenTalk 0.34)",
    },
    "guest-access": {
      type: "string",
      valueName: "MODE",
      description: `Who may join without an invite: ${GUEST_ACCESS_VALUES.join(", ")} (OpenTalk 0.34+; default: the server's, waiting_room)`,
    },
    "waiting-room": { type: "boolean", description: "Turn the waiting room on" },
    name: { type: "string", valueName: "NAME", description: "The room's name (OpenTalk 0.35+): 3–40 of a–z, 0–9, . and -" },
  },
  summary: "Create a plain room and print its link (prefer meetings create for rooms that should last)",
  details:
    "Creates a room without a password. Warning: " + ROOM_CLEANUP_WARNING + ".\n" +
    "Up to OpenTalk 0.34 a guest link is made only when asked for with --guest-link-hours: it is a secret (anyone\n" +
    "holding it can join), so it is printed only on request. OpenTalk 0.35 has no expiring guest links: there\n" +
    "--guest-link-hours is refused, and guestLink is the room link itself when the room lets guests in.",
  async run({ options, lookup }) {
    const hours = guestLinkHours(options["guest-link-hours"], roomsCreate);
    const guestAccess = options["guest-access"] as GuestAccess | undefined;
    const name = options.name as string | undefined;
    refuseCheckFailures(checkRoomInputs({ guestAccess, name }).failures, { guestAccess: "--guest-access", name: "--name" }, roomsCreate);
    if (hours !== undefined && guestAccess === "disabled") {
      throw new UsageError("--guest-link-hours needs guest access: a room with --guest-access disabled cannot have guest links; leave out one of them", roomsCreate);
    }
    const client = lookupClient(lookup);
    const caps = await client.capabilities();
    refuseWhatTheReleaseCannotDo(caps, { name, guestAccess, guestLinkHours: hours }, roomsCreate);

    const body: RoomSettingsBody = {
      ...(options["waiting-room"] ? { waiting_room: true } : {}),
      ...(guestAccess ? { guest_access: guestAccess } : {}),
      ...(name ? { name } : {}),
    };
    const room = await createOnce(
      client,
      () => client.createRoom(body),
      { kind: "room", find: roomsLike({ password: null, waitingRoom: body.waiting_room ?? false, guestAccess, name: name ?? null }) },
      guestAccess,
    );
    lookup.logger?.warn(`room ${room.id}: ${ROOM_CLEANUP_WARNING}.`);
    const info = roomInfo(client.webUrl, room);
    const link = await newRoomGuestLink(client, caps, { id: room.id, guestAccess: info.guestAccess, e2eEncryption: false }, hours, `Room ${room.id}`);
    return { shape: "item", columns: [...ROOM_COLUMNS, "guestLink", "guestLinkExpiresAt"], rows: [{ ...info, ...link }] };
  },
};

export const ROOM_COMMANDS: readonly Command[] = [roomsList, roomsGet, roomsCreate];
