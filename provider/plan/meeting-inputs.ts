import { checkOutcome, checkProperties, describe, uuid, type CheckFailure, type CheckOutcome, type Rule } from "./check-failures";
import type { MeetingInputs } from "./meeting-state";
import { recurrenceRule, untilBeforeStart } from "./recurrence-rules";
import { ROOM_RULES, roomConflicts } from "./room-inputs";
import { ianaTimeZone, isValidInstant, rfc3339Instant } from "./time-rules";
import { UNKNOWN } from "./unknown";

/**
 * Text the controller limits in UTF-8 bytes, not characters: opentalk-types-common `events/event_title.rs` and
 * `event_description.rs` test `s.len()`, so 250 characters with umlauts can be over 255.
 */
function utf8Text(max: number, what: string): Rule {
  return (value) => {
    if (typeof value !== "string") return `must be a string, got ${describe(value)}`;
    const limit = `must be at most ${max} bytes in UTF-8 (${what})`;
    // Far too long: said by its length alone, without walking a multi-megabyte string.
    if (value.length > 4 * max) return `${limit}, got a string of ${value.length} characters: shorten it`;
    const bytes = Buffer.byteLength(value, "utf8");
    if (bytes <= max) return undefined;
    const characters = [...value].length;
    const why = bytes > characters ? " — letters such as ä, é or ß take 2 bytes, emoji 4" : "";
    return `${limit}, got ${bytes} bytes in ${characters} characters: shorten it${why}`;
  };
}

export const MEETING_RULES: Record<keyof MeetingInputs, Rule> = {
  title: utf8Text(255, "OpenTalk's limit for titles"),
  description: utf8Text(4096, "OpenTalk's limit for descriptions"),
  startsAt: rfc3339Instant,
  endsAt: rfc3339Instant,
  timeZone: ianaTimeZone,
  recurrence: recurrenceRule,
  password: ROOM_RULES.password,
  waitingRoom: ROOM_RULES.waitingRoom,
  guestAccess: ROOM_RULES.guestAccess,
  e2eEncryption: ROOM_RULES.e2eEncryption,
  sip: ROOM_RULES.sip,
  name: ROOM_RULES.name,
  adoptEventId: uuid("the id of an existing meeting you own, as `opentalk events list` shows it"),
};

/** OpenTalkMeeting's check: every rule the controller would enforce, per property, before any API call. */
export function checkMeetingInputs(news: Record<string, unknown>): CheckOutcome {
  const failures = [...checkProperties(news, MEETING_RULES, "OpenTalkMeeting"), ...roomConflicts(news, "meeting"), ...timingConflicts(news)];
  if (news.title === undefined || news.title === null || (typeof news.title === "string" && news.title.trim() === "")) {
    failures.push({ property: "title", reason: "is required: the name people see in their OpenTalk dashboard" });
  }
  return checkOutcome(news, failures);
}

/** Start, end and recurrence together; an unknown value (preview) conflicts with nothing. */
function timingConflicts(news: Record<string, unknown>): CheckFailure[] {
  const failures: CheckFailure[] = [];
  const given = (key: string) => news[key] !== undefined && news[key] !== null;
  const unknown = (key: string) => news[key] === UNKNOWN;
  if (given("startsAt") !== given("endsAt")) {
    failures.push({ property: given("startsAt") ? "endsAt" : "startsAt", reason: "a dated meeting needs both startsAt and endsAt; omit both for a standing, time-independent meeting" });
  }
  const startsAt = isValidInstant(news.startsAt) ? Date.parse(news.startsAt) : undefined;
  if (startsAt !== undefined && isValidInstant(news.endsAt) && Date.parse(news.endsAt) <= startsAt) {
    failures.push({ property: "endsAt", reason: `must be after startsAt (${news.startsAt})` });
  }
  if (given("recurrence") && !given("startsAt")) {
    failures.push({ property: "recurrence", reason: "needs startsAt and endsAt: a recurrence repeats a dated meeting" });
  }
  if (startsAt !== undefined && given("recurrence") && !unknown("recurrence")) {
    const reason = untilBeforeStart(news.recurrence, startsAt);
    if (reason) failures.push({ property: "recurrence", reason });
  }
  return failures;
}
