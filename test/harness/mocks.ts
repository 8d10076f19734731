// Runs whole Pulumi programs in-process under `pulumi.runtime.setMocks`, forwarding every dynamic resource
// to its real provider code: the `__provider` text is loaded as the host would load it, configured,
// checked and created, so exported outputs are the provider's real outputs.
//
// What this does not cover (test those against the host, see dynamic-host.ts and engine.ts): the gRPC
// Struct conversion is imitated by a round trip through Struct, but the host's error mapping
// (ErrorResourceInitFailed) and its configure race are not; there is no state, so every run creates.
//
// Gotchas met while building it:
// - When `newResource` throws, the SDK never resolves the resource's outputs; the failure only surfaces as
//   an `unhandledRejection` ("failed to register new resource …"), once per output. runProgram races the
//   exported outputs against the first such rejection. Mocha re-emits unhandled rejections to other
//   listeners and otherwise swallows them, so without the race a failing program just hangs until timeout.
// - require-from-string with an empty filename (what the host passes) resolves bare and relative specifiers
//   from process.cwd(). Giving it a filename inside the fixture directory makes resolution start there,
//   without a chdir that would disturb the rest of the test process.
// - Mocks send no Configure: `configure()` is called here once per provider text with the SDK's own
//   dynamic-provider Config class, so unprefixed keys get the project prefix exactly as in the host. Unlike
//   the host, the provider is cached only after configure() settles, so concurrent resources never see an
//   unconfigured instance (the host's race is a host-level test).
// - The MockMonitor hands `newResource` secret inputs, and `__provider` when its closure captured a secret,
//   as `{4dabf…: 1b47…, value}` wrappers; they are unwrapped before the provider sees them (the host gets
//   them unwrapped because it answers acceptSecrets=false) and outputs of the same name are re-wrapped.
// - To run programs repeatedly in one process, setMocks and setAllConfig are called again on every run; a
//   program that lives in a module must also be removed from require.cache by the caller.
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import type { ConfigValue, PropertyMap } from "./dynamic-host";
import { sdkRequire, Struct } from "./sdk-modules";
import { isWrappedSecret, splitSecrets, wrapSecret } from "./wire-values";

const requireFromString = sdkRequire("require-from-string") as (code: string, filename?: string) => { handler(): unknown };
const { Config: HostConfig } = sdkRequire("./cmd/dynamic-provider/config") as {
    Config: new (rawConfig: Record<string, string>, projectName: string) => pulumi.dynamic.Config;
};

export interface ForwardingMocksOptions {
    /** The stack config the provider's configure() sees, namespaced keys; `{secret}` values arrive plain. */
    config?: Record<string, ConfigValue>;
    /** The "program directory" from which `__provider` code resolves modules, e.g. a prepared fixture. */
    cwd: string;
    /** For resources that are not dynamic; the default echoes the inputs with id `<name>-id`. */
    otherResource?: pulumi.runtime.Mocks["newResource"];
}

/** A resource the mocks forwarded to its provider, for assertions. */
export interface ForwardedResource {
    type: string;
    name: string;
    id: string;
    inputs: PropertyMap;
    /** As returned to the program: secret-marked outputs wrapped, `__provider` included. */
    state: PropertyMap;
}

export interface ForwardingMocks extends pulumi.runtime.Mocks {
    readonly forwarded: ForwardedResource[];
}

type LoadedProvider = pulumi.dynamic.ResourceProvider;

export function forwardingMocks(options: ForwardingMocksOptions): ForwardingMocks {
    const rawConfig = plainConfig(options.config ?? {}).values;
    const providers = new Map<string, Promise<LoadedProvider>>();
    const forwarded: ForwardedResource[] = [];

    const loadProvider = (text: string): Promise<LoadedProvider> => {
        let provider = providers.get(text);
        if (!provider) {
            provider = (async () => {
                const loaded = requireFromString(text, path.join(options.cwd, "__provider.js")).handler() as LoadedProvider;
                await loaded.configure?.({ config: new HostConfig(rawConfig, pulumi.runtime.getProject()) });
                return loaded;
            })();
            providers.set(text, provider);
        }
        return provider;
    };

    return {
        forwarded,
        call(args) {
            throw new Error(`forwardingMocks has no mock for the function ${args.token}`);
        },
        async newResource(args) {
            if (!args.type.startsWith("pulumi-nodejs:dynamic")) {
                return options.otherResource?.(args) ?? { id: `${args.name}-id`, state: args.inputs };
            }
            if (args.id) {
                throw new Error(`Cannot import ${args.type} "${args.name}" (id ${args.id}): the engine sends dynamic-resource ` +
                    `imports a Read without __provider, which the host rejects ("code must be a string, not undefined", ` +
                    `pulumi/pulumi#16175). Adopt existing objects through an input instead.`);
            }
            const { plain: news, secretKeys } = splitSecrets(args.inputs as PropertyMap);
            const provider = await loadProvider(news.__provider as string);

            let inputs = news;
            if (provider.check) {
                const checked = await provider.check({}, news);
                if (checked.failures?.length) {
                    throw new Error(`${args.type} "${args.name}" has check errors: ` +
                        checked.failures.map((f) => `${f.property}: ${f.reason}`).join("; "));
                }
                inputs = { ...(checked.inputs ?? news), __provider: news.__provider };
            }
            const created = await provider.create(viaStruct(inputs));
            if (!created.id) {
                throw new Error(`plugin returned empty resource.ID from create for ${args.type} "${args.name}"`);
            }
            const outputs = viaStruct({ ...(created.outs ?? {}) });
            const state: PropertyMap = {};
            for (const [key, value] of Object.entries(outputs)) {
                state[key] = secretKeys.has(key) && !isWrappedSecret(value) ? wrapSecret(value) : value;
            }
            state.__provider = args.inputs.__provider;
            forwarded.push({ type: args.type, name: args.name, id: created.id, inputs, state });
            return { id: created.id, state };
        },
    };
}

