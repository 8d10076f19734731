import { UNKNOWN as UNKNOWN_SENTINEL } from "../plan/unknown";
import { SECRET_SIG, SECRET_SIG_KEY } from "../plan/wire-secrets";

/**
 * Property values as previews and event logs carry them, made safe to describe: a secret is only ever "a secret",
 * never its text; an unknown is "known after apply"; internal keys (`__provider`, the serialized provider code of a
 * dynamic resource) are not settings.
 *
 * Secrets arrive as the string "[secret]" in a preview digest (pkg/backend/display/json.go, secrets blinded) and as
 * `{"4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", "ciphertext": "[secret]"}` in an event
 * log (pkg/backend/display/events.go `convertStepEventStateMetadata`, BlindingCrypter). Unknowns are
 * 04da6b54-80e4-46f7-96ec-b56ff0331ba9 (pkg/resource/stack/deployment.go `computedValuePlaceholder`).
 */
export const SECRET: unique symbol = Symbol("secret");
export const UNKNOWN: unique symbol = Symbol("known after apply");

export type SettingValue = typeof SECRET | typeof UNKNOWN | string | number | boolean | null | undefined | SettingValue[] | { [key: string]: SettingValue };

/** The settings of a state (inputs or outputs), internal keys dropped, secrets and unknowns marked. */
export function settingsOf(props: Record<string, unknown> | undefined): Record<string, SettingValue> {
  const settings: Record<string, SettingValue> = {};
  for (const [key, value] of Object.entries(props ?? {})) {
    if (!key.startsWith("__")) settings[key] = settingValue(value);
  }
  return settings;
}

export function settingValue(value: unknown): SettingValue {
  if (value === "[secret]") return SECRET;
  if (value === UNKNOWN_SENTINEL) return UNKNOWN;
  if (Array.isArray(value)) return value.map(settingValue);
  if (value !== null && typeof value === "object") {
    if ((value as Record<string, unknown>)[SECRET_SIG_KEY] === SECRET_SIG) return SECRET;
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, settingValue(item)]));
  }
  return value as SettingValue;
}

/**
 * Whether two settings are the same as far as can be seen: true or false, or undefined when the only difference
 * could hide in a secret (two secrets cannot be compared) or in a value not known yet.
 */
export function sameSetting(a: SettingValue, b: SettingValue): boolean | undefined {
  if (a === SECRET || b === SECRET) return a === b ? undefined : false;
  if (a === UNKNOWN || b === UNKNOWN) return a === b ? undefined : false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return combine(a.map((item, i) => sameSetting(item, b[i])));
  }
  if (isSettingObject(a) || isSettingObject(b)) {
    if (!isSettingObject(a) || !isSettingObject(b)) return false;
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
    return combine(keys.map((key) => sameSetting(a[key], b[key])));
  }
  return (a ?? null) === (b ?? null);
}

function combine(results: (boolean | undefined)[]): boolean | undefined {
  if (results.includes(false)) return false;
  return results.includes(undefined) ? undefined : true;
}

function isSettingObject(value: SettingValue): value is { [key: string]: SettingValue } {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

export function hasSecret(value: SettingValue): boolean {
  if (value === SECRET) return true;
  if (Array.isArray(value)) return value.some(hasSecret);
  if (value !== null && typeof value === "object") return Object.values(value).some(hasSecret);
  return false;
}
