import { describe, type Rule } from "./check-failures";
import { daysInMonth } from "./time-rules";
import { UNKNOWN } from "./unknown";

/**
 * OpenTalkMeeting's `recurrence`, checked the way the controller checks `recurrence_pattern`. Where each rule comes
 * from (read, not copied):
 *
 * - opentalk-types-common `time/recurrence_pattern.rs` (`RECURRENCE_PATTERN_MAX_LEN = 4`) and
 *   `time/recurrence_rule.rs` (`RECURRENCE_RULE_MAX_LEN = 1024`, tested with `s.len()`: bytes, per line); the
 *   OpenAPI files of v0.29.0, v0.30.1 and 0.35.0-alpha say `minItems: 1`, `maxItems: 4`, `maxLength: 1024`.
 * - ot-controller v0.30.1 `crates/opentalk-controller-service/src/controller_backend/events/mod.rs`
 *   `parse_event_dt_params` (~L1603; v0.29.0 `opentalk-controller-core/src/api/v1/events/mod.rs` ~L2030; unchanged
 *   in the newest controller): the lines are joined with "\n" behind `DTSTART;TZID=<timeZone>:<startsAt>` and parsed
 *   as an `rrule::RRuleSet` (422 "Invalid recurrence pattern"); a FREQ finer than DAILY is refused (422
 *   "Frequencies below 'DAILY' are not supported").
 * - The parser is the `rrule` crate, 0.13 in v0.29.0 and 0.14 in v0.30.1 (workspace Cargo.toml, no features), whose
 *   parsing is the same in both: `rrule/src/parser/` and `rrule/src/validator/validate_rrule.rs`.
 */

/** Per line, in UTF-8 bytes (RECURRENCE_RULE_MAX_LEN). */
const MAX_LINE_BYTES = 1024;

const WEEKDAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"];
const SUPPORTED_FREQUENCIES = ["DAILY", "WEEKLY", "MONTHLY", "YEARLY"];
// The crate parses these, and the controller then refuses them.
const SUB_DAILY_FREQUENCIES = ["HOURLY", "MINUTELY", "SECONDLY"];
const USE_FREQUENCIES = "use DAILY, WEEKLY, MONTHLY or YEARLY";

export const recurrenceRule: Rule = (value) => {
  if (!Array.isArray(value)) return `must be a list of RFC 5545 lines such as ["RRULE:FREQ=WEEKLY;BYDAY=MO"], got ${describe(value)}`;
  if (value.length < 1 || value.length > 4) return `must have 1 to 4 lines, got ${value.length}`;
  const known: ParsedLine[] = [];
  for (const [index, line] of value.entries()) {
    if (line === UNKNOWN) continue;
    const parsed = parseLine(line);
    if (typeof parsed === "string") return `${lineLabel(index, line)}: ${parsed}`;
    known.push(parsed);
  }
  // rrule parser/mod.rs: MissingDateGenerationRules. An unknown line may still turn out to be the RRULE.
  if (known.length === value.length && !known.some((line) => line.name === "RRULE" || line.name === "RDATE")) {
    return "needs an RRULE or RDATE line to make dates, such as RRULE:FREQ=WEEKLY;BYDAY=MO";
  }
  return undefined;
};

/**
 * The rrule crate refuses an UNTIL before the series' start (validate_rrule.rs `validate_until`: UntilBeforeStart),
 * which the controller takes from startsAt. A reason, or undefined.
 */
export function untilBeforeStart(recurrence: unknown, startsAt: number): string | undefined {
  if (!Array.isArray(recurrence)) return undefined;
  for (const [index, line] of recurrence.entries()) {
    const parsed = line === UNKNOWN ? undefined : parseLine(line);
    if (parsed && typeof parsed !== "string" && parsed.until !== undefined && parsed.until < startsAt) {
      return `${lineLabel(index, line)}: UNTIL is before startsAt, so the series would end before it begins: give a later UNTIL`;
    }
  }
  return undefined;
}

/** A piece of a line as a message repeats it: a line may be 1024 bytes, a reason should stay short. */
function clip(text: string): string {
  return text.length > 40 ? `${text.slice(0, 39)}…` : text;
}

