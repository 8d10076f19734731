// How HostEngine keeps a resource, and the two views it gives tests: plain values with their secret
// marks (RecordedResource) and what a state file would hold (PersistedResource).
import { randomBytes } from "crypto";
import type { PropertyMap } from "./dynamic-host";
import { SECRET_SIG, SECRET_SIG_KEY } from "./wire-values";

export interface StoredResource {
    urn: string;
    type: string;
    id: string;
    inputs: PropertyMap;
    outputs: PropertyMap;
    secretInputs: Set<string>;
    secretOutputs: Set<string>;
    additionalSecretOutputs: string[];
    initErrors?: string[];
}

export interface RecordedResource {
    urn: string;
    type: string;
    id: string;
    inputs: PropertyMap;
    outputs: PropertyMap;
    secretInputs: string[];
    secretOutputs: string[];
    /** Present after an init failure; the next up() then updates the resource even without changes. */
    initErrors?: string[];
}

/** One resource as a state file would hold it: `__provider` included, secret values replaced by ciphertext. */
export interface PersistedResource {
    urn: string;
    type: string;
    id: string;
    inputs: PropertyMap;
    outputs: PropertyMap;
    initErrors?: string[];
}

export function toRecorded(stored: StoredResource): RecordedResource {
    return {
        urn: stored.urn,
        type: stored.type,
        id: stored.id,
        inputs: stored.inputs,
        outputs: stored.outputs,
        secretInputs: [...stored.secretInputs],
        secretOutputs: [...stored.secretOutputs],
        ...(stored.initErrors ? { initErrors: stored.initErrors } : {}),
    };
}

export function toPersisted(stored: StoredResource): PersistedResource {
    return {
        urn: stored.urn,
        type: stored.type,
        id: stored.id,
        inputs: encryptSecrets(stored.inputs, stored.secretInputs),
        outputs: encryptSecrets(stored.outputs, stored.secretOutputs),
        ...(stored.initErrors ? { initErrors: stored.initErrors } : {}),
    };
}

/**
 * Stand-in for `{"4dabf…": "1b47…", "ciphertext": "v1:<nonce>:<aes-gcm output>"}` as the passphrase
 * secrets manager writes it: random bytes of the length AES-256-GCM would produce for the JSON value, so
 * state sizes are realistic and no secret value can be found in the text.
 */
function encryptSecrets(props: PropertyMap, secretKeys: Set<string>): PropertyMap {
    return Object.fromEntries(Object.entries(props).map(([key, value]) => {
        if (!secretKeys.has(key)) {
            return [key, value];
        }
        const plaintextLength = Buffer.byteLength(JSON.stringify(value));
        const ciphertext = `v1:${randomBytes(12).toString("base64")}:${randomBytes(plaintextLength + 16).toString("base64")}`;
        return [key, { [SECRET_SIG_KEY]: SECRET_SIG, ciphertext }];
    }));
}
