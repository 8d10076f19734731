/**
 * Results travel to the engine as protobuf Structs: `undefined` fails the RPC ("Unexpected struct type", #3012) and
 * a Date silently becomes `{}`. Every create/read/update result passes through here: undefined keys are dropped,
 * Dates become ISO strings.
 */
export function structSafe<T extends Record<string, unknown>>(value: T): T {
  return clean(value) as T;
}

function clean(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map((item) => (item === undefined ? null : clean(item)));
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      if (item !== undefined) out[key] = clean(item);
    }
    return out;
  }
  if (typeof value === "bigint") return Number(value);
  return value;
}
