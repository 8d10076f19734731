import { checkOutcome, checkProperties, uuid, type CheckOutcome, type Rule } from "./check-failures";
import type { InviteInputs } from "./invite-state";
import { isValidInstant, rfc3339Instant } from "./time-rules";

export const INVITE_RULES: Record<keyof InviteInputs, Rule> = {
  roomId: uuid("a room id, typically room.roomId"),
  expiresAt: rfc3339Instant,
};

/**
 * OpenTalkInvite's check; `now` is a parameter so the rule on past times is testable.
 *
 * An expiry that has passed is a warning, never a failure: a link that simply ran out must not stop `pulumi up` of
 * the whole stack — not on the next run, and not after a refresh dropped the link or kept it. The runtime shows the
 * warning and makes no new link for a time already past. (`olds` no longer matters; the parameter stays for callers.)
 */
export function checkInviteInputs(
  news: Record<string, unknown>,
  now: number = Date.now(),
  _olds: Record<string, unknown> = {},
): CheckOutcome & { warnings: string[] } {
  const missingRoom = news.roomId === undefined || news.roomId === null || news.roomId === "";
  const failures = checkProperties(missingRoom ? { ...news, roomId: undefined } : news, INVITE_RULES, "OpenTalkInvite");
  if (missingRoom) {
    failures.push({ property: "roomId", reason: "is required: the room the guest link opens, typically room.roomId" });
  }
  return { ...checkOutcome(news, failures), warnings: expiryWarnings(news.expiresAt, now) };
}

function expiryWarnings(expiresAt: unknown, now: number): string[] {
  if (!isValidInstant(expiresAt) || Date.parse(expiresAt) > now) return [];
  return [
    `expiresAt: ${JSON.stringify(expiresAt)} has passed: this guest link no longer admits anyone — give a later time to use it again, or remove the link`,
  ];
}
