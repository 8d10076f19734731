/**
 * Event dates the way the controller takes and checks them: `DateTimeTz` values must deserialize (400
 * `invalid_json`), a recurrence pattern is at most 4 lines of at most 1024 bytes each (400 `invalid_json`,
 * types-common `time/recurrence_pattern.rs` 16, 81–105 and `recurrence_rule.rs` 12, 30–79 @ e0a336a6), then the
 * combination is checked with 422 `invalid_event` (`parse_event_dt_params`, BE/events/mod.rs @ v0.30.1 1603–1712;
 * events/mod.rs @ 06448d1c): no end before the start, all-day events on UTC midnight, a pattern the rrule crate
 * parses (RRULE, bare `FREQ=…` lines, RDATE, EXDATE; EXRULE ignored; at least one RRULE or RDATE; `UNTIL` in UTC),
 * no frequency below daily, and at least one date.
 */
import { ApiError } from "./api-error";
import type { JsonBody } from "./json-body";
import type { DateTimeTz, EventDates } from "./store-events";
import { normalizeTimestamp } from "./timestamps";

const MAX_RECURRENCE_RULES = 4;
const MAX_RECURRENCE_RULE_BYTES = 1024;
const FREQUENCIES = ["YEARLY", "MONTHLY", "WEEKLY", "DAILY", "HOURLY", "MINUTELY", "SECONDLY"];
const SUB_DAILY = ["HOURLY", "MINUTELY", "SECONDLY"];
const HUNDRED_YEARS_MS = 36525 * 86_400_000;

export const invalidEvent = (message: string): ApiError => new ApiError(422, "invalid_event", message);

/** `{"datetime": RFC 3339, "timezone": IANA name}`; `undefined` when the field is absent or null. */
export function readDateTimeTz(body: JsonBody, field: string): DateTimeTz | undefined {
  const value = body.value[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "object" || Array.isArray(value)) body.fail(field, "invalid type: expected struct DateTimeTz");
  const { datetime, timezone } = value as Record<string, unknown>;
  if (datetime === undefined) body.fail(field, "missing field `datetime`");
  if (timezone === undefined) body.fail(field, "missing field `timezone`");
  const normalized = typeof datetime === "string" ? normalizeTimestamp(datetime) : undefined;
  if (normalized === undefined) body.fail(field, "input contains invalid characters");
  if (typeof timezone !== "string" || !isTimeZone(timezone)) body.fail(field, `failed to parse timezone`);
  return { datetime: normalized, timezone };
}

/** 0..4 RFC 5545 lines of at most 1024 bytes; `[]` (serde's default) means no recurrence. */
export function readRecurrencePattern(body: JsonBody): string[] | undefined {
  const value = body.value.recurrence_pattern;
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) body.fail("recurrence_pattern", "invalid type: expected a sequence");
  if (value.length > MAX_RECURRENCE_RULES) body.fail("recurrence_pattern", `Too many recurrence rules found. Max: ${MAX_RECURRENCE_RULES}, found: ${value.length}`);
  for (const rule of value) {
    if (typeof rule !== "string") body.fail("recurrence_pattern", "invalid type: expected a string");
    const bytes = Buffer.byteLength(rule, "utf8");
    if (bytes > MAX_RECURRENCE_RULE_BYTES) body.fail("recurrence_pattern", `Recurrence rule string is too long. Max length: ${MAX_RECURRENCE_RULE_BYTES}, found length: ${bytes}`);
  }
  return value as string[];
}

