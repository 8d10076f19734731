/**
 * During `pulumi preview`, inputs that depend on resources not created yet arrive as this sentinel string
 * (`pulumi.runtime.unknownValue`). It is inlined rather than imported so nothing of the SDK is needed here.
 * `check` must accept it and `diff` must treat it as a change.
 */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export function isUnknown(value: unknown): boolean {
  if (value === UNKNOWN) return true;
  if (Array.isArray(value)) return value.some(isUnknown);
  if (value !== null && typeof value === "object") return Object.values(value).some(isUnknown);
  return false;
}
