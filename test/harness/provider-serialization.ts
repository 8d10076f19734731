import * as pulumi from "@pulumi/pulumi";

export interface SerializedProvider {
    /** The CommonJS text stored as input and output `__provider`; its `handler()` returns the provider. */
    text: string;
    /** True when the closure captured a secret Output: the engine then treats `__provider` as secret. */
    containsSecrets: boolean;
}

const cache = new WeakMap<object, Promise<SerializedProvider>>();

/**
 * Serializes a provider object exactly as `pulumi.dynamic.Resource` does (dynamic/index.ts
 * serializeFunctionMaybeSecret), including its per-object cache, which the SDK skips when
 * PULUMI_NODEJS_CACHE_DYNAMIC_PROVIDERS=false. Modules are classified as installed or local relative to
 * process.cwd() at this moment, like the SDK.
 */
export function serializeProvider(provider: object): Promise<SerializedProvider> {
    if (process.env.PULUMI_NODEJS_CACHE_DYNAMIC_PROVIDERS === "false") {
        return serializeUncached(provider);
    }
    let serialized = cache.get(provider);
    if (!serialized) {
        serialized = serializeUncached(provider);
        cache.set(provider, serialized);
    }
    return serialized;
}

async function serializeUncached(provider: object): Promise<SerializedProvider> {
    const serialized = await pulumi.runtime.serializeFunction(() => provider, { allowSecrets: true });
    return { text: serialized.text, containsSecrets: serialized.containsSecrets };
}
