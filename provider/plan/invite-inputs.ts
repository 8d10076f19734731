import { checkProperties, describe, uuid, type CheckFailure, type Rule } from "./check-failures";
import type { InviteInputs } from "./invite-state";

/** RFC 3339 date-time: a date, a time and a zone (Z or ±hh:mm) — a time without a zone is ambiguous. */
const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

function expiresAtRule(now: number): Rule {
  return (value) => {
    if (typeof value !== "string") return `must be an RFC 3339 time such as "2027-01-31T18:00:00Z", got ${describe(value)}`;
    if (!RFC3339.test(value) || !isRealDate(value)) {
      return /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(value)
        ? `"${value}" has no time zone: add Z (UTC) or an offset such as +01:00`
        : `"${value}" is not an RFC 3339 time such as "2027-01-31T18:00:00Z"`;
    }
    if (Date.parse(value) <= now) {
      return `"${value}" is in the past: a guest link that has already expired is of no use — remove the invite or give a later time`;
    }
    return undefined;
  };
}

/** Date.parse rolls "02-30" over to March; the calendar date and time must exist as written. */
function isRealDate(value: string): boolean {
  const [, y, mo, d, h, mi, s] = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})/.exec(value)!.map(Number);
  const utc = new Date(Date.UTC(y!, mo! - 1, d!, h!, mi!, s!));
  return (
    utc.getUTCFullYear() === y && utc.getUTCMonth() === mo! - 1 && utc.getUTCDate() === d &&
    utc.getUTCHours() === h && utc.getUTCMinutes() === mi && utc.getUTCSeconds() === s
  );
}

/** OpenTalkInvite's check; `now` is a parameter so the rule on past times is testable. */
export function checkInviteInputs(
  news: Record<string, unknown>,
  now: number = Date.now(),
): { inputs: Record<string, unknown>; failures: CheckFailure[] } {
  const rules: Record<keyof InviteInputs, Rule> = {
    roomId: uuid("a room id, typically room.roomId"),
    expiresAt: expiresAtRule(now),
  };
  const missingRoom = news.roomId === undefined || news.roomId === null || news.roomId === "";
  const failures = checkProperties(missingRoom ? { ...news, roomId: undefined } : news, rules, "OpenTalkInvite");
  if (missingRoom) {
    failures.push({ property: "roomId", reason: "is required: the room the guest link opens, typically room.roomId" });
  }
  const inputs: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(news)) if (value !== undefined && value !== null) inputs[key] = value;
  return { inputs, failures };
}
