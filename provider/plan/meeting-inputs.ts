import { checkOutcome, checkProperties, describe, uuid, type CheckFailure, type CheckOutcome, type Rule } from "./check-failures";
import type { MeetingInputs } from "./meeting-state";
import { recurrenceRule, untilBeforeStart } from "./recurrence-rules";
import { ROOM_RULES, roomConflicts } from "./room-inputs";
import { ianaTimeZone, isValidInstant, rfc3339Instant } from "./time-rules";
import { UNKNOWN } from "./unknown";

function text(max: number, what: string): Rule {
  return (value) => {
    if (typeof value !== "string") return `must be a string, got ${describe(value)}`;
    if ([...value].length > max) return `must be at most ${max} characters (${what}), got ${[...value].length}`;
    return undefined;
  };
}

const MEETING_RULES: Record<keyof MeetingInputs, Rule> = {
  title: text(255, "OpenTalk's limit for titles"),
  description: text(4096, "OpenTalk's limit for descriptions"),
  startsAt: rfc3339Instant,
  endsAt: rfc3339Instant,
  timeZone: ianaTimeZone,
  recurrence: recurrenceRule,
  password: ROOM_RULES.password,
  waitingRoom: ROOM_RULES.waitingRoom,
  guestAccess: ROOM_RULES.guestAccess,
  e2eEncryption: ROOM_RULES.e2eEncryption,
  sip: ROOM_RULES.sip,
  adoptEventId: uuid("the id of an existing meeting you own, as `opentalk events list` shows it"),
};

/** OpenTalkMeeting's check: every rule the controller would enforce, per property, before any API call. */
export function checkMeetingInputs(news: Record<string, unknown>): CheckOutcome {
  const failures = [...checkProperties(news, MEETING_RULES, "OpenTalkMeeting"), ...roomConflicts(news), ...timingConflicts(news)];
  if (news.title === undefined || news.title === null || (typeof news.title === "string" && news.title.trim() === "")) {
    failures.push({ property: "title", reason: "is required: the name people see in their OpenTalk dashboard" });
  }
  // A value unknown during preview (the sentinel is a string too) may still turn out to be "disabled".
  if (news.e2eEncryption === true && typeof news.guestAccess === "string" && news.guestAccess !== UNKNOWN && news.guestAccess !== "disabled") {
    failures.push({ property: "guestAccess", reason: 'must be "disabled" for an end-to-end encrypted meeting (OpenTalk refuses guests there)' });
  }
  return checkOutcome(news, failures);
}

/** Start, end and recurrence together; an unknown value (preview) conflicts with nothing. */
function timingConflicts(news: Record<string, unknown>): CheckFailure[] {
  const failures: CheckFailure[] = [];
  const given = (key: string) => news[key] !== undefined && news[key] !== null;
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
  if (startsAt !== undefined && given("recurrence") && news.recurrence !== UNKNOWN) {
    const reason = untilBeforeStart(news.recurrence, startsAt);
    if (reason) failures.push({ property: "recurrence", reason });
  }
  return failures;
}
