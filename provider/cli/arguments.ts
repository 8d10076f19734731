import { parseArgs, type ParseArgsConfig } from "node:util";
import { commandName, UsageError, type Command } from "./command";
import { COMMON_OPTIONS, commandHelp, generalHelp, groupHelp } from "./help";

export type CommonOptions = { config?: string; csv?: boolean; help?: boolean; version?: boolean };

/** What the command line asks for. */
export type Invocation =
  | { kind: "help"; text: string }
  | { kind: "version" }
  | { kind: "run"; command: Command; args: Record<string, string>; options: Record<string, string | boolean | undefined>; common: CommonOptions };

/**
 * Parses `opentalk <group> <action> [args] [options]`. Options may stand anywhere; every option of every command is
 * known to the parser (so `--from X` always takes its value), then each command accepts only its own and the common
 * ones. `opentalk help <group> [<action>]` is `--help`.
 */
export function parseCommandLine(argv: readonly string[], commands: readonly Command[]): Invocation {
  const options: NonNullable<ParseArgsConfig["options"]> = {};
  for (const [name, option] of [...Object.entries(COMMON_OPTIONS), ...commands.flatMap((command) => Object.entries(command.options))]) {
    options[name] = { type: option.type, ...(option.short ? { short: option.short } : {}) };
  }
  let parsed: { values: Record<string, string | boolean | undefined>; positionals: string[] };
  try {
    parsed = parseArgs({ args: [...argv], options, allowPositionals: true, strict: true }) as typeof parsed;
  } catch (error) {
    throw new UsageError(parseArgsMessage(error), commandNamedIn(argv, options, commands));
  }
  const { values } = parsed;
  let positionals = parsed.positionals;
  let help = values.help === true;
  if (positionals[0] === "help") {
    help = true;
    positionals = positionals.slice(1);
  }
  if (values.version) return { kind: "version" };

  const [group, action, ...rest] = positionals;
  if (group === undefined) {
    if (help) return { kind: "help", text: generalHelp(commands) };
    throw new UsageError("no command given");
  }
  const members = commands.filter((command) => command.group === group);
  if (members.length === 0) throw new UsageError(`unknown command "${group}"`);
  const single = members.find((command) => command.action === "");
  if (single) return invocationOf(single, positionals.slice(1), values, help);
  if (action === undefined) {
    if (help) return { kind: "help", text: groupHelp(group, commands) };
    throw new UsageError(`"opentalk ${group}" needs a command: ${members.map((command) => command.action).join(", ")}`, { group });
  }
  const command = members.find((candidate) => candidate.action === action);
  if (!command) throw new UsageError(`unknown command "${group} ${action}"; ${group} has ${members.map((m) => m.action).join(", ")}`, { group });
  return invocationOf(command, rest, values, help);
}

/** The command found: its help, or its arguments and options checked. */
function invocationOf(command: Command, rest: string[], values: Record<string, string | boolean | undefined>, help: boolean): Invocation {
  if (help) return { kind: "help", text: commandHelp(command) };
  const name = commandName(command);
  for (const option of Object.keys(values)) {
    if (!(option in COMMON_OPTIONS) && !(option in command.options)) {
      throw new UsageError(`"opentalk ${name}" does not take --${option}`, command);
    }
  }
  if (rest.length !== command.args.length) {
    const wanted = command.args.length === 0 ? "no arguments" : command.args.map((arg) => `<${arg}>`).join(" ");
    throw new UsageError(`"opentalk ${name}" takes ${wanted}, got ${rest.length === 0 ? "none" : rest.map((a) => `"${a}"`).join(" ")}`, command);
  }
  const commandOptions = Object.fromEntries(Object.keys(command.options).map((name) => [name, values[name]]));
  if (values.config === "") throw new UsageError("--config needs a file name", command);
  return {
    kind: "run",
    command,
    args: Object.fromEntries(command.args.map((name, i) => [name, rest[i]!])),
    options: commandOptions,
    common: { config: values.config as string | undefined, csv: values.csv === true },
  };
}

/** For the usage line after a parse error: the command (or group) the words of the command line name, if any. */
function commandNamedIn(argv: readonly string[], options: NonNullable<ParseArgsConfig["options"]>, commands: readonly Command[]): Command | { group: string } | undefined {
  const [group, action] = parseArgs({ args: [...argv], options, allowPositionals: true, strict: false }).positionals;
  const members = commands.filter((command) => command.group === group);
  return members.find((command) => command.action === action || command.action === "") ?? (members.length > 0 ? { group: group! } : undefined);
}

/** node:util's messages, made shorter: "Unknown option '--x'. To specify a positional argument …" → "unknown option --x". */
function parseArgsMessage(error: unknown): string {
  const message = (error as Error).message;
  const unknown = /^Unknown option '([^']+)'/.exec(message);
  if (unknown) return `unknown option ${unknown[1]}`;
  const missingValue = /^Option '([^']+)' argument missing/.exec(message);
  if (missingValue) return `${missingValue[1]!.replace(/^-\w, /, "").replace(/ <value>$/, "")} needs a value`;
  const unexpected = /^Option '([^']+)' does not take an argument/.exec(message);
  if (unexpected) return `${unexpected[1]!.replace(/^-\w, /, "")} does not take a value`;
  return message;
}
