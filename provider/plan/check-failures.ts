import { isUuid } from "./ids";
import { UNKNOWN } from "./unknown";

/** What `check` reports for one property: Pulumi shows `property: reason`. */
export interface CheckFailure {
  property: string;
  reason: string;
}

/** What a resource's check returns: the inputs to record, the failures, and (invites) warnings to show. */
export interface CheckOutcome {
  inputs: Record<string, unknown>;
  failures: CheckFailure[];
}

/**
 * Small property validators shared by every resource's check. Each returns a reason, or undefined when the value
 * is fine. A rule is never given an absent value, nor one that is wholly unknown during preview (the engine's
 * sentinel: it may well be valid). It may be given a value that is only partly unknown — `{ enabled: <unknown>,
 * pin: "1234" }` — and must then check every known part and let only the unknown parts pass, or a preview would
 * say "ok" for what `pulumi up` then refuses.
 */
export type Rule = (value: unknown) => string | undefined;

export function checkProperties(
  inputs: Record<string, unknown>,
  rules: Record<string, Rule>,
  resourceLabel: string,
): CheckFailure[] {
  const failures: CheckFailure[] = [];
  for (const key of Object.keys(inputs)) {
    if (key === "__provider" || Object.hasOwn(rules, key)) continue;
    failures.push({
      property: shortName(key),
      reason: `${resourceLabel} has no property ${describeName(key)}; allowed: ${Object.keys(rules).join(", ")}`,
    });
  }
  for (const [property, rule] of Object.entries(rules)) {
    const value = inputs[property];
    if (value === undefined || value === null || value === UNKNOWN) continue;
    const reason = rule(value);
    if (reason) failures.push({ property, reason });
  }
  return failures;
}

/**
 * The answer of a check. With failures, the inputs carry nothing: the dynamic-provider host puts check's `inputs`
 * into the CheckResponse even when there are failures (@pulumi/pulumi cmd/dynamic-provider/index.js, `check`:
 * `resp.setInputs(...)` before `setFailuresList`), and the engine does not use the inputs of a failed check — it
 * reports the failures and stops the resource's step. Echoing them would send every value back, the password in
 * plain text (the host does not accept secrets) and a multi-megabyte mistake twice over, past gRPC's 4 MB limit.
 */
export function checkOutcome(news: Record<string, unknown>, failures: CheckFailure[]): CheckOutcome {
  return { inputs: failures.length > 0 ? {} : withoutAbsent(news), failures };
}

export const isBoolean: Rule = (value) =>
  typeof value === "boolean" ? undefined : `must be true or false, got ${describe(value)}`;

export function oneOf(allowed: readonly string[]): Rule {
  return (value) =>
    typeof value === "string" && allowed.includes(value)
      ? undefined
      : `must be one of ${allowed.map((a) => `"${a}"`).join(", ")}, got ${describe(value)}`;
}

export function byteLength(min: number, max: number, omitHint: string): Rule {
  return (value) => {
    // The value is not described: this rule guards passwords.
    if (typeof value !== "string") return `must be a string, got ${Array.isArray(value) ? "a list" : typeof value}`;
    const bytes = Buffer.byteLength(value, "utf8");
    if (bytes < min || bytes > max) return `must be ${min}–${max} bytes (UTF-8), got ${bytes}; ${omitHint}`;
    return undefined;
  };
}

export function uuid(what: string): Rule {
  return (value) => (isUuid(value) ? undefined : `must be ${what} (a UUID), got ${describe(value)}`);
}

/** Describe a rejected value for a message, without echoing long or secret-looking strings. */
export function describe(value: unknown): string {
  if (typeof value === "string") return value.length > 40 ? `a string of ${value.length} characters` : JSON.stringify(value);
  if (Array.isArray(value)) return "a list";
  if (value === null) return "null";
  if (value === undefined) return "nothing";
  return typeof value === "object" ? "an object" : `${typeof value} ${String(value)}`;
}

/** A property name as a message shows it: quoted, or by its length when it is too long to repeat. */
export function describeName(name: string): string {
  return name.length > 40 ? `named by ${name.length} characters` : JSON.stringify(name);
}

/** A property name as a failure's `property` carries it, cut short when it is absurdly long. */
function shortName(name: string): string {
  return name.length > 40 ? `${name.slice(0, 40)}…` : name;
}

/** The inputs to record: without keys the user left out (undefined or null). */
export function withoutAbsent(news: Record<string, unknown>): Record<string, unknown> {
  const inputs: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(news)) if (value !== undefined && value !== null) inputs[key] = value;
  return inputs;
}
