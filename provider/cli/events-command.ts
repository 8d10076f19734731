import { eventInfo, lookupClient } from "../lookups";
import type { Command } from "./command";
import { meetingGuestLinks } from "./guest-links";
import { TIME_RANGE_OPTIONS, timeRange } from "./option-values";

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

export const eventsList: Command = {
  group: "events",
  action: "list",
  args: [],
  options: TIME_RANGE_OPTIONS,
  summary: "List every meeting you can see with what it takes to join: room link, times, dial-in, password, guest link",
  details:
    "Every meeting the configured user can see (as owner, moderator or invitee), with what it takes to join:\n" +
    "the room password, the telephone dial-in (number, conference id, PIN) and the guest link. These are secrets:\n" +
    "mind where the output goes. Up to OpenTalk 0.34 the guest link is the room's first active guest link without\n" +
    "expiry, as the OpenTalk web app shows it; from 0.35, which has no invite codes, it is the room link itself\n" +
    "when the room lets guests in.\n" +
    '"opentalk meetings list" lists only the meetings you own, with their settings and without secrets.\n' +
    "Meetings without a date have empty startsAt and endsAt; --from and --to leave them out (the controller\n" +
    "compares dates only). A date alone means midnight UTC.",
  async run({ options, lookup }) {
    const { timeMin, timeMax } = timeRange(options, eventsList);
    const client = lookupClient(lookup);
    const events = await client.listEvents({ timeMin, timeMax });
    const links = await meetingGuestLinks(client, events);
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
