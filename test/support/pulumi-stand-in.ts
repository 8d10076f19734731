import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";

/** One call the stand-in received. The OpenTalk password is recorded only as whether it was set. */
export interface StandInCall {
  args: string[];
  cwd: string;
  env: {
    PATH: string;
    PULUMI_BACKEND_URL?: string;
    PULUMI_CONFIG_PASSPHRASE?: string;
    OPENTALK_URL?: string;
    OPENTALK_USERNAME?: string;
    openTalkPasswordSet: boolean;
  };
}

export interface PulumiStandIn {
  /** The executable, named `pulumi` (or another name, to stand in for a broken download). */
  readonly path: string;
  calls(): StandInCall[];
}

/**
 * A recording stand-in for the Pulumi CLI, so npm start's commands and environment can be checked where no real CLI
 * exists. It deploys nothing: `version` prints the version given, `config` keeps values in a file beside it, `up`
 * prints an unchanged summary, `stack output --json` prints links on OPENTALK_URL, anything else fails loudly.
 */
export function writePulumiStandIn(file: string, version: string): PulumiStandIn {
  mkdirSync(path.dirname(file), { recursive: true });
  const script = `${file}-stand-in.js`;
  const calls = `${file}-calls.jsonl`;
  const config = `${file}-config.json`;
  writeFileSync(script, standInSource(version, calls, config));
  // A shell wrapper rather than a shebang naming node: the path to node may hold spaces.
  writeFileSync(file, `#!/bin/sh\nexec ${JSON.stringify(process.execPath)} ${JSON.stringify(script)} "$@"\n`);
  chmodSync(file, 0o755);
  return {
    path: file,
    calls: () =>
      existsSync(calls)
        ? readFileSync(calls, "utf8")
            .trim()
            .split("\n")
            .map((line) => JSON.parse(line) as StandInCall)
        : [],
  };
}

function standInSource(version: string, callsFile: string, configFile: string): string {
  return `"use strict";
const fs = require("fs");
const args = process.argv.slice(2);
const env = process.env;
fs.appendFileSync(${JSON.stringify(callsFile)}, JSON.stringify({
  args,
  cwd: process.cwd(),
  env: {
    PATH: env.PATH,
    PULUMI_BACKEND_URL: env.PULUMI_BACKEND_URL,
    PULUMI_CONFIG_PASSPHRASE: env.PULUMI_CONFIG_PASSPHRASE,
    OPENTALK_URL: env.OPENTALK_URL,
    OPENTALK_USERNAME: env.OPENTALK_USERNAME,
    openTalkPasswordSet: Boolean(env.OPENTALK_PASSWORD),
  },
}) + "\\n");
const config = fs.existsSync(${JSON.stringify(configFile)}) ? JSON.parse(fs.readFileSync(${JSON.stringify(configFile)}, "utf8")) : {};
const positional = args.filter((arg, i) => !arg.startsWith("--") && args[i - 1] !== "--stack");
const command = positional.slice(0, 2).join(" ");
if (command.startsWith("version")) {
  process.stdout.write("v${version}\\n");
} else if (command === "stack select") {
  // selecting (or creating) the stack needs no answer
} else if (command === "config get") {
  if (!(positional[2] in config)) {
    process.stderr.write("error: configuration key '" + positional[2] + "' not found for stack 'sandbox'\\n");
    process.exit(255);
  }
  process.stdout.write(config[positional[2]] + "\\n");
} else if (command === "config set") {
  config[positional[2]] = positional[3];
  fs.writeFileSync(${JSON.stringify(configFile)}, JSON.stringify(config));
} else if (command.startsWith("up")) {
  process.stdout.write("Updating (sandbox)\\n\\nResources:\\n    7 unchanged\\n");
} else if (command === "stack output") {
  const room = env.OPENTALK_URL + "/room/0b0e0b0e-0000-4000-8000-000000000001";
  process.stdout.write(JSON.stringify({ roomLinks: { weekly: room }, guestLinks: { weekly: { partners: room + "?invite=stand-in" } } }));
} else {
  process.stderr.write("the pulumi stand-in does not know: pulumi " + args.join(" ") + "\\n");
  process.exit(2);
}
`;
}
