import { OpenTalkError, isControllerError, type Event, type EventBody, type OpenTalkClient } from "../client";
import { eventInfo, lookupClient, type OpenTalkEventInfo } from "../lookups";
import { checkMeetingInputs } from "../plan/meeting-inputs";
import { GUEST_ACCESS_VALUES, type GuestAccess } from "../plan/room-state";
import { meetingsTitled } from "../runtime/orphans";
import { UsageError, type Command } from "./command";
import { newRoomGuestLink } from "./guest-links";
import { createOnce } from "./lost-create";
import { guestLinkHours, objectId, passwordFromEnv, refuseCheckFailures, TIME_RANGE_OPTIONS, timeRange } from "./option-values";
import { refuseWhatTheReleaseCannotDo } from "./release-checks";

/**
 * `opentalk meetings …`: the meetings the configured user owns — what they manage. A standing meeting (no date, not
 * ad hoc) is how OpenTalk's web app makes a room that lasts: it has a title, shows in the owner's dashboard, and the
 * controller's room-cleanup job leaves it alone. These commands print no secrets (no password, PIN or guest link
 * beyond the one `create` was asked for); `events list` is the command that hands those out.
 */

/** A meeting's columns, in the lookups' vocabulary. */
export const MEETING_COLUMNS: readonly (keyof OpenTalkEventInfo)[] = [
  "eventId",
  "title",
  "description",
  "roomId",
  "roomLink",
  "name",
  "alias",
  "type",
  "isTimeIndependent",
  "isAdhoc",
  "startsAt",
  "endsAt",
  "timeZone",
  "ownerId",
  "ownerEmail",
  "createdAt",
  "waitingRoom",
  "guestAccess",
  "passwordRequired",
  "sipTel",
  "sipId",
];

const EVENT_ID = { name: "event-id", description: 'the eventId of one of your meetings, as "opentalk meetings list" shows it' } as const;

export const meetingsList: Command = {
  group: "meetings",
  action: "list",
  args: [],
  options: TIME_RANGE_OPTIONS,
  summary: "List the meetings you own, with their settings (no secrets)",
  details:
    "Every meeting the configured user created: standing ones (isTimeIndependent), dated ones and ad-hoc ones\n" +
    "(isAdhoc, which the controller deletes after a day), with their rooms and settings. Passwords, PINs and guest\n" +
    'links are not shown: "opentalk events list" prints those, for every meeting you can see (also as invitee).\n' +
    "--from and --to leave out meetings without a date (the controller compares dates only).",
  async run({ options, lookup }) {
    const { timeMin, timeMax } = timeRange(options, meetingsList);
    const client = lookupClient(lookup);
    const me = await client.currentUser();
    const events = await client.listEvents({ timeMin, timeMax });
    return { shape: "list", columns: MEETING_COLUMNS, rows: ownedEvents(events, me.id).map((event) => eventInfo(client.webUrl, event)) };
  },
};

export const meetingsGet: Command = {
  group: "meetings",
  action: "get",
  args: [EVENT_ID],
  options: {},
  summary: "Show one meeting (no secrets)",
  details: "Fails (exit status 1) when the meeting does not exist or you may not see it.",
  async run({ args, lookup }) {
    const eventId = objectId(args["event-id"]!, "event-id", meetingsGet);
    const client = lookupClient(lookup);
    return { shape: "item", columns: MEETING_COLUMNS, rows: [eventInfo(client.webUrl, await existingEvent(client, eventId))] };
  },
};

