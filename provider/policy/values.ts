import { UNKNOWN } from "../plan/unknown";

/**
 * Reading a resource's properties inside a policy without tripping over unknowns.
 *
 * @pulumi/policy hands policies `args.props` behind an unknown-checking proxy whose `get` throws UnknownValueError
 * for a value not known during preview (pulumi-policy v1.21.0 sdk/nodejs/policy/proxy.ts). The pack turns that into an
 * advisory "can't run policy … during preview" line for the whole policy. A rule that only needs some properties
 * peeks at each one instead: the proxy traps `get` only, so a property descriptor gives the raw value, and the
 * sentinels below say whether it is known. A rule whose input is not known yet calls `args.notApplicable(…)`, and
 * runs again on the real values at `pulumi up`.
 */

/** The engine's unknown sentinels, one per value type (pulumi-policy v1.21.0 proxy.ts; the SDK's runtime/rpc.ts). */
const UNKNOWNS = new Set([
  "1c4a061d-8072-4f0a-a4cb-0ff528b18fe7", // boolean
  "3eeb2bf0-c639-47a8-9e75-3b44932eb421", // number
  UNKNOWN, // string
  "6a19a0b0-7e62-4c92-b797-7f8e31da9cc2", // array
  "030794c1-ac77-496b-92df-f27374a8bd58", // asset
  "e48ece36-62e2-4504-bad9-02848725956a", // archive
  "dd056dcd-154b-4c76-9bd3-c8f88648b5ff", // object
]);

export function isUnknownValue(value: unknown): boolean {
  if (typeof value === "string") return UNKNOWNS.has(value);
  if (Array.isArray(value)) return value.some(isUnknownValue);
  if (value !== null && typeof value === "object") return Object.values(value).some(isUnknownValue);
  return false;
}

/** A property's value, or that it is not known yet. Absent properties are known and undefined. */
export type Peeked = { known: true; value: unknown } | { known: false };

export function peek(props: object, key: string): Peeked {
  const value: unknown = Object.getOwnPropertyDescriptor(props, key)?.value;
  return isUnknownValue(value) ? { known: false } : { known: true, value };
}

/**
 * The properties a rule needs, all known; or the names of those that are not (for `args.notApplicable`). Values are
 * plain data (never the proxy), so rules may read them freely.
 */
export function peekAll<K extends string>(props: object, keys: readonly K[]): { values: Record<K, unknown> } | { unknown: K[] } {
  const values = {} as Record<K, unknown>;
  const unknown: K[] = [];
  for (const key of keys) {
    const peeked = peek(props, key);
    if (peeked.known) values[key] = peeked.value;
    else unknown.push(key);
  }
  return unknown.length > 0 ? { unknown } : { values };
}

export function notKnownYet(keys: readonly string[]): string {
  return `${keys.join(", ")} ${keys.length === 1 ? "is" : "are"} not known until pulumi up; checked then`;
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/**
 * The values a resource rule needs; when one is not known yet (a preview), the rule is left out for this resource
 * with the reason (`args.notApplicable` throws), and runs on the real values at `pulumi up`.
 */
export function knownValues<K extends string>(args: { props: object; notApplicable(reason?: string): never }, keys: readonly K[]): Record<K, unknown> {
  const peeked = peekAll(args.props, keys);
  if ("unknown" in peeked) return args.notApplicable(notKnownYet(peeked.unknown));
  return peeked.values;
}
