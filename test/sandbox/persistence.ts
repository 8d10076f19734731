/**
 * `statePath`: the state is written after every change (temp file + rename, so a crash or SIGKILL
 * never leaves half a file) and read back on start, keys included, so issued tokens stay valid.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { StateData } from "./state";

export function loadState(statePath: string): StateData | undefined {
  let text: string;
  try {
    text = fs.readFileSync(statePath, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
  const data = JSON.parse(text) as StateData;
  if (data.formatVersion !== 1) throw new Error(`${statePath}: unknown sandbox state format ${String(data.formatVersion)}`);
  return data;
}

export function saveStateAtomically(statePath: string, data: StateData): void {
  fs.mkdirSync(path.dirname(statePath), { recursive: true });
  const temporary = `${statePath}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, JSON.stringify(data), { mode: 0o600 });
  fs.renameSync(temporary, statePath);
}
