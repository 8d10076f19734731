/**
 * `Link: <https://ctrl/v1/rooms?per_page=30&page=2>; rel="next",<…&page=5>; rel="last"` → the URL of `rel`.
 * The controller sends only this header for pagination (no totals); no `next` means the last page.
 */
export function linkTarget(header: string | undefined, rel: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(/,(?=\s*<)/)) {
    const match = /^\s*<([^>]*)>\s*;(.*)$/.exec(part);
    if (!match) continue;
    const rels = /rel\s*=\s*"?([^";]+)"?/i.exec(match[2]!)?.[1]?.toLowerCase().split(/\s+/) ?? [];
    if (rels.includes(rel.toLowerCase())) return match[1];
  }
  return undefined;
}
