import type { CheckFailure } from "./check-failures";
import { checkInviteInputs } from "./invite-inputs";
import { checkMeetingInputs } from "./meeting-inputs";
import { checkRoomInputs, guestLinkConflicts } from "./room-inputs";

/**
 * The providers' own input rules, for programs that want to validate their input files before declaring anything
 * (the standing-rooms example reports a whole rooms file at once). The same functions as `pulumi preview` runs, so
 * the same rules in the same words.
 */
export function roomArgsProblems(args: Record<string, unknown>): CheckFailure[] {
  return checkRoomInputs(args).failures;
}

export function meetingArgsProblems(args: Record<string, unknown>): CheckFailure[] {
  return checkMeetingInputs(args).failures;
}

/** An expiry already in the past is not a problem but a warning: see inviteArgsWarnings. */
export function inviteArgsProblems(args: Record<string, unknown>, now: number = Date.now()): CheckFailure[] {
  return checkInviteInputs(args, now).failures;
}

/** What `pulumi preview` warns about an invite's arguments: an expiry that has passed. */
export function inviteArgsWarnings(args: Record<string, unknown>, now: number = Date.now()): string[] {
  return checkInviteInputs(args, now).warnings;
}

export { guestLinkConflicts };
export type { CheckFailure };
