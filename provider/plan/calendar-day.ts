const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/**
 * A day as people read it in a review, `31 Mar 2027`, in UTC — the zone the provider stores expiries in. Not the
 * locale's format: the same preview must read the same on every CI machine.
 */
export function calendarDay(instant: string | number): string {
  const date = new Date(instant);
  return `${date.getUTCDate()} ${MONTHS[date.getUTCMonth()]} ${date.getUTCFullYear()}`;
}

/** The start (00:00 UTC) of the day of an instant, as an RFC 3339 time the rooms file takes: never later than it. */
export function rfc3339Day(time: number): string {
  const date = new Date(time);
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate())).toISOString().replace(".000Z", "Z");
}

export const DAY_MS = 24 * 60 * 60 * 1000;