/** A line as messages name it: its number, and its text when short enough to repeat. */
function lineLabel(index: number, line: unknown): string {
  return typeof line === "string" && line.length <= 40 ? `line ${index + 1} ${JSON.stringify(line)}` : `line ${index + 1}`;
}

interface ParsedLine {
  name: "RRULE" | "RDATE" | "EXDATE";
  /** UNTIL of an RRULE, as epoch milliseconds. */
  until?: number;
}

function parseLine(line: unknown): ParsedLine | string {
  if (typeof line !== "string") return `it must be a string, got ${describe(line)}`;
  // Length before anything else: a multi-megabyte line is refused without being scanned.
  if (line.length > MAX_LINE_BYTES) return `it is ${line.length} characters long; OpenTalk takes at most ${MAX_LINE_BYTES} bytes per line`;
  const bytes = Buffer.byteLength(line, "utf8");
  if (bytes > MAX_LINE_BYTES) return `it is ${bytes} bytes long in UTF-8; OpenTalk takes at most ${MAX_LINE_BYTES} bytes per line`;
  // The controller joins the lines with "\n" and the parser splits them again: a break makes two lines of one.
  if (/[\r\n]/.test(line)) return "it contains a line break: give each rule as its own item of the list";
  // rrule content_line_parts.rs: a property name is capital letters before ":" or ";"; a line without one is an
  // RRULE value ("FREQ=WEEKLY;BYDAY=MO", the controller's own example).
  const named = /^([A-Z]+)([:;])/.exec(line);
  if (!named) {
    if (line.includes(":")) return 'its property name must be in capitals before the ":": write RRULE:, RDATE: or EXDATE:';
    return ruleValue(line);
  }
  const name = named[1]!;
  const colon = line.indexOf(":");
  if (colon < 0) return `needs a ":" between ${clip(name)} and its value, such as ${clip(name)}:…`;
  const parameters = named[2] === ";" ? line.slice(name.length + 1, colon) : "";
  const rest = line.slice(colon + 1);
  switch (name) {
    case "RRULE":
      // rule_content_line.rs: PropertyParametersNotSupported.
      if (parameters !== "") return `RRULE takes no parameters before its ":": write RRULE:${clip(rest)}`;
      return ruleValue(rest);
    case "RDATE":
    case "EXDATE": {
      const problem = dateList(name, parameters, rest);
      return problem ?? { name };
    }
    case "EXRULE":
      // rruleset.rs set_from_content_lines: without the crate's "exrule" feature (the controller does not enable
      // it) an EXRULE is dropped with a log line, so the dates it should remove would stay.
      return "EXRULE is ignored by OpenTalk (its recurrence library is built without EXRULE): list the dates to leave out with EXDATE";
    case "DTSTART":
      // parser/mod.rs takes the first DTSTART, which is the controller's own: this one would be ignored.
      return "DTSTART comes from startsAt and timeZone; remove this line";
    default:
      return `${clip(name)} is not a recurrence property: use RRULE, RDATE or EXDATE`;
  }
}

/** Checks one part of a rule, given its value and the rule's FREQ; returns a whole sentence naming the part. */
type PartCheck = (value: string, freq: string, name: string) => string | undefined;

/** Integers in a comma list (rrule utils.rs parse_str_to_vec: an empty list is fine, each item must parse). */
function integers(range: (freq: string) => [number, number], options: { zero?: false; only?: string } = {}): PartCheck {
  return (value, freq, name) => {
    const [min, max] = range(freq);
    for (const item of value === "" ? [] : value.split(",")) {
      const n = /^[+-]?\d{1,6}$/.test(item) ? Number(item) : NaN;
      if (!(n >= min && n <= max) || (options.zero === false && n === 0)) {
        return `${name}=${clip(value)}: each item must be a whole number from ${min} to ${max}${options.zero === false ? " other than 0" : ""}`;
      }
    }
    if (value !== "" && options.only !== undefined && freq !== options.only) return `${name} works only with FREQ=${options.only}`;
    return undefined;
  };
}

