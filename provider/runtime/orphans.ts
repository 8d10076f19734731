import {
  AmbiguousCreateError,
  isConnectionError,
  isControllerError,
  isUnattributedAnswerError,
  type CreateCandidate,
  type EventQuery,
  type OpenTalkClient,
  type Room,
} from "../client";
import { nameOf, type DesiredRoomSettings } from "../plan/room-state";

/** Whether a failed create may still have been carried out: the answer was lost, or did not come from the controller. */
export function mayHaveBeenCreated(error: unknown): boolean {
  if (isConnectionError(error)) return error.mayHaveBeenProcessed;
  if (isUnattributedAnswerError(error)) return true;
  return isControllerError(error) && error.status >= 500;
}

/** The clocks of this machine and the controller may differ; the window reaches this far on either side. */
const CLOCK_SLACK_MS = 120_000;

/** An object the listing holds that looks like what was asked for, with its owner (the listings hold others' too). */
export interface FoundObject extends CreateCandidate {
  /** `created_by.id` as the controller lists it; an object without one is never offered. */
  ownerId: string | undefined;
}

export interface AmbiguousCreate {
  kind: "room" | "meeting";
  /** When the create was sent (this machine's clock). */
  sentAt: number;
  /** The objects listed since then that look like what was asked for, whoever owns them. */
  find: (client: OpenTalkClient, since: number) => Promise<FoundObject[]>;
}

/** The rooms listed since then with the settings a create sent (the controller reports them all but encryption). */
export function roomsLike(settings: Pick<DesiredRoomSettings, "password" | "waitingRoom" | "guestAccess" | "name">): AmbiguousCreate["find"] {
  const looksLike = (room: Room): boolean =>
    (room.password ?? null) === settings.password &&
    room.waiting_room === settings.waitingRoom &&
    (settings.guestAccess === undefined || room.guest_access === undefined || room.guest_access === settings.guestAccess) &&
    (settings.name === null || nameOf(room) === settings.name);
  return async (client, since) =>
    (await client.listRooms())
      .filter((room) => Date.parse(room.created_at) >= since && looksLike(room))
      .map((room) => ({ id: room.id, createdAt: room.created_at, description: describeRoom(room), ownerId: room.created_by.id }));
}

/** The meetings listed since then with the title a create sent (`query` narrows the listing to their kind). */
export function meetingsTitled(title: string, query: EventQuery): AmbiguousCreate["find"] {
  return async (client, since) =>
    (await client.listEvents(query))
      .filter((event) => event.title === title && event.created_at !== undefined && Date.parse(event.created_at) >= since)
      .map((event) => ({ id: event.id, createdAt: event.created_at!, description: `"${event.title}", room ${event.room?.id ?? "?"}`, ownerId: event.created_by?.id }));
}

function describeRoom(room: Room): string {
  return [
    `waiting room ${room.waiting_room ? "on" : "off"}`,
    room.guest_access ? `guest access ${room.guest_access}` : undefined,
    room.password !== undefined ? "password set" : "no password",
    room.alias ? `alias ${room.alias}` : undefined,
  ]
    .filter(Boolean)
    .join(", ");
}

/** What the listings say about a create that may have happened, for the providers and the command line to word. */
export type CreateSearch =
  | {
      listed: true;
      /** The configured user's objects with the settings asked for, newest first (at most five). */
      candidates: CreateCandidate[];
      owner: string;
      /** The start of the window searched (ISO 8601, whole seconds). */
      since: string;
      /** No answer in time, or a gateway gave up waiting: the controller may still be making it. */
      mayStillBeWorking: boolean;
    }
  | { listed: false; failure: string };

/**
 * Looks for what a create whose answer was lost may have made: the configured user's objects, made around that time,
 * with the settings asked for. Never guesses: only the user decides which object is theirs.
 */
export async function searchLostCreate(client: OpenTalkClient, error: unknown, create: AmbiguousCreate): Promise<CreateSearch> {
  const since = create.sentAt - CLOCK_SLACK_MS;
  try {
    const me = await client.currentUser();
    // Only the user's own: the controller also lists the meetings (and their rooms) the user is merely invited to,
    // which can have the same title and be just as new, and which the user could neither adopt nor delete.
    const candidates = (await create.find(client, since))
      .filter((found) => found.ownerId === me.id)
      .map(({ id, createdAt, description }) => ({ id, createdAt, description }))
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
      .slice(0, 5);
    return {
      listed: true,
      candidates,
      owner: me.email,
      since: new Date(since).toISOString().replace(/\.\d+Z$/, "Z"),
      mayStillBeWorking: mayStillBeWorking(error),
    };
  } catch (listing) {
    return { listed: false, failure: (listing as Error).message };
  }
}

/** The first words of every lost-create message: what happened, and why nothing was repeated. */
export function lostCreateOpening(kind: AmbiguousCreate["kind"], error: unknown): string {
  const failure = error instanceof Error ? error.message : String(error);
  return (
    `Creating the ${kind} may have succeeded on the server although its answer was lost, so it was not repeated ` +
    `(OpenTalk has no way to make a create safe to repeat): ${failure}`
  );
}

/** The error a provider's create gives when its answer was lost: the candidates, and how to adopt one. */
export async function ambiguousCreateError(client: OpenTalkClient, error: unknown, create: AmbiguousCreate): Promise<AmbiguousCreateError> {
  const search = await searchLostCreate(client, error, create);
  const noun = create.kind;
  const adopt = noun === "room" ? "adoptRoomId" : "adoptEventId";
  const found = !search.listed
    ? `Listing your ${noun}s to find it failed as well (${search.failure}).`
    : search.candidates.length
      ? `${capitalized(noun)}s of ${search.owner} created since ${search.since} with the settings asked for (newest first):\n` +
        candidateLines(search.candidates) +
        `\nTo take one over instead of making another, add ${adopt}: "${search.candidates[0]!.id}" (the one that is yours) to ` +
        `this resource — in the rooms file, \`${adopt}: ${search.candidates[0]!.id}\` — and run pulumi up again.`
      : search.mayStillBeWorking
        ? // Looked for at once: a slow controller may still be making it, and another run would make a second one.
          `No ${noun} of ${search.owner} with these settings was created since ${search.since} — yet: ${STILL_WORKING}. ` +
          `Look for it again in a minute (opentalk rooms unmanaged, below) before running pulumi up again, which would ` +
          `make a second one if it was made.`
        : `No ${noun} of ${search.owner} with these settings was created since ${search.since}: the create most probably did ` +
          `not happen; run pulumi up again.`;
  return new AmbiguousCreateError(
    `${lostCreateOpening(noun, error)}\n${found}\n` +
      `\`opentalk rooms unmanaged --state <(pulumi stack export)\` lists every room and meeting the stack does not manage.`,
    search.listed ? search.candidates : [],
    error,
  );
}

/** Why a create found nowhere yet may still appear. */
export const STILL_WORKING = "the controller did not answer in time, or a gateway gave up waiting for it, so it may still be making it";

export function candidateLines(candidates: readonly CreateCandidate[]): string {
  return candidates.map((c) => `  - ${c.id} created ${c.createdAt} (${c.description})`).join("\n");
}

/** No answer in time, or a gateway that gave up waiting (502/503/504 from in front of it): the work may go on. */
function mayStillBeWorking(error: unknown): boolean {
  if (isConnectionError(error)) return error.timedOut;
  return isUnattributedAnswerError(error) && [502, 503, 504].includes(error.status);
}

function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
