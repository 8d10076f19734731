import { UnsupportedError } from "../client";
import type { ServerCapabilities } from "../client/capabilities";
import type { GuestAccess } from "../plan/room-state";
import type { Command } from "./command";

/** What a create command asks for, as far as releases differ in it. */
export interface CreateOptions {
  name?: string;
  guestAccess?: GuestAccess;
  guestLinkHours?: number;
}

/**
 * What the server's release cannot do of what a create command asks, as `--option: reason — fix` lines naming the
 * release; empty when everything can be done. The release is the client's capabilities object (never a version
 * number); the sentences are the command line's, whose fix is an option to leave out rather than a property.
 */
export function createProblems(caps: ServerCapabilities, asked: CreateOptions): string[] {
  const problems: string[] = [];
  if (asked.name !== undefined && !caps.roomNames) {
    problems.push(`--name: room names need OpenTalk 0.35 or newer, and ${caps.label} has none — run again without --name`);
  }
  if (asked.guestAccess !== undefined && !caps.guestAccess) {
    problems.push(
      `--guest-access: guest access settings need OpenTalk 0.34 or newer, and on ${caps.label} guests join by guest ` +
        `link whatever a room says — run again without --guest-access`,
    );
  }
  if (asked.guestLinkHours !== undefined && !caps.inviteCodes) {
    problems.push(
      `--guest-link-hours: ${caps.label} has no expiring guest links (OpenTalk 0.35 removed invite codes); guests join ` +
        `by the room link itself for as long as the room lets them in — run again without --guest-link-hours, and the ` +
        `room link is printed as guestLink`,
    );
  }
  return problems;
}

/** Refuse, before anything is created, what the release cannot do. */
export function refuseWhatTheReleaseCannotDo(caps: ServerCapabilities, asked: CreateOptions, command: Command): void {
  const problems = createProblems(caps, asked);
  if (problems.length > 0) throw new UnsupportedError(`opentalk ${command.group} ${command.action}`, problems);
}
