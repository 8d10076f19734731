import { parseArgs, type ParseArgsConfig } from "node:util";
import { commandName, UsageError, type Command, type CommandOption } from "./command";
import { COMMON_OPTIONS, commandHelp, generalHelp, groupHelp } from "./help";
import type { OutputFormat } from "./output";

export type CommonOptions = { config?: string; format: OutputFormat };

/** What the command line asks for. */
export type Invocation =
  | { kind: "help"; text: string }
  | { kind: "version" }
  | { kind: "run"; command: Command; args: Record<string, string>; options: Record<string, string | boolean | undefined>; common: CommonOptions };

type ParserOptions = NonNullable<ParseArgsConfig["options"]>;

/**
 * Parses `opentalk <group> <action> [args] [options]`. Options may stand anywhere; every option of every command is
 * known to the parser (so `--from X` always takes its value), then each command accepts only its own and the common
 * ones. `opentalk help <group> [<action>]` is `--help`. Every usage error says what to do instead; main.ts puts the
 * command's name before it.
 */
export function parseCommandLine(argv: readonly string[], commands: readonly Command[]): Invocation {
  const known = knownOptions(commands);
  const options: ParserOptions = {};
  for (const [name, option] of known) options[name] = { type: option.type, ...(option.short ? { short: option.short } : {}) };
  const words = withDashValuesJoined(argv, known);
  let parsed: { values: Record<string, string | boolean | undefined>; positionals: string[] };
  try {
    parsed = parseArgs({ args: words, options, allowPositionals: true, strict: true }) as typeof parsed;
  } catch (error) {
    const context = commandNamedIn(words, options, commands);
    throw new UsageError(parseArgsMessage(error, known, context), context);
  }
  const { values } = parsed;
  let positionals = parsed.positionals;
  let help = values.help === true;
  if (positionals[0] === "help") {
    help = true;
    positionals = positionals.slice(1);
  }
  if (values.version) return { kind: "version" };

  const groups = [...new Set(commands.map((command) => command.group))];
  const [group, action, ...rest] = positionals;
  if (group === undefined) {
    if (help) return { kind: "help", text: generalHelp(commands) };
    throw new UsageError(`no command given: name one, e.g. "opentalk rooms list" (the command groups are ${listed(groups)})`);
  }
  const members = commands.filter((command) => command.group === group);
  if (members.length === 0) throw new UsageError(`unknown command "${group}": the command groups are ${listed(groups)}, e.g. "opentalk ${groups[0]} list"`);
  // A command of one word (`opentalk review <file>`): everything after it is its own.
  const single = members.find((command) => command.action === "");
  if (single) return invocationOf(single, positionals.slice(1), values, help, commands);
  const actions = members.map((command) => command.action);
  if (action === undefined) {
    if (help) return { kind: "help", text: groupHelp(group, commands) };
    throw new UsageError(`say what to do: ${listed(actions, "or")} (e.g. "opentalk ${group} ${actions[0]}")`, { group });
  }
  const command = members.find((candidate) => candidate.action === action);
  if (!command) {
    const elsewhere = commands.find((candidate) => candidate.action === action);
    const hint = elsewhere ? ` — did you mean "opentalk ${elsewhere.group} ${action}"?` : "";
    throw new UsageError(`unknown command "${action}": ${group} has ${listed(actions)}${hint}`, { group });
  }
  return invocationOf(command, rest, values, help, commands);
}

/** The command found: its help, or its arguments and options checked. */
function invocationOf(
  command: Command,
  rest: readonly string[],
  values: Record<string, string | boolean | undefined>,
  help: boolean,
  commands: readonly Command[],
): Invocation {
  if (help) return { kind: "help", text: commandHelp(command) };
  for (const name of Object.keys(values)) {
    if (!(name in COMMON_OPTIONS) && !(name in command.options)) {
      const takers = commands.filter((other) => name in other.options).map(commandName);
      throw new UsageError(`does not take --${name} (${listed(takers)} ${takers.length === 1 ? "does" : "do"}); its options are ${optionList(command)}`, command);
    }
  }
  if (rest.length !== command.args.length) throw new UsageError(argumentsMessage(command, rest), command);
  for (const [name, option] of Object.entries(command.options)) {
    if (option.required && values[name] === undefined) {
      throw new UsageError(`needs --${name}${option.valueName ? ` ${option.valueName}` : ""}: ${lowerFirst(option.description)}`, command);
    }
  }
  if (values.config === "") throw new UsageError("--config needs a file name (--config FILE)", command);
  if (values.csv && values.table) throw new UsageError("--csv and --table exclude each other: choose one (without either, the output is JSON)", command);
  if (command.prints === "markdown" && (values.csv || values.table)) {
    throw new UsageError(`--${values.csv ? "csv" : "table"} does not apply: this command prints Markdown`, command);
  }
  const commandOptions = Object.fromEntries(Object.keys(command.options).map((name) => [name, values[name]]));
  return {
    kind: "run",
    command,
    args: Object.fromEntries(command.args.map((arg, i) => [arg.name, rest[i]!])),
    options: commandOptions,
    common: { config: values.config as string | undefined, format: values.csv ? "csv" : values.table ? "table" : "json" },
  };
}

