import { checkProperties, uuid, withoutAbsent, type CheckFailure, type Rule } from "./check-failures";
import type { InviteInputs } from "./invite-state";
import { rfc3339Instant } from "./time-rules";

/**
 * OpenTalkInvite's check; `now` is a parameter so the rule on past times is testable. An expiry in the past is
 * refused only when it is new or changed (`olds` are the recorded inputs): a link that simply ran out must not make
 * every later `pulumi up` of the stack fail.
 */
export function checkInviteInputs(
  news: Record<string, unknown>,
  now: number = Date.now(),
  olds: Record<string, unknown> = {},
): { inputs: Record<string, unknown>; failures: CheckFailure[] } {
  const unchangedExpiry = news.expiresAt !== undefined && olds.expiresAt === news.expiresAt;
  const rules: Record<keyof InviteInputs, Rule> = {
    roomId: uuid("a room id, typically room.roomId"),
    expiresAt: (value) =>
      rfc3339Instant(value) ??
      (unchangedExpiry || Date.parse(value as string) > now
        ? undefined
        : `"${value}" is in the past: a guest link that has already expired is of no use — remove the invite or give a later time`),
  };
  const missingRoom = news.roomId === undefined || news.roomId === null || news.roomId === "";
  const failures = checkProperties(missingRoom ? { ...news, roomId: undefined } : news, rules, "OpenTalkInvite");
  if (missingRoom) {
    failures.push({ property: "roomId", reason: "is required: the room the guest link opens, typically room.roomId" });
  }
  return { inputs: withoutAbsent(news), failures };
}
