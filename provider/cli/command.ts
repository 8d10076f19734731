import type { LookupOptions } from "../lookups";
import type { CommandOutput } from "./output";

/**
 * A mistake in the command line itself: the usage is printed and the exit status is 2. The message says what to do;
 * main.ts puts the command's name before it (`opentalk rooms create: …`).
 */
export class UsageError extends Error {
  override readonly name = "UsageError";
  /** The command (or the group of commands) whose usage fits the mistake; neither for the top level. */
  readonly command?: Command;
  readonly group?: string;

  constructor(message: string, context?: Command | { group: string }) {
    super(message);
    if (context && "action" in context) this.command = context;
    this.group = context?.group;
  }
}

/** An option a command takes, as `node:util` parseArgs wants it, plus what the help says about it. */
export interface CommandOption {
  type: "string" | "boolean";
  short?: string;
  /** Shown after the flag in the help: `--guest-link-hours N`. */
  valueName?: string;
  description: string;
  /** The command cannot run without it (shown without brackets in the synopsis). */
  required?: boolean;
}

/** A positional argument: its name in the synopsis (`<event-id>`) and what to give, for the help and usage errors. */
export interface CommandArgument {
  name: string;
  /** Completes "give …": `the meeting's eventId, as "opentalk meetings list" shows it`. */
  description: string;
}

/**
 * One `opentalk <group> <action>` command, or a command of one word (`opentalk review`): its group, with `action` "".
 * Its file says what it does; main.ts only dispatches.
 */
export interface Command {
  group: string;
  action: string;
  /** "markdown": the command prints text of its own, so --csv does not apply. Default: rows, as JSON or CSV. */
  prints?: "rows" | "markdown";
  /** Positional arguments after the action, in order; all required. */
  args: readonly CommandArgument[];
  options: Readonly<Record<string, CommandOption>>;
  /** One line for the command list. */
  summary: string;
  /** Paragraphs for `--help`, after the synopsis. */
  details: string;
  run(input: CommandInput): Promise<CommandOutput>;
}

export interface CommandInput {
  /** The positional arguments after the action, by their names in `args`. */
  args: Readonly<Record<string, string>>;
  /** The command's own options (the common ones are handled by main). */
  options: Readonly<Record<string, string | boolean | undefined>>;
  /** Connection settings: the `--config` file (or none) and the environment; `lookup.logger.warn` writes `warning:` lines. */
  lookup: LookupOptions;
  /** Everything on standard input, for a file named `-`. */
  readStdin(): Promise<string>;
}

export function synopsis(command: Command): string {
  const args = command.args.map((arg) => ` <${arg.name}>`).join("");
  const options = Object.entries(command.options)
    .map(([name, option]) => (option.required ? ` --${name} ${option.valueName}` : ` [--${name}${option.valueName ? ` ${option.valueName}` : ""}]`))
    .join("");
  return `opentalk ${commandName(command)}${args}${options}`;
}

/** `rooms list`, or `review` for a command of one word. */
export function commandName(command: Command): string {
  return command.action ? `${command.group} ${command.action}` : command.group;
}