const fixed = (min: number, max: number) => (): [number, number] => [min, max];
/** validate_rrule.rs: the position ranges of BYSETPOS and of BYDAY's "2MO" depend on FREQ. */
const SET_POS_RANGE: Record<string, number> = { YEARLY: 366, DAILY: 366, MONTHLY: 31, WEEKLY: 53 };
const NTH_WEEKDAY_RANGE: Record<string, [number, number]> = { YEARLY: [-52, 53], DAILY: [-52, 53], MONTHLY: [-4, 5], WEEKLY: [-7, 8] };

const byDay: PartCheck = (value, freq, name) => {
  for (const item of value.split(",")) {
    const day = /^([+-]?\d{1,3})?(MO|TU|WE|TH|FR|SA|SU)$/i.exec(item);
    if (!day) return `${name}=${clip(value)}: each item must be a weekday such as MO, 2TU or -1FR`;
    const [low, high] = NTH_WEEKDAY_RANGE[freq]!;
    const nth = Number(day[1] ?? 0);
    if (nth !== 0 && (nth < low || nth > high)) return `${name}=${clip(value)}: with FREQ=${freq} the number before a day must be from ${low} to ${high}`;
  }
  return undefined;
};

/** rule_content_line.rs RRuleProperty and props_to_rrule; validate_rrule.rs for the ranges. */
const RULE_PARTS: Record<string, PartCheck> = {
  FREQ: () => undefined,
  INTERVAL: (value) => {
    if (!/^\+?\d{1,6}$/.test(value) || Number(value) > 65535) return `INTERVAL=${clip(value)} is not a whole number from 1 to 65535`;
    // The crate's iterator stops at once on interval 0: the series would have no dates.
    return Number(value) === 0 ? "INTERVAL=0 makes no dates: give 1 or more" : undefined;
  },
  COUNT: (value) => {
    if (!/^\+?\d{1,10}$/.test(value) || Number(value) > 4294967295) return `COUNT=${clip(value)} is not a whole number`;
    // The controller refuses a bounded series without dates: 422 "recurrence_pattern does not yield any dates".
    return Number(value) === 0 ? "COUNT=0 makes no dates: give 1 or more" : undefined;
  },
  // validate_until: with the controller's DTSTART;TZID=… the crate takes UNTIL only in UTC.
  UNTIL: (value) =>
    utcInstant(value) === undefined ? `UNTIL=${clip(value)} must be a UTC time such as 20271231T235959Z (OpenTalk reads UNTIL only in UTC)` : undefined,
  BYMONTH: integers(fixed(1, 12)),
  BYMONTHDAY: (value, freq, name) =>
    integers(fixed(-31, 31), { zero: false })(value, freq, name) ?? (value !== "" && freq === "WEEKLY" ? `${name} does not work with FREQ=WEEKLY` : undefined),
  BYYEARDAY: integers(fixed(-366, 366), { zero: false, only: "YEARLY" }),
  BYWEEKNO: integers(fixed(-53, 53), { zero: false, only: "YEARLY" }),
  BYHOUR: integers(fixed(0, 23)),
  BYMINUTE: integers(fixed(0, 59)),
  BYSECOND: integers(fixed(0, 59)),
  BYSETPOS: integers((freq) => [-SET_POS_RANGE[freq]!, SET_POS_RANGE[freq]!], { zero: false }),
  BYDAY: byDay,
  BYWEEKDAY: byDay,
  WKST: (value) => (WEEKDAYS.includes(value.toUpperCase()) ? undefined : `WKST=${clip(value)} is not a weekday: use MO, TU, WE, TH, FR, SA or SU`),
};

