import { checkOutcome, checkProperties, describe, uuid, type CheckFailure, type CheckOutcome, type Rule } from "./check-failures";
import type { MeetingInputs } from "./meeting-state";
import { ROOM_RULES, roomConflicts } from "./room-inputs";
import { ianaTimeZone, rfc3339Instant } from "./time-rules";
import { isUnknown } from "./unknown";

function text(max: number, what: string): Rule {
  return (value) => {
    if (typeof value !== "string") return `must be a string, got ${describe(value)}`;
    if ([...value].length > max) return `must be at most ${max} characters (${what}), got ${[...value].length}`;
    return undefined;
  };
}

const recurrenceRule: Rule = (value) => {
  if (!Array.isArray(value)) return `must be a list of RFC 5545 lines such as ["RRULE:FREQ=WEEKLY;BYDAY=MO"], got ${describe(value)}`;
  if (value.length < 1 || value.length > 4) return `must have 1 to 4 lines, got ${value.length}`;
  const bad = value.find((line) => !isUnknown(line) && (typeof line !== "string" || !/^(RRULE|EXRULE|RDATE|EXDATE)[:;]/.test(line)));
  return bad === undefined ? undefined : `${describe(bad)} is not an RFC 5545 line (RRULE:…, EXDATE:…, RDATE:…)`;
};

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
  const failures = [...checkProperties(news, MEETING_RULES, "OpenTalkMeeting"), ...roomConflicts(news)];
  const known = (key: string) => news[key] !== undefined && news[key] !== null && !isUnknown(news[key]);
  if (news.title === undefined || news.title === null || (typeof news.title === "string" && news.title.trim() === "")) {
    failures.push({ property: "title", reason: "is required: the name people see in their OpenTalk dashboard" });
  }
  if (known("startsAt") !== known("endsAt") && !isUnknown(news.startsAt) && !isUnknown(news.endsAt)) {
    failures.push({ property: known("startsAt") ? "endsAt" : "startsAt", reason: "a dated meeting needs both startsAt and endsAt; omit both for a standing, time-independent meeting" });
  }
  if (known("startsAt") && known("endsAt") && Date.parse(String(news.endsAt)) <= Date.parse(String(news.startsAt))) {
    failures.push({ property: "endsAt", reason: `must be after startsAt (${String(news.startsAt)})` });
  }
  if (news.recurrence !== undefined && news.recurrence !== null && news.startsAt === undefined) {
    failures.push({ property: "recurrence", reason: "needs startsAt and endsAt: a recurrence repeats a dated meeting" });
  }
  if (news.e2eEncryption === true && typeof news.guestAccess === "string" && news.guestAccess !== "disabled") {
    failures.push({ property: "guestAccess", reason: 'must be "disabled" for an end-to-end encrypted meeting (OpenTalk refuses guests there)' });
  }
  return checkOutcome(news, dedupe(failures));
}

function dedupe(failures: CheckFailure[]): CheckFailure[] {
  return failures.filter((f, i) => failures.findIndex((g) => g.property === f.property && g.reason === f.reason) === i);
}
