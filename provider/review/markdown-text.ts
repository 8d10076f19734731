/**
 * User text (titles, entry names, policy messages) inside Markdown that GitHub renders: characters that would
 * start emphasis, code, links, HTML or strikethrough are escaped, so a meeting titled "*Board* <b>" reads as written.
 * Only those: the summary is also read as plain text (in a terminal, in the README), where `direct\_access` would
 * not read well. An underscore inside a word never starts emphasis (GFM), so only the others are escaped.
 */
export function escapeMarkdown(text: string): string {
  const line = text.replace(/\r?\n/g, " ");
  return line.replace(/[\\`*[\]<>~|_]/g, (c, at: number) =>
    c === "_" && isWordCharacter(line[at - 1]) && isWordCharacter(line[at + 1]) ? c : `\\${c}`);
}

function isWordCharacter(c: string | undefined): boolean {
  return c !== undefined && /[\p{L}\p{N}]/u.test(c);
}

/** Inline code that survives backticks in the text (CommonMark: a longer fence, padded with spaces). */
export function code(text: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(longest + 1);
  return longest > 0 ? `${fence} ${text} ${fence}` : `${fence}${text}${fence}`;
}
