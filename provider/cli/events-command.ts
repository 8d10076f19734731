import { isControllerError, type Invite, type OpenTalkClient } from "../client";
import { eventInfo, lookupClient, queryTime } from "../lookups";
import { guestLink } from "../plan/invite-state";
import { UsageError, type Command } from "./command";

/**
 * One meeting as `events list` prints it: what the people who take part need, as OpenTalk's API shell script
 * prints it. This is the one place the command line prints room passwords, dial-in PINs and guest links: listing
 * them is what the command is for.
 */
export interface EventRow {
  eventId: string;
  title: string | null;
  roomId: string | null;
  roomLink: string | null;
  startsAt: string | null;
  endsAt: string | null;
  sipTel: string | null;
  sipId: string | null;
  sipPin: string | null;
  password: string | null;
  guestLink: string | null;
}

const EVENT_COLUMNS: readonly (keyof EventRow)[] = [
  "eventId",
  "title",
  "roomId",
  "roomLink",
  "startsAt",
  "endsAt",
  "sipTel",
  "sipId",
  "sipPin",
  "password",
  "guestLink",
];

/** Invite lists fetched at once; enough to hide latency, few enough not to look like a flood to the controller. */
const INVITE_REQUESTS_IN_PARALLEL = 6;

export const eventsList: Command = {
  group: "events",
  action: "list",
  args: [],
  options: {
    from: { type: "string", valueName: "TIME", description: "Only meetings that end after TIME (2026-05-04 or 2026-05-04T09:00:00Z)" },
    to: { type: "string", valueName: "TIME", description: "Only meetings that start before TIME" },
  },
  summary: "List your meetings: title, room link, start, end, SIP dial-in, password and guest link",
  details:
    "Every meeting the configured user can see (as owner, moderator or invitee), with what it takes to join:\n" +
    "the room password, the telephone dial-in (number, conference id, PIN) and the guest link — the room's first\n" +
    "active guest link without expiry, as the OpenTalk web app shows it. These are secrets: mind where the output goes.\n" +
    "Meetings without a date have empty startsAt and endsAt; --from and --to leave them out (the controller\n" +
    "compares dates only). A date alone means midnight UTC.",
  async run({ options, lookup }) {
    const timeMin = timeOption("from", options.from);
    const timeMax = timeOption("to", options.to);
    const client = lookupClient(lookup);
    const events = await client.listEvents({ timeMin, timeMax });
    // Recurring meetings list their exceptions with the same room: one invite list per room.
    const roomIds = [...new Set(events.flatMap((event) => (event.room ? [event.room.id] : [])))];
    const found = await mapInParallel(roomIds, INVITE_REQUESTS_IN_PARALLEL, (roomId) => permanentGuestLink(client, roomId));
    const links = new Map(roomIds.map((roomId, i) => [roomId, found[i]!]));
    const rows = events.map((event): EventRow => {
      const info = eventInfo(client.webUrl, event);
      return {
        eventId: info.eventId,
        title: info.title,
        roomId: info.roomId,
        roomLink: info.roomLink,
        startsAt: info.startsAt,
        endsAt: info.endsAt,
        sipTel: info.sipTel,
        sipId: info.sipId,
        sipPin: event.room?.call_in?.password ?? null,
        password: event.room?.password ?? null,
        guestLink: (event.room && links.get(event.room.id)) ?? null,
      };
    });
    return { shape: "list", columns: EVENT_COLUMNS, rows };
  },
};

export const EVENT_COMMANDS: readonly Command[] = [eventsList];

/**
 * The guest link the OpenTalk web app shows for a room: its first active invite without expiry (API-NOTES §6), in
 * the controller's order (newest change first). None when the room has no such invite, or when its invites are not
 * available: 404 for an encrypted room or disabled guest access, 403 where the user may not see them.
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

function timeOption(name: string, value: string | boolean | undefined): string | undefined {
  if (value === undefined) return undefined;
  const time = typeof value === "string" ? queryTime(value) : undefined;
  if (time === undefined) {
    throw new UsageError(
      `--${name} takes a date (2026-05-04) or a time with a zone (2026-05-04T09:00:00Z, 2026-05-04T11:00:00+02:00), got "${String(value)}"`,
      eventsList,
    );
  }
  return time;
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