export const meetingsCreate: Command = {
  group: "meetings",
  action: "create",
  args: [],
  options: {
    title: { type: "string", valueName: "TEXT", required: true, description: "The meeting's title, as people see it in their OpenTalk dashboard" },
    description: { type: "string", valueName: "TEXT", description: "The meeting's description (default: none)" },
    "guest-link-hours": {
      type: "string",
      valueName: "N",
      description: "Also make a guest link that expires in N hours (a whole number), and print it (up to OpenTalk 0.34)",
    },
    "waiting-room": { type: "boolean", description: "Turn the waiting room on" },
    "guest-access": {
      type: "string",
      valueName: "MODE",
      description: `Who may join without an invite: ${GUEST_ACCESS_VALUES.join(", ")} (OpenTalk 0.34+; default: the server's, waiting_room)`,
    },
    "password-env": {
      type: "string",
      valueName: "VAR",
      description: "Give the room the password held in the environment variable VAR (never on the command line)",
    },
    name: { type: "string", valueName: "NAME", description: "The room's name (OpenTalk 0.35+): 3–40 of a–z, 0–9, . and -" },
  },
  summary: "Create a standing meeting — a room that lasts — and print its room link (and a guest link if asked)",
  details:
    "Creates a meeting without a date (time-independent, not ad hoc), as OpenTalk's web app makes a room: it has\n" +
    "a title, shows in your OpenTalk dashboard, and the controller's room-cleanup job leaves its room alone. No\n" +
    "email goes to you. Delete it with \"opentalk meetings delete <event-id>\".\n" +
    "Up to OpenTalk 0.34, --guest-link-hours N also makes a guest link valid N hours and prints it (a secret:\n" +
    "anyone holding it can join). OpenTalk 0.35 has no expiring guest links: there --guest-link-hours is refused,\n" +
    "and guestLink is the room link itself when the meeting lets guests in.",
  async run({ options, lookup }) {
    const hours = guestLinkHours(options["guest-link-hours"], meetingsCreate);
    const variable = options["password-env"] as string | undefined;
    const password = passwordFromEnv(variable, lookup.env ?? process.env, meetingsCreate);
    const title = options.title as string;
    const description = options.description as string | undefined;
    const guestAccess = options["guest-access"] as GuestAccess | undefined;
    const name = options.name as string | undefined;
    refuseCheckFailures(
      checkMeetingInputs({ title, description, password, guestAccess, name }).failures,
      { title: "--title", description: "--description", password: `the password in ${variable}`, guestAccess: "--guest-access", name: "--name" },
      meetingsCreate,
    );
    if (hours !== undefined && guestAccess === "disabled") {
      throw new UsageError("--guest-link-hours needs guest access: a meeting with --guest-access disabled cannot have guest links; leave out one of them", meetingsCreate);
    }
    const client = lookupClient(lookup);
    const caps = await client.capabilities();
    refuseWhatTheReleaseCannotDo(caps, { name, guestAccess, guestLinkHours: hours }, meetingsCreate);

    const body: EventBody = {
      title,
      description: description ?? "",
      is_time_independent: true,
      is_adhoc: false,
      waiting_room: options["waiting-room"] === true,
      e2e_encryption: false,
      ...(password !== undefined ? { password } : {}),
      ...(guestAccess ? { guest_access: guestAccess } : {}),
      ...(name ? { room_name: name } : {}),
    };
    const event = await createOnce(
      client,
      () => client.createEvent(body),
      { kind: "meeting", find: meetingsTitled(title, { adhoc: false, timeIndependent: true }) },
      guestAccess,
    );
    const info = eventInfo(client.webUrl, event);
    if (!event.room) {
      throw new OpenTalkError(`Meeting ${event.id} was created, but OpenTalk's answer named no room for it: see it with "opentalk meetings get ${event.id}".`);
    }
    const room = { id: event.room.id, guestAccess: info.guestAccess, e2eEncryption: event.room.e2e_encryption ?? false };
    const link = await newRoomGuestLink(client, caps, room, hours, `Meeting ${event.id}`);
    return { shape: "item", columns: [...MEETING_COLUMNS, "guestLink", "guestLinkExpiresAt"], rows: [{ ...info, ...link }] };
  },
};

export const meetingsDelete: Command = {
  group: "meetings",
  action: "delete",
  args: [EVENT_ID],
  options: {},
  summary: "Delete one of your meetings with its room, dial-in and guest links, and print what was deleted",
  details:
    "Deletes the meeting and everything OpenTalk keeps with it (its room, SIP dial-in and guest links); no email\n" +
    "goes out. Only the meeting's owner can delete it. A meeting that does not exist, or is not yours, is an error\n" +
    "(exit status 1), and so is any answer that does not come from the OpenTalk controller itself: then nothing is\n" +
    "reported as deleted.",
  async run({ args, lookup }) {
    const eventId = objectId(args["event-id"]!, "event-id", meetingsDelete);
    const client = lookupClient(lookup);
    const me = await client.currentUser();
    const event = await existingEvent(client, eventId);
    if (event.created_by && event.created_by.id !== me.id) {
      throw new OpenTalkError(
        `Meeting ${eventId} ("${event.title ?? ""}") belongs to ${event.created_by.email}, not to the configured ${me.email}: ` +
          "only its owner can delete it, so nothing was deleted.",
      );
    }
    try {
      await client.deleteEvent(eventId);
    } catch (error) {
      throw notThere(error, eventId);
    }
    return { shape: "item", columns: MEETING_COLUMNS, rows: [eventInfo(client.webUrl, event)] };
  },
};

export const MEETING_COMMANDS: readonly Command[] = [meetingsList, meetingsGet, meetingsCreate, meetingsDelete];

/** The meetings the user created: `GET /v1/events` also lists those they are invited to. */
export function ownedEvents(events: readonly Event[], userId: string): Event[] {
  return events.filter((event) => event.created_by?.id === userId);
}

async function existingEvent(client: OpenTalkClient, eventId: string): Promise<Event> {
  try {
    return await client.getEvent(eventId);
  } catch (error) {
    throw notThere(error, eventId);
  }
}

/** The controller's "denied" and "not found" for a meeting: it does not exist, or belongs to someone else. */
function notThere(error: unknown, eventId: string): unknown {
  if (isControllerError(error) && (error.meaning === "denied" || error.meaning === "not-found")) {
    return error.withHint(`meeting ${eventId} does not exist or belongs to another user (opentalk meetings list shows your meetings)`);
  }
  return error;
}
