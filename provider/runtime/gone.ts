import { isControllerError, type ControllerError, type OpenTalkClient } from "../client";
import type { Props } from "./resource-implementation";

/** What a failed read or delete was about. `recorded` is the state's record (its owner tells "gone" from "not yours"). */
export type Subject =
  | { kind: "room"; id: string; label: string; recorded: Props }
  | { kind: "meeting"; id: string; label: string; recorded: Props }
  | { kind: "invite"; roomId: string; code: string; label: string; recorded: Props };

/**
 * Whether a failed read or delete proves the object gone — the one place that decides it, for every resource.
 *
 * An object is gone only on the controller's own word, read in two answers:
 * 1. the object's request was answered by the controller itself with "denied" (403: real controllers answer a
 *    missing and a foreign room or meeting alike, v0.30.1 crates/kustos/src/actix_web/middleware.rs, from 0.34
 *    `Admission::Denied`) or "not found" (its JSON 404) — never a proxy's page, a redirect, a 410 for a whole API,
 *    a discovery or login failure (those are not ControllerErrors of this meaning, responses.ts);
 * 2. the controller's list of the user's rooms (meetings; a room's guest links) — read after that answer — no
 *    longer holds it.
 * An object recorded with another owner is never gone: that is a changed login, reported with both users named.
 * Returns false for any other failure, which the caller rethrows.
 */
export async function isGone(client: OpenTalkClient, error: unknown, subject: Subject): Promise<boolean> {
  if (!isControllerError(error)) return false;
  const denial = error.meaning === "denied" || error.meaning === "not-found";
  // Released controllers up to 0.30 answer an unknown invite code with 500 (a database "not found", RELEASES.md):
  // for a guest link the list of the room's links decides instead.
  const inviteLookupFailed = subject.kind === "invite" && error.meaning === "refused" && error.status === 500;
  if (!denial && !inviteLookupFailed) return false;

  const me = await client.currentUser();
  const ownerId: string | null | undefined = subject.recorded.ownerId;
  if (ownerId && ownerId !== me.id) {
    throw error.withHint(
      `${subject.label} was created by another user (${subject.recorded.ownerEmail ?? `id ${ownerId}`}) than the configured ` +
        `${me.email}: configure the user who owns it, or remove it from the stack with "pulumi state delete"`,
    );
  }
  if (subject.kind === "invite") return inviteGone(client, error, subject, me.email);
  const listed = subject.kind === "room" ? await client.roomIsListed(subject.id, error.answeredAt) : await client.eventIsListed(subject.id, error.answeredAt);
  if (listed) throw stillListed(error, subject.label, `${me.email}'s ${subject.kind}s`);
  return true;
}

async function inviteGone(client: OpenTalkClient, error: ControllerError, subject: Extract<Subject, { kind: "invite" }>, email: string): Promise<boolean> {
  // The room itself answered "denied": the link is gone with its room, if the room is.
  if (error.meaning === "denied") {
    if (await client.roomIsListed(subject.roomId, error.answeredAt)) throw stillListed(error, `the room of ${subject.label}`, `${email}'s rooms`);
    return true;
  }
  const invites = await client.listInvites(subject.roomId);
  const invite = invites.find((candidate) => candidate.invite_code.toLowerCase() === subject.code.toLowerCase());
  if (invite?.active) throw stillListed(error, subject.label, `the guest links of its room`);
  return true;
}

function stillListed(error: ControllerError, label: string, where: string): ControllerError {
  return error.withHint(
    `yet ${label} is still listed among ${where}, so it exists and something refused access to it (a proxy rule, or ` +
      `permissions changed on the server). It stays in the stack's state as it was`,
  );
}
