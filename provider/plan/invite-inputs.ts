import { checkProperties, uuid, type CheckFailure, type Rule } from "./check-failures";
import type { InviteInputs } from "./invite-state";
import { withoutAbsent } from "./room-inputs";
import { rfc3339Instant } from "./time-rules";

/** OpenTalkInvite's check; `now` is a parameter so the rule on past times is testable. */
export function checkInviteInputs(
  news: Record<string, unknown>,
  now: number = Date.now(),
): { inputs: Record<string, unknown>; failures: CheckFailure[] } {
  const rules: Record<keyof InviteInputs, Rule> = {
    roomId: uuid("a room id, typically room.roomId"),
    expiresAt: rfc3339Instant({
      after: now,
      pastReason: "a guest link that has already expired is of no use — remove the invite or give a later time",
    }),
  };
  const missingRoom = news.roomId === undefined || news.roomId === null || news.roomId === "";
  const failures = checkProperties(missingRoom ? { ...news, roomId: undefined } : news, rules, "OpenTalkInvite");
  if (missingRoom) {
    failures.push({ property: "roomId", reason: "is required: the room the guest link opens, typically room.roomId" });
  }
  return { inputs: withoutAbsent(news), failures };
}
