import { AmbiguousCreateError, type OpenTalkClient } from "../client";
import type { GuestAccess } from "../plan/room-state";
import { candidateLines, lostCreateOpening, mayHaveBeenCreated, searchLostCreate, STILL_WORKING, type AmbiguousCreate } from "../runtime/orphans";
import { guestsRefusedByTariff } from "./guest-links";

/**
 * Sends a create command's one create, never repeated: a tariff that refuses its guests says which option to drop,
 * and a lost answer becomes the advice below.
 */
export async function createOnce<T>(
  client: OpenTalkClient,
  create: () => Promise<T>,
  search: Omit<AmbiguousCreate, "sentAt">,
  guestAccess: GuestAccess | undefined,
): Promise<T> {
  const sentAt = Date.now();
  try {
    return await create();
  } catch (error) {
    throw guestsRefusedByTariff(error, guestAccess) ?? (await lostCreateError(client, error, { ...search, sentAt }));
  }
}

/**
 * The error for a create command whose answer was lost. Whether the create may have happened, and which of the
 * user's objects from that time look like it, are decided in runtime/orphans.ts, as for the providers; only the
 * advice is the command line's: there is no stack to adopt into, so it says how to find, use or delete what was
 * made instead of running the command again, which would make a second one. Other failures are returned as they are.
 */
export async function lostCreateError(client: OpenTalkClient, error: unknown, create: AmbiguousCreate): Promise<unknown> {
  if (!mayHaveBeenCreated(error)) return error;
  const search = await searchLostCreate(client, error, create);
  const noun = create.kind;
  const group = noun === "room" ? "rooms" : "meetings";
  const lookFirst = `Look for it with "opentalk ${group} list" before running this command again`;
  const found = !search.listed
    ? `Listing your ${noun}s to find it failed as well (${search.failure}). ${lookFirst}: if it is there, it was made.`
    : search.candidates.length
      ? `Your ${noun}s made around that time with these settings (newest first):\n` +
        candidateLines(search.candidates) +
        `\nThe newest is most probably the one just made: see it with "opentalk ${group} get ${search.candidates[0]!.id}"` +
        (noun === "meeting" ? `, or delete it with "opentalk meetings delete ${search.candidates[0]!.id}"` : "") +
        ", rather than running this command again."
      : search.mayStillBeWorking
        ? `None was found yet, but ${STILL_WORKING}. Look for it again in a minute with "opentalk ${group} list" before ` +
          "running this command again, which would make a second one if it was made."
        : `${lookFirst}: if it is there, it was made, and running again would make a second one.`;
  return new AmbiguousCreateError(`${lostCreateOpening(noun, error)}\n${found}`, search.listed ? search.candidates : [], error);
}