export interface RunProgramOptions {
    project: string;
    stack?: string;
    /** Stack config with namespaced keys; `{secret}` values become secret config for `requireSecret`. */
    config?: Record<string, ConfigValue>;
    /** Defaults to forwardingMocks({config, cwd}), which runs dynamic providers for real. */
    mocks?: pulumi.runtime.Mocks;
    /** The program directory for the default mocks; defaults to process.cwd(). */
    cwd?: string;
    /** How long to wait for the exported outputs before giving up. */
    timeoutMs?: number;
}

export interface ProgramResult {
    /** Exported values, resolved. */
    outputs: Record<string, unknown>;
    /** Names of exports whose Output was secret. */
    secretOutputs: string[];
}

/**
 * Runs a Pulumi program function under mocks and resolves what it returns (its stack exports). Rejects
 * with the first resource-registration failure instead of hanging on outputs that never resolve.
 */
export async function runProgram(
    program: () => Record<string, unknown> | void | Promise<Record<string, unknown> | void>,
    options: RunProgramOptions,
): Promise<ProgramResult> {
    const { values, secretKeys } = plainConfig(options.config ?? {});
    const mocks = options.mocks ?? forwardingMocks({ config: options.config, cwd: options.cwd ?? process.cwd() });
    // The stack config is process-wide: put back what was there, so a later test (a lookup reading the stack config,
    // say) never sees this program's settings pointing at a sandbox that is closed by then.
    const previousConfig = pulumi.runtime.allConfig();
    // isConfigSecret is exported by the SDK's runtime but marked @internal, so it is not in the typings.
    const isSecretKey = (pulumi.runtime as unknown as { isConfigSecret(key: string): boolean }).isConfigSecret;
    const previousSecretKeys = Object.keys(previousConfig).filter((key) => isSecretKey(key));
    await pulumi.runtime.setMocks(mocks, options.project, options.stack ?? "test", false);
    pulumi.runtime.setAllConfig(values, secretKeys);

    let onFailure!: (error: unknown) => void;
    const registrationFailed = new Promise<never>((_, reject) => (onFailure = reject));
    registrationFailed.catch(() => undefined);
    const listener = (reason: unknown) => onFailure(reason);
    process.on("unhandledRejection", listener);

    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error("program outputs did not resolve in time")), options.timeoutMs ?? 15_000);
    });
    try {
        const exported = (await Promise.race([Promise.resolve(program()), registrationFailed, timedOut])) ?? {};
        const outputs: Record<string, unknown> = {};
        const secretOutputs: string[] = [];
        await Promise.race([
            Promise.all(Object.entries(exported).map(async ([name, value]) => {
                const output = pulumi.output(value as pulumi.Input<unknown>) as pulumi.Output<unknown>;
                // Output.promise() is internal but is how the SDK itself reads exports (runtime/stack.ts).
                outputs[name] = await (output as unknown as { promise(): Promise<unknown> }).promise();
                if (await pulumi.isSecret(output)) {
                    secretOutputs.push(name);
                }
            })),
            registrationFailed,
            timedOut,
        ]);
        return { outputs, secretOutputs: secretOutputs.sort() };
    } finally {
        pulumi.runtime.setAllConfig(previousConfig, previousSecretKeys);
        clearTimeout(timer);
        // Further rejections for the same failed resource (one per output) are expected and ignored.
        setTimeout(() => process.off("unhandledRejection", listener), 100).unref();
    }
}

function plainConfig(config: Record<string, ConfigValue>): { values: Record<string, string>; secretKeys: string[] } {
    const values: Record<string, string> = {};
    const secretKeys: string[] = [];
    for (const [key, value] of Object.entries(config)) {
        values[key] = typeof value === "string" ? value : value.secret;
        if (typeof value !== "string") {
            secretKeys.push(key);
        }
    }
    return { values, secretKeys };
}

/**
 * What the host's Struct conversion does to a value: "Unexpected struct type." for undefined, BigInt or
 * an Output, `{}` for a Date. Applying it here keeps those failures visible in program tests.
 */
function viaStruct<T extends PropertyMap>(props: T): T {
    return Struct.fromJavaScript(props as Parameters<typeof Struct.fromJavaScript>[0]).toJavaScript() as T;
}