/** The 422 checks of `parse_event_dt_params`, in the controller's order. */
export function checkEventDates(dates: EventDates): void {
  if (Date.parse(dates.endsAt.datetime) < Date.parse(dates.startsAt.datetime)) throw invalidEvent("ends_at must not be before starts_at");
  if (dates.isAllDay && !(isUtcMidnight(dates.startsAt.datetime) && isUtcMidnight(dates.endsAt.datetime))) {
    throw invalidEvent("is_all_day requires starts_at/ends_at to be set at the start of the day");
  }
  if (dates.recurrencePattern.length === 0) return;
  const lines = dates.recurrencePattern.map(splitContentLine);
  // The whole set is parsed before the frequency is looked at (the crate's own error is only logged).
  if (!lines.some(([name]) => name === "RRULE" || name === "RDATE")) throw invalidEvent("Invalid recurrence pattern");
  const rules: Map<string, string>[] = [];
  for (const [name, value] of lines) {
    if (name === "RDATE" || name === "EXDATE" || name === "EXRULE") continue;
    if (name !== "RRULE") throw invalidEvent("Invalid recurrence pattern");
    const parts = new Map(value.split(";").map((part) => part.split("=", 2) as [string, string]));
    const frequency = parts.get("FREQ");
    if (!frequency || !FREQUENCIES.includes(frequency) || [...parts.values()].some((v) => !v)) throw invalidEvent("Invalid recurrence pattern");
    // DTSTART carries a TZID, so the crate's `validate_until` wants UNTIL in UTC (rrule validator/validate_rrule.rs 50–92).
    const until = parts.get("UNTIL");
    if (until !== undefined && !/^\d{8}T\d{6}Z$/.test(until)) throw invalidEvent("Invalid recurrence pattern");
    rules.push(parts);
  }
  if (rules.some((parts) => SUB_DAILY.includes(parts.get("FREQ") ?? ""))) throw invalidEvent("Frequencies below 'DAILY' are not supported");
  if (rules.length > 0 && rules.every((parts) => parts.get("COUNT") === "0") && !lines.some(([name]) => name === "RDATE")) {
    throw invalidEvent("recurrence_pattern does not yield any dates");
  }
}

/**
 * Until when an event counts for `time_min`/`time_max`. The controller stores a recurring event's last
 * occurrence (or, for unbounded series, the start plus 100 years); the sandbox does not expand RRULEs
 * and approximates: `UNTIL`, else `COUNT` occurrences of `FREQ`×`INTERVAL`, else 100 years.
 */
export function filterEndMs(dates: EventDates): number {
  const starts = Date.parse(dates.startsAt.datetime);
  const rules = dates.recurrencePattern.map(splitContentLine).filter(([name]) => name === "RRULE");
  if (rules.length === 0) return Date.parse(dates.endsAt.datetime);
  let end = starts;
  for (const [, rule] of rules) {
    const parts = new Map(rule.split(";").map((part) => part.split("=", 2) as [string, string]));
    const until = parts.get("UNTIL");
    const count = Number(parts.get("COUNT"));
    if (until) end = Math.max(end, parseRfc5545Date(until) ?? starts + HUNDRED_YEARS_MS);
    else if (count > 0) end = Math.max(end, starts + (count - 1) * Number(parts.get("INTERVAL") ?? 1) * frequencyMs(parts.get("FREQ")));
    else return starts + HUNDRED_YEARS_MS;
  }
  return end;
}

function splitContentLine(line: string): [string, string] {
  const colon = line.indexOf(":");
  // The controller's examples send bare `FREQ=…` lines; the rrule crate reads those as RRULE.
  if (colon === -1) return ["RRULE", line.trim()];
  return [line.slice(0, colon).split(";")[0].trim().toUpperCase(), line.slice(colon + 1).trim()];
}

function parseRfc5545Date(value: string): number | undefined {
  const match = /^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})Z?)?$/.exec(value);
  if (!match) return undefined;
  const [, y, mo, d, h = "00", mi = "00", s = "00"] = match;
  return Date.parse(`${y}-${mo}-${d}T${h}:${mi}:${s}Z`);
}

function frequencyMs(frequency: string | undefined): number {
  const day = 86_400_000;
  return { DAILY: day, WEEKLY: 7 * day, MONTHLY: 31 * day, YEARLY: 366 * day }[frequency ?? "DAILY"] ?? day;
}

function isUtcMidnight(timestamp: string): boolean {
  return new Date(timestamp).toISOString().slice(11) === "00:00:00.000Z";
}

function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: name });
    return true;
  } catch {
    return false;
  }
}
