#!/usr/bin/env node
/**
 * `opentalk`: the package's command line. The same client, settings and error messages as the providers, for what
 * OpenTalk's API shell script does: list and create rooms and meetings, list meetings with their access data, and
 * find what a stack does not manage. Each command group lives in its own file; this one parses, dispatches, prints
 * and picks the exit status.
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { closeSharedClients, isOpenTalkError, type Logger } from "../client";
import { redact } from "../client/redaction";
import { parseCommandLine } from "./arguments";
import { UsageError, type Command } from "./command";
import { readConfigFile } from "./config-file";
import { EVENT_COMMANDS } from "./events-command";
import { usageLine } from "./help";
import { MEETING_COMMANDS } from "./meetings-command";
import { render } from "./output";
import { REVIEW_COMMANDS } from "./review-command";
import { ROOM_COMMANDS } from "./rooms-command";
import { roomsUnmanaged } from "./unmanaged-command";

export const COMMANDS: readonly Command[] = [...ROOM_COMMANDS, roomsUnmanaged, ...MEETING_COMMANDS, ...EVENT_COMMANDS, ...REVIEW_COMMANDS];

/** Where the command line reads and writes; tests pass their own. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** All of standard input (read only when a command is given the file name `-`). */
  stdin(): Promise<string>;
  env: NodeJS.ProcessEnv;
}

export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

export async function main(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  try {
    const invocation = parseCommandLine(argv, COMMANDS);
    if (invocation.kind === "help") {
      io.stdout(invocation.text);
      return EXIT.ok;
    }
    if (invocation.kind === "version") {
      io.stdout(`${packageVersion()}\n`);
      return EXIT.ok;
    }
    const { command, args, options, common } = invocation;
    const logger = stderrLogger(io);
    let config = { get: (_key: string): string | undefined => undefined };
    if (common.config !== undefined) {
      const file = readConfigFile(common.config, io.env);
      file.warnings.forEach((warning) => logger.warn(warning));
      config = file.source;
    }
    const output = await command.run({ args, options, lookup: { config, env: io.env, logger }, readStdin: () => io.stdin() });
    io.stdout(render(output, common.format));
    return EXIT.ok;
  } catch (error) {
    if (error instanceof UsageError) {
      const usage = error.command
        ? usageLine(error.command)
        : error.group
          ? `opentalk ${error.group} <${COMMANDS.filter((c) => c.group === error.group).map((c) => c.action).join("|")}> [options]`
          : "opentalk <command> [options]";
      const name = ["opentalk", error.command?.group ?? error.group, error.command?.action].filter(Boolean).join(" ");
      io.stderr(`${name}: ${error.message}\nUsage: ${usage}\nRun "${name} --help" for more.\n`);
      return EXIT.usage;
    }
    if (isOpenTalkError(error)) {
      io.stderr(`${error.message}\n`);
      return EXIT.failed;
    }
    io.stderr(`opentalk: unexpected failure: ${redact(error instanceof Error ? (error.stack ?? error.message) : String(error))}\n`);
    return EXIT.failed;
  } finally {
    await closeSharedClients();
  }
}

function processIo(): CliIo {
  return {
    stdout: (text) => void process.stdout.write(text),
    stderr: (text) => void process.stderr.write(text),
    stdin: async () => {
      let text = "";
      for await (const chunk of process.stdin.setEncoding("utf8")) text += chunk as string;
      return text;
    },
    env: process.env,
  };
}

/** Warnings go to stderr, so that stdout stays pure JSON or CSV; the client's debug lines are not shown. */
function stderrLogger(io: CliIo): Logger {
  return { debug() {}, warn: (message) => io.stderr(`warning: ${message}\n`) };
}

function packageVersion(): string {
  const manifest = JSON.parse(readFileSync(path.join(__dirname, "../../package.json"), "utf8")) as { version: string };
  return manifest.version;
}

if (require.main === module) {
  void main(process.argv.slice(2)).then((status) => {
    process.exitCode = status;
  });
}
