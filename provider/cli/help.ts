import { SETTING_KEYS } from "../client";
import { commandName, synopsis, type Command, type CommandOption } from "./command";

/** Options every command takes; main.ts acts on them. */
export const COMMON_OPTIONS: Readonly<Record<string, CommandOption>> = {
  config: {
    type: "string",
    valueName: "FILE",
    description: "Read opentalk:* settings from FILE: a Pulumi stack file (Pulumi.<stack>.yaml) or a JSON/YAML map",
  },
  csv: { type: "boolean", description: "Print CSV (RFC 4180, with a header line) instead of JSON" },
  table: { type: "boolean", description: "Print aligned text columns for reading instead of JSON (scripts: use JSON or CSV)" },
  help: { type: "boolean", short: "h", description: "Show help (also: opentalk help <command>)" },
  version: { type: "boolean", description: "Print the version of pulumi-opentalk" },
};

export function generalHelp(commands: readonly Command[]): string {
  return [
    "Usage: opentalk <command> [options]",
    "",
    "Look up, create and delete OpenTalk rooms and meetings with the settings pulumi-opentalk uses.",
    "",
    "Commands:",
    ...table(commands.map((command) => [commandName(command), command.summary])),
    "",
    "meetings are what you own and manage (no secrets shown); events list is every meeting you can see, with the",
    "passwords, PINs and guest links it takes to join. A room that should last is a meeting: plain rooms",
    "(rooms create) can be removed by OpenTalk's room-cleanup job.",
    "",
    "Options for every command:",
    ...optionLines(COMMON_OPTIONS),
    "",
    settingsHelp(),
    "",
    "Output is JSON unless --csv or --table is given (review prints Markdown). Exit status: 0 done, 1 OpenTalk or settings error, 2 wrong usage.",
    'Run "opentalk <command> --help" for a command\'s options.',
    "",
  ].join("\n");
}

export function groupHelp(group: string, commands: readonly Command[]): string {
  const members = commands.filter((command) => command.group === group);
  return [
    `Usage: opentalk ${group} <${members.map((command) => command.action).join("|")}> [options]`,
    "",
    ...table(members.map((command) => [synopsis(command).replace(/^opentalk /, ""), command.summary])),
    "",
    `Run "opentalk ${group} <command> --help" for details.`,
    "",
  ].join("\n");
}

export function commandHelp(command: Command): string {
  const args = command.args.length > 0 ? ["", "Arguments:", ...table(command.args.map((arg) => [`<${arg.name}>`, arg.description]))] : [];
  const own = Object.keys(command.options).length > 0 ? ["", "Options:", ...optionLines(command.options)] : [];
  return [
    `Usage: ${usageLine(command)}`,
    "",
    command.summary + ".",
    "",
    command.details,
    ...args,
    ...own,
    "",
    "Options for every command:",
    ...optionLines(COMMON_OPTIONS),
    "",
  ].join("\n");
}

/** The synopsis with the output and settings options every command takes. */
export function usageLine(command: Command): string {
  return command.prints === "markdown" ? synopsis(command) : `${synopsis(command)} [--csv|--table] [--config FILE]`;
}

function settingsHelp(): string {
  const rows = Object.values(SETTING_KEYS).map((keys) => [keys.env, `${keys.config}${keys.secret ? " (secret)" : ""}`]);
  return [
    "Settings, from the environment or --config FILE (the file wins key by key):",
    ...table(rows),
    "Required: OPENTALK_URL, and a login: OPENTALK_CLIENT_ID with OPENTALK_CLIENT_SECRET (a Keycloak service account),",
    "OPENTALK_USERNAME with OPENTALK_PASSWORD (a user), or OPENTALK_ACCESS_TOKEN.",
    'Encrypted ("secure:") values of a stack file cannot be read without the Pulumi CLI: give them in the environment.',
  ].join("\n");
}

function optionLines(options: Readonly<Record<string, CommandOption>>): string[] {
  return table(
    Object.entries(options).map(([name, option]) => [
      `${option.short ? `-${option.short}, ` : ""}--${name}${option.valueName ? ` ${option.valueName}` : ""}`,
      option.description,
    ]),
  );
}

function table(rows: readonly (readonly [string, string] | string[])[]): string[] {
  const width = Math.max(0, ...rows.map((row) => row[0]!.length));
  return rows.map((row) => `  ${row[0]!.padEnd(width)}  ${row[1]}`);
}
