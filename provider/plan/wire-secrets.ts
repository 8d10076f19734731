/**
 * How a secret is marked in Pulumi's wire and state formats: a map whose signature key holds the secret signature,
 * `{"4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", …}` (pulumi/pulumi
 * sdk/go/common/resource/sig `Key` and `Secret`; the Node SDK's runtime/rpc.ts `specialSigKey`, `specialSecretSig`).
 * Inlined rather than imported so nothing of the SDK is needed here.
 */
export const SECRET_SIG_KEY = "4dabf18193072939515e22adb298388d";
export const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
