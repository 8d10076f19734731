/**
 * The type tokens this package's resources register under. `pulumi.dynamic.Resource` builds
 * `pulumi-nodejs:dynamic/<module>:<type>` from the module and type its constructor is given (@pulumi/pulumi 3.248
 * `dynamic/index.js` L76-82); OpenTalkRoom, OpenTalkMeeting and OpenTalkInvite pass `"opentalk"` and their kind.
 *
 * Policies and the review of `pulumi preview --json` match on these strings, never on the classes: CrossGuard's
 * `isType` cannot recognise a dynamic resource class (it looks for a static `__pulumiType`, which dynamic resources
 * lack), and neither may load the resource classes (they need `@pulumi/pulumi` at run time).
 * test/policy/registered-resources.ts checks them against what a real program registers.
 */
export const TYPE_TOKENS = {
  room: "pulumi-nodejs:dynamic/opentalk:Room",
  meeting: "pulumi-nodejs:dynamic/opentalk:Meeting",
  invite: "pulumi-nodejs:dynamic/opentalk:Invite",
} as const;

export type ResourceKind = keyof typeof TYPE_TOKENS;

export function kindOfType(type: string): ResourceKind | undefined {
  return (Object.keys(TYPE_TOKENS) as ResourceKind[]).find((kind) => TYPE_TOKENS[kind] === type);
}

/** The type part of a URN: `urn:pulumi:<stack>::<project>::<type>::<name>`, with `parent$child` types under a parent. */
export function typeOfUrn(urn: string): string {
  const parts = urn.split("::");
  const qualified = parts[2] ?? "";
  return qualified.split("$").pop()!;
}

/** The name part of a URN (names may themselves contain `::`, so everything after the type). */
export function nameOfUrn(urn: string): string {
  return urn.split("::").slice(3).join("::");
}
