/**
 * OpenTalk's ids (rooms, events, users) are UUIDs. The controller parses them as UUIDs, so `6F1C…` and `6f1c…` name
 * the same room, and it always answers in lower case. Ids are therefore compared the way the server reads them:
 * comparing the text made an upper-case `roomId` look like another room on every run, and each `pulumi up`
 * replaced the guest link.
 */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: unknown): value is string {
  // The length test first: a multi-megabyte string is refused without being scanned.
  return typeof value === "string" && value.length === 36 && UUID.test(value);
}

/** Whether two ids name the same thing on the server; a missing id is the same only as another missing one. */
export function sameId(a: string | null | undefined, b: string | null | undefined): boolean {
  if (a == null || b == null) return (a ?? null) === (b ?? null);
  return isUuid(a) && isUuid(b) ? a.toLowerCase() === b.toLowerCase() : a === b;
}
