import { readFileSync } from "node:fs";
import type { Event, Room } from "../client";
import { lookupClient } from "../lookups";
import { roomLink } from "../plan/room-state";
import { UsageError, type Command } from "./command";
import { ownedEvents } from "./meetings-command";
import { StackExportError, readStackExport, type ManagedObjects } from "./stack-export";

/** A room or meeting of the user's that no resource of the stack manages, with the line that takes it over. */
export interface UnmanagedRow {
  kind: "room" | "meeting";
  /** The room id (kind room) or the event id (kind meeting): what the adopt line names. */
  id: string;
  roomId: string | null;
  /** Meetings only: rooms have no title. */
  title: string | null;
  createdAt: string | null;
  roomLink: string | null;
  /** `adoptRoomId: <id>` or `adoptEventId: <id>`, as a rooms-file entry or resource argument takes it. */
  adopt: string;
}

const UNMANAGED_COLUMNS: readonly (keyof UnmanagedRow)[] = ["kind", "id", "roomId", "title", "createdAt", "roomLink", "adopt"];

export const roomsUnmanaged: Command = {
  group: "rooms",
  action: "unmanaged",
  args: [],
  options: {
    state: {
      type: "string",
      valueName: "FILE",
      required: true,
      description: 'The stack\'s state as "pulumi stack export" writes it: a file, or - for standard input',
    },
  },
  summary: "List your rooms and meetings that no resource of a stack manages (give it pulumi stack export)",
  details:
    "What exists on the server that the stack does not know: every room and meeting the configured user owns\n" +
    "that no OpenTalkRoom or OpenTalkMeeting in the state records — left over from a create whose answer was\n" +
    "lost, made in the web app, or dropped from the program with retainOnDelete. A meeting's room is reported as\n" +
    "that meeting (kind meeting, id = its eventId), not as a room of its own; a meeting whose room an OpenTalkRoom\n" +
    "manages counts as managed. Each row ends with the line that takes it over in the rooms file or program\n" +
    "(adoptRoomId: <id> or adoptEventId: <id>); or delete it (opentalk meetings delete <event-id>).\n" +
    "  opentalk rooms unmanaged --state <(pulumi stack export) --table\n" +
    "  pulumi stack export --stack prod | opentalk rooms unmanaged --state -\n" +
    "Only ids and plain outputs of the export are read; its secrets stay encrypted.",
  async run({ options, lookup, readStdin }) {
    const file = options.state as string;
    if (file === "") throw new UsageError('--state needs a file name, or - for standard input (--state <(pulumi stack export))', roomsUnmanaged);
    const source = file === "-" ? "on standard input" : file;
    const managed = readStackExport(file === "-" ? await readStdin() : readStateFile(file), source);
    if (managed.resources === 0) {
      lookup.logger?.warn(
        `the state file ${source} records no OpenTalkRoom or OpenTalkMeeting, so every room and meeting of yours is listed: ` +
          "check that it is the export of the right stack.",
      );
    }
    const client = lookupClient(lookup);
    const me = await client.currentUser();
    const [rooms, events] = await Promise.all([client.listRooms(), client.listEvents()]);
    return { shape: "list", columns: UNMANAGED_COLUMNS, rows: unmanagedObjects(client.webUrl, managed, rooms, events, me.id) };
  },
};

/**
 * The user's rooms and meetings the state does not manage, oldest first. Only what the user owns counts: on every
 * release the events listing also holds meetings they are merely invited to, and the rooms listing those meetings'
 * rooms. A room that belongs to one of the user's meetings is that meeting, never a loose room.
 */
export function unmanagedObjects(webUrl: string, managed: ManagedObjects, rooms: readonly Room[], events: readonly Event[], userId: string): UnmanagedRow[] {
  const meetings = [...new Map(ownedEvents(events, userId).map((event) => [event.id, event])).values()];
  const meetingRooms = new Set(meetings.flatMap((event) => (event.room ? [event.room.id] : [])));
  const rows: UnmanagedRow[] = [];
  for (const event of meetings) {
    const roomId = event.room?.id ?? null;
    if (managed.eventIds.has(event.id) || (roomId !== null && managed.roomIds.has(roomId))) continue;
    rows.push({
      kind: "meeting",
      id: event.id,
      roomId,
      title: event.title ?? null,
      createdAt: event.created_at ?? null,
      roomLink: roomId === null ? null : roomLink(webUrl, roomId),
      adopt: `adoptEventId: ${event.id}`,
    });
  }
  for (const room of rooms) {
    if (room.created_by.id !== userId || managed.roomIds.has(room.id) || meetingRooms.has(room.id)) continue;
    rows.push({ kind: "room", id: room.id, roomId: room.id, title: null, createdAt: room.created_at, roomLink: roomLink(webUrl, room.id), adopt: `adoptRoomId: ${room.id}` });
  }
  return rows.sort((a, b) => (a.createdAt ?? "").localeCompare(b.createdAt ?? ""));
}

function readStateFile(file: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch (error) {
    throw new StackExportError(
      `Cannot read the state file ${file}: ${(error as Error).message}. Give the output of "pulumi stack export" as a file, ` +
        "or - to read it from standard input.",
    );
  }
}
