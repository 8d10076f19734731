import { isMap, isScalar, isSeq, type YAMLError } from "yaml";

/**
 * Plain words for the rooms file's messages: what the YAML library and a structure check would otherwise say in
 * their own terms ("Map keys must be unique", "expected record, received undefined").
 */

/** The allowed key a misspelt one most likely meant: same letters in another case, a near miss, or a part of it. */
export function closestKey(key: string, allowed: readonly string[]): string | undefined {
  const wanted = key.toLowerCase();
  let best: { key: string; distance: number } | undefined;
  for (const candidate of allowed) {
    const lower = candidate.toLowerCase();
    const distance = lower === wanted ? 0 : wanted.length >= 4 && lower.includes(wanted) ? 1 : editDistance(wanted, lower);
    if (distance <= 2 && (!best || distance < best.distance)) best = { key: candidate, distance };
  }
  return best?.key;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}

/** What a YAML value is, for "must be a map …, got a list". */
export function kindOf(node: unknown): string {
  if (isMap(node)) return "a map";
  if (isSeq(node)) return "a list";
  if (!isScalar(node) || node.value === null) return "nothing";
  const value = node.value;
  if (typeof value === "string") return value.length > 40 ? `a text of ${value.length} characters` : `the text ${JSON.stringify(value)}`;
  if (typeof value === "boolean") return `${value}`;
  return typeof value === "number" ? `the number ${value}` : `a ${typeof value}`;
}

/** A YAML syntax error in words, with the line it is on, so the file need not be opened to see it. */
export function describeYamlError(error: YAMLError, text: string): string {
  const offset = error.pos[0];
  const lines = text.split("\n").map((line) => line.replace(/\r$/, ""));
  // An unclosed quote or bracket is noticed only at the end of the file: show the last line that has something.
  const atEnd = text.slice(offset).trim() === "";
  const index = atEnd ? lastFilledLine(lines) : text.slice(0, offset).split("\n").length - 1;
  const line = lines[index] ?? "";
  const shown = JSON.stringify(line.length > 80 ? `${line.slice(0, 80)}…` : line);
  const where = atEnd ? `at the end of the file, after line ${index + 1}: ${shown}` : `the line reads ${shown}`;
  return `${explain(error, text.slice(offset))} — ${where}`;
}

function lastFilledLine(lines: string[]): number {
  for (let i = lines.length - 1; i >= 0; i--) if (lines[i]!.trim() !== "") return i;
  return 0;
}

function explain(error: YAMLError, rest: string): string {
  switch (error.code) {
    case "DUPLICATE_KEY": {
      const key = /^["']?([^"':\n]+)/.exec(rest)?.[1]?.trim();
      return `${key ? `"${key}" is` : "a key is"} given twice in the same map; keep one (or give the second another name)`;
    }
    case "TAB_AS_INDENT":
      return "a tab indents this line; YAML indents with spaces only";
    case "MULTIPLE_DOCS":
      return 'the file holds a second YAML document (after "---"); keep everything under one "rooms:"';
    default:
      // The library's own words, first line only, for the rarer mistakes.
      return error.message.split("\n")[0]!;
  }
}
