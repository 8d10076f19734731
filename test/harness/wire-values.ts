// The engine's wire encoding for secrets and unknowns, as sent over gRPC to providers. One place knows
// these magic strings; the SDK defines them in runtime/rpc.ts (specialSigKey, specialSecretSig, unknownValue).

export const SECRET_SIG_KEY = "4dabf18193072939515e22adb298388d";
export const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

/** What the engine sends for an input that is not known yet (preview): `pulumi.runtime.unknownValue`. */
export const UNKNOWN_VALUE = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export interface WrappedSecret<T = unknown> {
    [SECRET_SIG_KEY]: typeof SECRET_SIG;
    value: T;
}

export function wrapSecret<T>(value: T): WrappedSecret<T> {
    return { [SECRET_SIG_KEY]: SECRET_SIG, value };
}

export function isWrappedSecret(value: unknown): value is WrappedSecret {
    return typeof value === "object" && value !== null &&
        (value as Record<string, unknown>)[SECRET_SIG_KEY] === SECRET_SIG;
}

/** Removes secret wrappers at any depth. */
export function unwrapSecretsDeep(value: unknown): unknown {
    if (isWrappedSecret(value)) {
        return unwrapSecretsDeep(value.value);
    }
    if (Array.isArray(value)) {
        return value.map(unwrapSecretsDeep);
    }
    if (typeof value === "object" && value !== null) {
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, unwrapSecretsDeep(v)]));
    }
    return value;
}

export function containsSecret(value: unknown): boolean {
    if (isWrappedSecret(value)) {
        return true;
    }
    if (Array.isArray(value)) {
        return value.some(containsSecret);
    }
    if (typeof value === "object" && value !== null) {
        return Object.values(value).some(containsSecret);
    }
    return false;
}

/**
 * Splits a property map into plain values and the names of top-level properties that held a secret
 * anywhere inside. Secretness is tracked per top-level property because that is the granularity at
 * which the engine re-marks outputs (an output is secret if the same-named input was).
 */
export function splitSecrets(props: Record<string, unknown>): { plain: Record<string, unknown>; secretKeys: Set<string> } {
    const plain: Record<string, unknown> = {};
    const secretKeys = new Set<string>();
    for (const [key, value] of Object.entries(props)) {
        if (containsSecret(value)) {
            secretKeys.add(key);
        }
        plain[key] = unwrapSecretsDeep(value);
    }
    return { plain, secretKeys };
}

/**
 * Drops object keys whose value is undefined and turns undefined array items into null, as JSON does.
 * `Struct.fromJavaScript` rejects undefined ("Unexpected struct type"), and the harness must not fail on
 * its own inputs while we test how the host treats a provider's undefined.
 */
export function withoutUndefined(value: unknown): unknown {
    if (Array.isArray(value)) {
        return value.map((item) => (item === undefined ? null : withoutUndefined(item)));
    }
    if (typeof value === "object" && value !== null) {
        return Object.fromEntries(
            Object.entries(value).filter(([, v]) => v !== undefined).map(([k, v]) => [k, withoutUndefined(v)]),
        );
    }
    return value;
}