function ruleValue(value: string): ParsedLine | string {
  const parts = new Map<string, string>();
  for (const part of value.split(";")) {
    if (part === "") continue;
    const equals = part.indexOf("=");
    if (equals < 0) return `${JSON.stringify(clip(part))} is not a part of a rule: write NAME=VALUE, such as FREQ=WEEKLY`;
    const name = part.slice(0, equals).toUpperCase();
    if (!Object.hasOwn(RULE_PARTS, name)) return `${clip(part.slice(0, equals))} is not a part of an RRULE: use FREQ, INTERVAL, COUNT, UNTIL, BYDAY, BYMONTHDAY, BYMONTH, BYYEARDAY, BYWEEKNO, BYSETPOS, BYHOUR, BYMINUTE, BYSECOND or WKST`;
    // BYDAY and BYWEEKDAY are one part to the crate.
    const key = name === "BYWEEKDAY" ? "BYDAY" : name;
    if (parts.has(key)) return `${name} is given twice`;
    parts.set(key, part.slice(equals + 1));
  }
  const freq = parts.get("FREQ")?.toUpperCase();
  if (freq === undefined) return "needs FREQ, such as FREQ=WEEKLY";
  if (SUB_DAILY_FREQUENCIES.includes(freq)) return `FREQ=${clip(parts.get("FREQ")!)} is not supported: OpenTalk repeats a meeting at most daily; ${USE_FREQUENCIES}`;
  if (!SUPPORTED_FREQUENCIES.includes(freq)) return `FREQ=${clip(parts.get("FREQ")!)} is not a frequency: ${USE_FREQUENCIES}`;
  for (const [name, partValue] of parts) {
    const problem = RULE_PARTS[name]!(partValue, freq, name);
    if (problem) return problem;
  }
  const bySomething = [...parts.keys()].some((name) => name.startsWith("BY") && name !== "BYSETPOS" && parts.get(name) !== "");
  if (parts.has("BYSETPOS") && parts.get("BYSETPOS") !== "" && !bySomething) {
    return "BYSETPOS needs another BY… part to pick from, such as BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1";
  }
  const until = parts.get("UNTIL");
  return { name: "RRULE", until: until === undefined ? undefined : utcInstant(until) };
}

/** date_content_line.rs: parameters TZID and VALUE only, then dates YYYYMMDD or YYYYMMDDTHHMMSS(Z), comma-separated. */
function dateList(name: string, parameters: string, value: string): string | undefined {
  const seen = new Set<string>();
  for (const parameter of parameters === "" ? [] : parameters.split(";")) {
    if (parameter === "") continue;
    const [key, ...rest] = parameter.split("=");
    const upper = key!.toUpperCase();
    if (rest.length === 0 || (upper !== "TZID" && upper !== "VALUE")) return `${name} takes only the parameters TZID=… and VALUE=…, got ${JSON.stringify(clip(parameter))}`;
    if (seen.has(upper)) return `${upper} is given twice`;
    seen.add(upper);
    if (upper === "TZID" && !isTimeZone(rest.join("="))) return `TZID=${clip(rest.join("="))} is not an IANA time zone such as Europe/Berlin`;
  }
  for (const date of value.split(",")) {
    if (date === "") continue;
    const parts = /^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})Z?)?$/.exec(date);
    if (!parts || !isCalendarTime(parts.slice(1).map((p) => Number(p ?? 0)))) {
      return `${JSON.stringify(clip(date))} is not a date such as 20270104 or a time such as 20270104T090000Z`;
    }
  }
  return undefined;
}

function utcInstant(value: string): number | undefined {
  const parts = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (!parts) return undefined;
  const [y, mo, d, h, mi, s] = parts.slice(1).map(Number);
  return isCalendarTime([y!, mo!, d!, h!, mi!, s!]) ? Date.UTC(y!, mo! - 1, d!, h!, mi!, s!) : undefined;
}

/** chrono's from_ymd_opt and and_hms_opt: the date must exist, seconds 00–59. */
function isCalendarTime([y, mo, d, h, mi, s]: number[]): boolean {
  return mo! >= 1 && mo! <= 12 && d! >= 1 && d! <= daysInMonth(y!, mo!) && h! <= 23 && mi! <= 59 && s! <= 59;
}

function isTimeZone(name: string): boolean {
  if (name.length > 64) return false;
  try {
    new Intl.DateTimeFormat("en", { timeZone: name });
    return true;
  } catch {
    return false;
  }
}
