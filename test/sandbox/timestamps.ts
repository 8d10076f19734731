/**
 * The controller stores PostgreSQL timestamps, so its JSON carries microseconds
 * (`2024-06-18T11:22:33.123456Z`). Timestamps here are strictly increasing within a process so that
 * "newest first" orderings are deterministic even for records made in the same millisecond.
 */

let lastMicros = 0n;

export function nowWithMicroseconds(): string {
  // Date has milliseconds only; random sub-millisecond digits make the values look like PostgreSQL's.
  let micros = BigInt(Date.now()) * 1000n + BigInt(Math.floor(Math.random() * 1000));
  if (micros <= lastMicros) micros = lastMicros + 1n;
  lastMicros = micros;
  const seconds = new Date(Number(micros / 1000n)).toISOString().slice(0, 19);
  return `${seconds}.${String(micros % 1_000_000n).padStart(6, "0")}Z`;
}

/** chrono's RFC 3339 form for a user-given instant: UTC, fractional seconds only when non-zero. */
export function normalizeTimestamp(value: string): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/.test(value)) return undefined;
  const parsed = new Date(value);
  if (Number.isNaN(parsed.getTime())) return undefined;
  return parsed.toISOString().replace(".000Z", "Z");
}

/** A UTC RFC 3339 instant as a string that sorts chronologically, whatever its fractional digits. */
export function sortableInstant(utc: string): string {
  const match = /^(.{19})(?:\.(\d+))?Z$/i.exec(utc);
  return match ? `${match[1]}.${(match[2] ?? "").padEnd(9, "0")}` : utc;
}

/** Like `normalizeTimestamp`, but keeps fractional digits beyond milliseconds (for comparisons with stored microseconds). */
export function normalizeTimestampExactly(value: string): string | undefined {
  const normalized = normalizeTimestamp(value);
  const fraction = /^.{19}(\.\d+)/.exec(value)?.[1]?.replace(/0+$/, "");
  if (normalized === undefined || !fraction || fraction === ".") return normalized;
  return `${normalized.slice(0, 19)}${fraction}Z`;
}