/** Every option any command takes, with the common ones; the first declaration of a name wins (they agree). */
function knownOptions(commands: readonly Command[]): Map<string, CommandOption> {
  const known = new Map<string, CommandOption>();
  for (const [name, option] of [...Object.entries(COMMON_OPTIONS), ...commands.flatMap((command) => Object.entries(command.options))]) {
    if (!known.has(name)) known.set(name, option);
  }
  return known;
}

/**
 * `--guest-link-hours -3` as `--guest-link-hours=-3`: node:util takes a value that starts with a dash for a forgotten
 * one ("argument is ambiguous"), which hides the real mistake. A word that is itself a known option (`-h`) or starts
 * with `--` stays a word of its own, so `--to --csv` still reads as a missing value.
 */
function withDashValuesJoined(argv: readonly string[], known: ReadonlyMap<string, CommandOption>): string[] {
  const shortNames = new Map([...known].flatMap(([name, option]) => (option.short ? [[option.short, name] as const] : [])));
  const words: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const word = argv[i]!;
    if (word === "--") {
      words.push(...argv.slice(i));
      break;
    }
    const name = /^--([^=]+)$/.exec(word)?.[1] ?? shortNames.get(/^-(\w)$/.exec(word)?.[1] ?? "");
    const next = argv[i + 1];
    if (name && known.get(name)?.type === "string" && next !== undefined && /^-[^-]/.test(next) && !shortNames.has(next.slice(1))) {
      words.push(`--${name}=${next}`);
      i++;
    } else {
      words.push(word);
    }
  }
  return words;
}

/** For the usage line after a parse error: the command (or group) the words of the command line name, if any. */
function commandNamedIn(words: readonly string[], options: ParserOptions, commands: readonly Command[]): Command | { group: string } | undefined {
  const positionals = parseArgs({ args: [...words], options, allowPositionals: true, strict: false }).positionals;
  const [group, action] = positionals[0] === "help" ? positionals.slice(1) : positionals;
  const members = commands.filter((command) => command.group === group);
  // A command of one word (`opentalk review`) is its group: whatever follows is its own argument.
  const single = members.find((command) => command.action === "");
  return single ?? members.find((command) => command.action === action) ?? (members.length > 0 ? { group: group! } : undefined);
}

/** node:util's messages, shortened and given their fix: "Unknown option '--x'. To specify …" → "unknown option --x; …". */
function parseArgsMessage(error: unknown, known: ReadonlyMap<string, CommandOption>, context: Command | { group: string } | undefined): string {
  const message = (error as Error).message;
  const flag = (quoted: string) => quoted.replace(/^-\w, /, "").replace(/ <value>$/, "");
  const unknown = /^Unknown option '([^']+)'/.exec(message);
  if (unknown) {
    const options = context && "action" in context ? `its options are ${optionList(context)}` : `run "opentalk ${context?.group ?? "<command>"} --help" for the options`;
    return `unknown option ${unknown[1]}; ${options}`;
  }
  const missingValue = /^Option '([^']+)' argument (?:missing|is ambiguous)/.exec(message);
  if (missingValue) {
    const name = flag(missingValue[1]!);
    const valueName = known.get(name.replace(/^--/, ""))?.valueName ?? "VALUE";
    return `${name} needs a value (${name} ${valueName})`;
  }
  const unexpected = /^Option '([^']+)' does not take an argument/.exec(message);
  if (unexpected) {
    const name = flag(unexpected[1]!);
    return `${name} does not take a value: it is a switch, write ${name} alone`;
  }
  return message;
}

function argumentsMessage(command: Command, given: readonly string[]): string {
  const got = given.length === 0 ? "none" : given.map((word) => `"${word}"`).join(" ");
  if (command.args.length === 0) return `takes no arguments, got ${got}: remove ${given.length === 1 ? "it" : "them"} (options start with --)`;
  const wanted = command.args.map((arg) => `<${arg.name}>`).join(" ");
  return `takes ${wanted}, got ${got}: give ${command.args.map((arg) => arg.description).join(", then ")}`;
}

/**
 * `--guest-link-hours N, --waiting-room, and for every command --csv, --table, --config FILE`; a command that prints
 * Markdown refuses --csv and --table, so they are not offered to it.
 */
export function optionList(command: Command): string {
  const flag = ([name, option]: [string, CommandOption]) => `--${name}${option.valueName ? ` ${option.valueName}` : ""}`;
  const notHere = new Set(["help", "version", ...(command.prints === "markdown" ? ["csv", "table"] : [])]);
  const common = Object.entries(COMMON_OPTIONS).filter(([name]) => !notHere.has(name)).map(flag).join(", ");
  const own = Object.entries(command.options).map(flag).join(", ");
  return own ? `${own}, and for every command ${common}` : common;
}

function listed(items: readonly string[], last = "and"): string {
  return items.length <= 1 ? (items[0] ?? "") : `${items.slice(0, -1).join(", ")} ${last} ${items.at(-1)}`;
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}
