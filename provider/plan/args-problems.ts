import type { CheckFailure } from "./check-failures";
import { checkInviteInputs } from "./invite-inputs";
import { checkMeetingInputs } from "./meeting-inputs";
import { checkRoomInputs } from "./room-inputs";

/**
 * The providers' own input rules, for programs that want to validate their input files before declaring anything
 * (the standing-rooms example reports a whole rooms file at once). Same rules, same words as `pulumi preview`.
 */
export function roomArgsProblems(args: Record<string, unknown>): CheckFailure[] {
  return checkRoomInputs(args).failures;
}

export function meetingArgsProblems(args: Record<string, unknown>): CheckFailure[] {
  return checkMeetingInputs(args).failures;
}

/**
 * An expiry already in the past is not a problem here: the invite may exist from an earlier run, and only the
 * provider knows (it refuses a past expiry when it would have to create or change the link).
 */
export function inviteArgsProblems(args: Record<string, unknown>, now: number = Date.now()): CheckFailure[] {
  return checkInviteInputs(args, now, args).failures;
}

export type { CheckFailure };
