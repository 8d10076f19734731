import { isUnknown } from "./unknown";

/** What `check` reports for one property: Pulumi shows `property: reason`. */
export interface CheckFailure {
  property: string;
  reason: string;
}

/**
 * Small property validators shared by every resource's check. Each returns a reason, or undefined when the value
 * is fine, absent, or unknown during preview (an unknown value is never rejected: it may well be valid).
 */
export type Rule = (value: unknown) => string | undefined;

export function checkProperties(
  inputs: Record<string, unknown>,
  rules: Record<string, Rule>,
  resourceLabel: string,
): CheckFailure[] {
  const failures: CheckFailure[] = [];
  for (const key of Object.keys(inputs)) {
    if (key === "__provider" || key in rules) continue;
    failures.push({
      property: key,
      reason: `${resourceLabel} has no property "${key}"; allowed: ${Object.keys(rules).join(", ")}`,
    });
  }
  for (const [property, rule] of Object.entries(rules)) {
    const value = inputs[property];
    if (value === undefined || value === null || isUnknown(value)) continue;
    const reason = rule(value);
    if (reason) failures.push({ property, reason });
  }
  return failures;
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

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function uuid(what: string): Rule {
  return (value) =>
    typeof value === "string" && UUID.test(value) ? undefined : `must be ${what} (a UUID), got ${describe(value)}`;
}

/** Describe a rejected value for a message, without echoing long or secret-looking strings. */
export function describe(value: unknown): string {
  if (typeof value === "string") return value.length > 40 ? `a string of ${value.length} characters` : JSON.stringify(value);
  if (Array.isArray(value)) return "a list";
  if (value === null) return "null";
  return typeof value === "object" ? "an object" : `${typeof value} ${String(value)}`;
}

/** The inputs to record: without keys the user left out (undefined or null). */
export function withoutAbsent(news: Record<string, unknown>): Record<string, unknown> {
  const inputs: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(news)) if (value !== undefined && value !== null) inputs[key] = value;
  return inputs;
}
