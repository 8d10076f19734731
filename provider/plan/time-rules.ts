import { describe, type Rule } from "./check-failures";

/**
 * RFC 3339 date-time (§5.6): a date, a time and a zone (Z or ±hh:mm) — a time without a zone is ambiguous. The
 * space and the lower-case t/z that §5.6 lets applications accept are accepted, because JavaScript reads them too.
 */
const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(?:[Zz]|([+-])(\d{2}):(\d{2}))$/;
const ZONELESS = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/;

/**
 * The longest time worth reading: 35 characters hold nanoseconds and an offset. Anything much longer is refused by
 * its length alone, before any pattern runs over it (a 3 MB value once made a 6 MB check response).
 */
const MAX_TIME_LENGTH = 64;

const EXAMPLE = '"2027-01-31T18:00:00Z"';
const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

/**
 * An RFC 3339 instant that the runtime can use as written: it hands every time to `new Date(value).toISOString()`,
 * which throws "Invalid time value" for what it cannot hold (an offset of +24:00, a leap second) and rolls impossible
 * dates over to the next month, so each of those is refused here with its reason.
 */
export const rfc3339Instant: Rule = (value) => {
  if (typeof value !== "string") return `must be an RFC 3339 time such as ${EXAMPLE}, got ${describe(value)}`;
  if (value.length > MAX_TIME_LENGTH) return `must be an RFC 3339 time such as ${EXAMPLE}, got ${describe(value)}`;
  const shown = JSON.stringify(value);
  const parts = RFC3339.exec(value);
  if (!parts) {
    return ZONELESS.test(value)
      ? `${shown} has no time zone: add Z (UTC) or an offset such as +01:00`
      : `${shown} is not an RFC 3339 time such as ${EXAMPLE}`;
  }
  const [, year, month, day, hour, minute, second, , offsetHours, offsetMinutes] = parts.map(Number) as number[];
  if (month! < 1 || month! > 12 || hour! > 23 || minute! > 59 || second! > 60) {
    return `${shown} is not an RFC 3339 time such as ${EXAMPLE}`;
  }
  const days = daysInMonth(year!, month!);
  if (day! < 1 || day! > days) return `${shown} is not a day of the calendar: ${MONTHS[month! - 1]} ${parts[1]} has ${days} days`;
  if (second === 60) return `${shown} is a leap second, which JavaScript dates cannot hold: use :59 instead`;
  if (parts[7] !== undefined && (offsetHours! > 23 || offsetMinutes! > 59)) {
    return `${shown} has the offset ${parts[7]}${parts[8]}:${parts[9]}, but an offset is at most ±23:59 (hours 00–23, minutes 00–59)`;
  }
  const instant = new Date(value);
  if (Number.isNaN(instant.getTime())) return `${shown} is not an RFC 3339 time such as ${EXAMPLE}`;
  // Near the ends of the calendar an offset can push the instant out of four-digit years: toISOString then writes
  // "+010000-…" or "-000001-…", which is no RFC 3339 time any more.
  if (!/^\d{4}-/.test(instant.toISOString())) return `${shown} falls outside the years 0000–9999 in UTC, which RFC 3339 cannot write`;
  return undefined;
};

/** Days of a month in the Gregorian calendar (Date.UTC would read the years 0–99 as 1900–1999). */
export function daysInMonth(year: number, month: number): number {
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return month === 2 ? (leap ? 29 : 28) : [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!;
}

/** Whether a value passed rfc3339Instant: only then can it be compared as an instant. */
export function isValidInstant(value: unknown): value is string {
  return typeof value === "string" && rfc3339Instant(value) === undefined;
}

/** The longest IANA zone name is 32 characters ("America/Argentina/ComodRivadavia"). */
const MAX_TIME_ZONE_LENGTH = 64;

/** An IANA time zone the runtime knows, such as "Europe/Berlin" or "UTC". */
export const ianaTimeZone: Rule = (value) => {
  if (typeof value !== "string" || value.length > MAX_TIME_ZONE_LENGTH) {
    return `must be an IANA time zone such as "Europe/Berlin", got ${describe(value)}`;
  }
  try {
    new Intl.DateTimeFormat("en", { timeZone: value });
    return undefined;
  } catch {
    return `${JSON.stringify(value)} is not an IANA time zone such as "Europe/Berlin" or "UTC"`;
  }
};
