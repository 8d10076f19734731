import { describe, type Rule } from "./check-failures";

/** RFC 3339 date-time: a date, a time and a zone (Z or ±hh:mm) — a time without a zone is ambiguous. */
const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;
const ZONELESS = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/;

/** An RFC 3339 instant with a zone that exists in the calendar; optionally one that is still ahead. */
export function rfc3339Instant(options: { after?: number; pastReason?: string } = {}): Rule {
  return (value) => {
    if (typeof value !== "string") return `must be an RFC 3339 time such as "2027-01-31T18:00:00Z", got ${describe(value)}`;
    if (!RFC3339.test(value) || !isRealDate(value)) {
      return ZONELESS.test(value)
        ? `"${value}" has no time zone: add Z (UTC) or an offset such as +01:00`
        : `"${value}" is not an RFC 3339 time such as "2027-01-31T18:00:00Z"`;
    }
    if (options.after !== undefined && Date.parse(value) <= options.after) {
      return `"${value}" is in the past: ${options.pastReason ?? "give a later time"}`;
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

/** An IANA time zone the runtime knows, such as "Europe/Berlin" or "UTC". */
export const ianaTimeZone: Rule = (value) => {
  if (typeof value !== "string") return `must be an IANA time zone such as "Europe/Berlin", got ${describe(value)}`;
  try {
    new Intl.DateTimeFormat("en", { timeZone: value });
    return undefined;
  } catch {
    return `"${value}" is not an IANA time zone such as "Europe/Berlin" or "UTC"`;
  }
};
