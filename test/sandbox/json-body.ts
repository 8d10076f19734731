/**
 * Request bodies the way actix-web's `Json<T>` extractor and serde see them: wrong Content-Type is
 * `invalid_content_type`; syntax errors, wrong types, unknown enum variants and failed field
 * validation are all `invalid_json` with serde's wording and position (never 422, whatever the spec
 * says). Unknown fields are ignored, as the controller's structs do not deny them.
 */
import { apiErrors } from "./api-error";
import type { SandboxRequest } from "./http-server";
import { positionOf, topLevelValueEnds } from "./json-locations";
import { normalizeTimestamp } from "./timestamps";

export class JsonBody {
  private readonly valueEnds: Map<string, number>;

  constructor(private readonly text: string, readonly value: Record<string, unknown>) {
    this.valueEnds = topLevelValueEnds(text);
  }

  has(field: string): boolean {
    return Object.prototype.hasOwnProperty.call(this.value, field);
  }

  /** `undefined` when absent; `null` only if `nullable`. */
  boolean(field: string, nullable = false): boolean | null | undefined {
    return this.typed(field, nullable, "a boolean", (v) => typeof v === "boolean") as boolean | null | undefined;
  }

  string(field: string, nullable = false): string | null | undefined {
    return this.typed(field, nullable, "a string", (v) => typeof v === "string") as string | null | undefined;
  }

  oneOf<T extends string>(field: string, variants: readonly T[]): T | undefined {
    const value = this.string(field);
    if (value === undefined || value === null) return undefined;
    if (!variants.includes(value as T)) this.fail(field, `unknown variant \`${value}\`, expected one of ${variants.map((v) => `\`${v}\``).join(", ")}`);
    return value as T;
  }

  /** An RFC 3339 instant, normalised to UTC. */
  timestamp(field: string, nullable = false): string | null | undefined {
    const value = this.string(field, nullable);
    if (value === undefined || value === null) return value;
    const normalized = normalizeTimestamp(value);
    if (normalized === undefined) this.fail(field, "input contains invalid characters");
    return normalized;
  }

  uuid(field: string): string {
    const value = this.string(field);
    if (value === undefined || value === null) this.fail(undefined, `missing field \`${field}\``);
    if (!isUuid(value)) this.fail(field, `UUID parsing failed: invalid character: expected an optional prefix of \`urn:uuid:\` followed by [0-9a-fA-F-], found \`${value.slice(0, 1)}\` at 1`);
    return value.toLowerCase();
  }

  /** A validation failure inside serde's `Deserialize` for a field (e.g. a password length). */
  fail(field: string | undefined, detail: string): never {
    const end = field === undefined ? this.text.length : (this.valueEnds.get(field) ?? this.text.length);
    const { line, column } = positionOf(this.text, end);
    throw apiErrors.invalidJson(`${detail} at line ${line} column ${column}`);
  }

  private typed(field: string, nullable: boolean, expected: string, accepts: (v: unknown) => boolean): unknown {
    if (!this.has(field)) return undefined;
    const value = this.value[field];
    if (value === null && nullable) return null;
    if (!accepts(value)) this.fail(field, `invalid type: ${serdeDescription(value)}, expected ${expected}`);
    return value;
  }
}

export function isUuid(value: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
}

/** Parses the body of `req` as a JSON object destined for the Rust struct `structName`. */
export function readJsonBody(req: SandboxRequest, structName: string): JsonBody {
  const mime = (req.headers["content-type"] ?? "").split(";")[0].trim().toLowerCase();
  if (mime !== "application/json" && !/^application\/[a-z0-9.+-]*\+json$/.test(mime)) throw apiErrors.invalidContentType();
  const text = req.body.toString("utf8");
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    if (text.trim() === "") throw apiErrors.invalidJson(`EOF while parsing a value at line 1 column ${text.length}`);
    const offset = Number(/position (\d+)/.exec((error as Error).message)?.[1] ?? 0);
    const { line, column } = positionOf(text, offset + 1);
    throw apiErrors.invalidJson(`expected value at line ${line} column ${column}`);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    const { line, column } = positionOf(text, text.trimEnd().length);
    throw apiErrors.invalidJson(`invalid type: ${serdeDescription(value)}, expected struct ${structName} at line ${line} column ${column}`);
  }
  return new JsonBody(text, value as Record<string, unknown>);
}

function serdeDescription(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "sequence";
  switch (typeof value) {
    case "boolean":
      return `boolean \`${value}\``;
    case "number":
      return Number.isInteger(value) ? `integer \`${value}\`` : `floating point \`${value}\``;
    case "string":
      return `string ${JSON.stringify(value)}`;
    default:
      return "map";
  }
}
