import { AmbiguousCreateError, type OpenTalkClient } from "../client";
import { ambiguousCreateError, mayHaveBeenCreated, type AmbiguousCreate } from "../runtime/orphans";

/**
 * The error for a create command whose answer was lost. Whether the create may have happened, and which of the
 * user's objects from that time look like it, are decided in runtime/orphans.ts, as for the providers; only the
 * advice is the command line's: there is no stack to adopt into, so it says how to find, use or delete what was
 * made instead of running the command again, which would make a second one. Other failures are returned as they are.
 */
export async function lostCreateError(client: OpenTalkClient, error: unknown, create: AmbiguousCreate): Promise<unknown> {
  if (!mayHaveBeenCreated(error)) return error;
  const { candidates } = await ambiguousCreateError(client, error, create);
  const noun = create.kind;
  const group = noun === "room" ? "rooms" : "meetings";
  const found = candidates.length
    ? `Your ${noun}s made around that time with these settings (newest first):\n` +
      candidates.map((c) => `  - ${c.id} created ${c.createdAt} (${c.description})`).join("\n") +
      `\nThe newest is most probably the one just made: see it with "opentalk ${group} get ${candidates[0]!.id}"` +
      (noun === "meeting" ? `, or delete it with "opentalk meetings delete ${candidates[0]!.id}"` : "") +
      ", rather than running this command again."
    : `Look for it with "opentalk ${group} list" before running this command again: if it is there, it was made, and ` +
      "running again would make a second one.";
  return new AmbiguousCreateError(
    `Creating the ${noun} may have succeeded on the server although its answer was lost, so it was not repeated ` +
      `(OpenTalk has no way to make a create safe to repeat): ${(error as Error).message}\n${found}`,
    candidates,
    error,
  );
}
