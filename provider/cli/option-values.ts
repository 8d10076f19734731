import { queryTime } from "../lookups";
import type { CheckFailure } from "../plan/check-failures";
import { UsageError, type Command, type CommandOption } from "./command";

/**
 * The values of options several commands share, read once each way. Usage errors name the option and say what it
 * takes; settings that a resource also has are checked by the providers' own rules (plan/), so the command line and
 * `pulumi preview` refuse the same values.
 */

/** Ten years: far beyond any use, and within what the controller's date type takes. */
export const MAX_GUEST_LINK_HOURS = 24 * 366 * 10;

type OptionValue = string | boolean | undefined;

export function guestLinkHours(value: OptionValue, command: Command): number | undefined {
  if (value === undefined) return undefined;
  const hours = Number(value);
  if (typeof value !== "string" || !/^\d+$/.test(value.trim()) || hours < 1 || hours > MAX_GUEST_LINK_HOURS) {
    throw new UsageError(`--guest-link-hours takes a whole number of hours from 1 to ${MAX_GUEST_LINK_HOURS}, got "${String(value)}"`, command);
  }
  return hours;
}

/** `--from` and `--to` of the commands that list meetings; `timeRange` reads them. */
export const TIME_RANGE_OPTIONS: Readonly<Record<"from" | "to", CommandOption>> = {
  from: { type: "string", valueName: "TIME", description: "Only meetings that end after TIME (2026-05-04 or 2026-05-04T09:00:00Z)" },
  to: { type: "string", valueName: "TIME", description: "Only meetings that start before TIME" },
};

/** `--from` and `--to` as the controller takes them (UTC), refused when they cannot both hold. */
export function timeRange(options: Readonly<Record<string, OptionValue>>, command: Command): { timeMin?: string; timeMax?: string } {
  const timeMin = timeOption("from", options.from, command);
  const timeMax = timeOption("to", options.to, command);
  if (timeMin !== undefined && timeMax !== undefined && Date.parse(timeMin) > Date.parse(timeMax)) {
    throw new UsageError(
      `--from (${timeMin}) is after --to (${timeMax}), so no meeting could match: swap them, or leave one out`,
      command,
    );
  }
  return { timeMin, timeMax };
}

function timeOption(name: string, value: OptionValue, command: Command): string | undefined {
  if (value === undefined) return undefined;
  const time = typeof value === "string" ? queryTime(value) : undefined;
  if (time === undefined) {
    throw new UsageError(
      `--${name} takes a date (2026-05-04) or a time with a zone (2026-05-04T09:00:00Z, 2026-05-04T11:00:00+02:00), got "${String(value)}"`,
      command,
    );
  }
  return time;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A room or event id: OpenTalk's ids are UUIDs, and anything else would only earn the controller's 400. */
export function objectId(value: string, argument: string, command: Command): string {
  if (!UUID.test(value)) {
    const where = command.args.find((arg) => arg.name === argument)?.description ?? "an id";
    throw new UsageError(`<${argument}> must be a UUID such as 9c1fbb1e-7a4b-4d5e-8f00-0123456789ab, got "${value}": give ${where}`, command);
  }
  return value;
}

/**
 * The room password named by `--password-env VAR`: read from the environment, so that it never stands in the shell
 * history or the process list.
 */
export function passwordFromEnv(variable: OptionValue, env: NodeJS.ProcessEnv, command: Command): string | undefined {
  if (variable === undefined) return undefined;
  if (typeof variable !== "string" || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(variable)) {
    throw new UsageError(`--password-env takes the name of an environment variable (e.g. ROOM_PASSWORD), got "${String(variable)}"`, command);
  }
  const password = env[variable];
  if (password === undefined || password === "") {
    throw new UsageError(`--password-env ${variable}: the environment variable ${variable} is not set; export it first (export ${variable}=…)`, command);
  }
  return password;
}

/**
 * The first failure of a provider check (OpenTalkRoom's or OpenTalkMeeting's rules) as a usage error, with the
 * property named as the option that gave it: `--name must be 3–40 characters …`.
 */
export function refuseCheckFailures(failures: readonly CheckFailure[], optionOf: Readonly<Record<string, string>>, command: Command): void {
  const [failure] = failures;
  if (failure) throw new UsageError(`${optionOf[failure.property] ?? failure.property} ${failure.reason}`, command);
}
