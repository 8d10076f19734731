// HostEngine: just enough of the Pulumi engine's step logic (pkg/resource/deploy/step_generator.go) to
// take dynamic resources through create, no-op, update, replace, refresh and destroy against the real
// host, keeping URN-keyed state {id, inputs, outputs} between runs.
//
// Covered faithfully: provider serialization (same call and per-object cache as pulumi.dynamic.Resource),
// Check with stored inputs as olds, Diff with stored outputs, DIFF_UNKNOWN falling back to an input
// comparison that includes `__provider`, create-before-delete and delete-before-replace replacement with
// a re-Check against empty olds, the empty update step for resources with init errors, init failures
// recorded with the failure's id and properties, refresh dropping blank ids and taking returned inputs,
// deletes of URNs no longer registered (skipped, like the engine, when any step failed), and which
// outputs the engine marks secret (same-named secret input, `additionalSecretOutputs`, or a secret
// wrapper the provider sent itself).
//
// NOT covered:
// - state files, checkpoints and encryption: state() imitates ciphertext with random bytes of the size a
//   passphrase secrets manager would produce, so secret values never appear in it and sizes are realistic;
// - `--parallel` scheduling and dependency order: up() runs all registrations at once, destroy() deletes
//   all at once (there are no dependencies between the resources it manages);
// - resource options: ignoreChanges, replaceOnChanges, the deleteBeforeReplace option (only the provider's
//   answer is honoured), protect, retainOnDelete, aliases, import, dependsOn, custom timeouts;
// - parent chains in URNs (every URN is `urn:pulumi:<stack>::<project>::<type>::<name>`), default-provider
//   registration (the config is sent once with Configure, not stored per provider);
// - real previews: preview() only runs Check/Diff, with whatever unknown sentinels the caller puts in props;
// - a failed replacement: the engine keeps the old resource as a pending delete next to the new one; this
//   URN-keyed map keeps the old entry when Create fails outright and the new one when it fails with an id;
// - secretness below the top level: a property is secret as a whole if any part of it was.
import { isDeepStrictEqual } from "util";
import type { ConfigValue, DynamicHost, PropertyMap } from "./dynamic-host";
import { HostRpcError, InitFailure } from "./host-rpc-error";
import { PersistedResource, RecordedResource, StoredResource, toPersisted, toRecorded } from "./engine-state";
import { serializeProvider } from "./provider-serialization";
import { splitSecrets } from "./wire-values";

export type { PersistedResource, RecordedResource } from "./engine-state";

export type StepOp =
    | "create" | "same" | "update" | "replace" | "delete"
    | "refresh-same" | "refresh-update" | "refresh-gone"
    /** Check failed or threw before any step was chosen. */
    | "check";

export interface StepResult {
    urn: string;
    op: StepOp;
    ok: boolean;
    /** The id after the step, if the resource is (still) recorded. */
    id?: string;
    /** Plain output values after the step (preview: what the engine would show). */
    outputs?: PropertyMap;
    error?: Error;
    checkFailures?: { property: string; reason: string }[];
    initFailure?: InitFailure;
    /** For replacements: whether the old resource was deleted before the new one was created. */
    deleteBeforeReplace?: boolean;
}

/** What a program registers: the arguments of `new (class extends pulumi.dynamic.Resource)(…)`. */
export interface ResourceGoal {
    name: string;
    /** The provider object; serialized into `__provider` like pulumi.dynamic.Resource does. */
    provider: object;
    /** Input properties. Mark secrets with wrapSecret() (wire-values.ts), as the SDK sends `pulumi.secret()`. */
    props: PropertyMap;
    /** The `module` argument of dynamic.Resource; gives `pulumi-nodejs:dynamic/<module>:<type>`. */
    module?: string;
    /** The `type` argument of dynamic.Resource; defaults to "Resource". */
    type?: string;
    additionalSecretOutputs?: string[];
}

export interface HostEngineOptions {
    project: string;
    stack?: string;
    /**
     * The whole stack config, namespaced keys; sent once with Configure before the first resource RPC.
     * The host hands config to a provider only when it first loads that provider text, so a second
     * engine on the same host cannot change what already-loaded providers see.
     */
    config?: Record<string, ConfigValue>;
}

/** The parts of a registration every step needs: the URN, the unchecked news and their secretness. */
interface Registration {
    urn: string;
    type: string;
    news: PropertyMap;
    secretInputs: Set<string>;
    additionalSecretOutputs: string[];
}

export class HostEngine {
    private readonly stored = new Map<string, StoredResource>();
    private configured?: Promise<unknown>;
    private config: Record<string, ConfigValue>;

    constructor(private host: DynamicHost, private readonly options: HostEngineOptions) {
        this.config = options.config ?? {};
    }

    /**
     * Continues with a new host process, as the next `pulumi up` would after a package upgrade or a
     * `pulumi config set`; the state carries over and Configure is sent again (with `config`, if given).
     */
    useHost(host: DynamicHost, config?: Record<string, ConfigValue>): void {
        this.host = host;
        this.configured = undefined;
        if (config) {
            this.config = config;
        }
    }

    urnOf(goal: Pick<ResourceGoal, "name" | "module" | "type">): string {
        return `urn:pulumi:${this.options.stack ?? "test"}::${this.options.project}::${typeTokenOf(goal)}::${goal.name}`;
    }

    /**
     * One `pulumi up` over exactly these resources: all registrations run concurrently, then URNs
     * recorded earlier but not registered now are deleted, unless a step failed.
     */
    async up(goals: ResourceGoal[]): Promise<StepResult[]> {
        const urns = new Set(goals.map((goal) => this.urnOf(goal)));
        if (urns.size !== goals.length) {
            throw new Error("Duplicate resource URN in up(): each name/type pair may be registered once per update.");
        }
        const stale = [...this.stored.keys()].filter((urn) => !urns.has(urn));
        const steps = await Promise.all(goals.map((goal) => this.register(goal)));
        if (steps.some((step) => !step.ok)) {
            return steps;
        }
        const deletes = await Promise.all(stale.map((urn) => this.deleteStored(urn)));
        return [...steps, ...deletes];
    }

    /** Check and Diff only, as a preview would; never Create, Update, Delete or change the state. */
    async preview(goals: ResourceGoal[]): Promise<StepResult[]> {
        const urns = new Set(goals.map((goal) => this.urnOf(goal)));
        const steps = await Promise.all(goals.map((goal) => this.register(goal, { preview: true })));
        const deletes = [...this.stored.values()]
            .filter((old) => !urns.has(old.urn))
            .map((old): StepResult => ({ urn: old.urn, op: "delete", ok: true, id: old.id }));
        return [...steps, ...deletes];
    }

    /** Registers one resource (one `new Resource(…)`), choosing its step as the engine does. */
    async register(goal: ResourceGoal, options: { preview?: boolean } = {}): Promise<StepResult> {
        await this.ensureConfigured();
        const registration = await this.registrationOf(goal);
        const { urn, news } = registration;
        const old = this.stored.get(urn);

        let checked: PropertyMap;
        try {
            const check = await this.host.check(urn, old?.inputs ?? {}, news);
            if (check.failures.length > 0) {
                return { urn, op: "check", ok: false, checkFailures: check.failures, error: checkError(urn, check.failures) };
            }
            checked = check.inputs;
        } catch (error) {
            return { urn, op: "check", ok: false, error: asError(error) };
        }

        if (!old) {
            if (options.preview) {
                return { urn, op: "create", ok: true, outputs: checked };
            }
            return this.create("create", registration, checked);
        }

        const step = await this.chooseStep(old, registration, checked);
        if (step.kind === "error") {
            return { urn, op: "update", ok: false, error: step.error };
        }
        if (options.preview) {
            const outputs = step.kind === "same" ? old.outputs : checked;
            return { urn, op: step.kind, ok: true, id: old.id, outputs };
        }
        switch (step.kind) {
            case "same":
                this.stored.set(urn, { ...old, inputs: checked, secretInputs: registration.secretInputs });
                return { urn, op: "same", ok: true, id: old.id, outputs: old.outputs };
            case "update":
                return this.update(old, registration, checked);
            case "replace":
                return this.replace(old, registration, step.deleteBeforeReplace);
        }
    }

    /** `pulumi refresh`: Read every resource with its stored outputs, whose `__provider` runs the read. */
    async refresh(): Promise<StepResult[]> {
        await this.ensureConfigured();
        return Promise.all([...this.stored.values()].map(async (old): Promise<StepResult> => {
            let read;
            try {
                read = await this.host.read(old.id, old.urn, old.outputs, old.inputs);
            } catch (error) {
                return { urn: old.urn, op: "refresh-same", ok: false, id: old.id, error: asError(error) };
            }
            if (!read.id) {
                this.stored.delete(old.urn);
                return { urn: old.urn, op: "refresh-gone", ok: true };
            }
            const inputs = read.inputs ?? old.inputs;
            const changed = read.id !== old.id || !isDeepStrictEqual(read.outputs, old.outputs) ||
                !isDeepStrictEqual(inputs, old.inputs);
            // A successful Read carries no init errors, so the engine's refreshed state has none either.
            const updated = this.toStored(old, read.id, inputs, old.secretInputs, read.outputs);
            return { urn: old.urn, op: changed ? "refresh-update" : "refresh-same", ok: true, id: updated.id, outputs: updated.outputs };
        }));
    }

    /** `pulumi destroy`: Delete every resource with its stored outputs; failed deletes stay recorded. */
    async destroy(): Promise<StepResult[]> {
        await this.ensureConfigured();
        return Promise.all([...this.stored.keys()].map((urn) => this.deleteStored(urn)));
    }

    get(urn: string): RecordedResource | undefined {
        const stored = this.stored.get(urn);
        return stored && toRecorded(stored);
    }

    resources(): RecordedResource[] {
        return [...this.stored.values()].map(toRecorded);
    }

    /**
     * The state as the CLI would persist it (`__provider` in inputs and outputs), with every value the
     * engine treats as secret replaced by a ciphertext stand-in: scan it for leaked plaintext, or
     * JSON.stringify it to measure the state size.
     */
    state(): { resources: PersistedResource[] } {
        return { resources: [...this.stored.values()].map(toPersisted) };
    }

    private ensureConfigured(): Promise<unknown> {
        this.configured ??= this.host.configure(this.config);
        return this.configured;
    }

    private async registrationOf(goal: ResourceGoal): Promise<Registration> {
        const provider = await serializeProvider(goal.provider);
        const { plain, secretKeys } = splitSecrets(goal.props);
        if (provider.containsSecrets) {
            secretKeys.add("__provider");
        }
        return {
            urn: this.urnOf(goal),
            type: typeTokenOf(goal),
            news: { ...plain, __provider: provider.text },
            secretInputs: secretKeys,
            additionalSecretOutputs: goal.additionalSecretOutputs ?? [],
        };
    }

    private async chooseStep(old: StoredResource, registration: Registration, checked: PropertyMap): Promise<
        | { kind: "same" | "update" }
        | { kind: "replace"; deleteBeforeReplace: boolean }
        | { kind: "error"; error: Error }
    > {
        let diff;
        try {
            diff = await this.host.diff(old.id, old.urn, old.outputs, checked, old.inputs);
        } catch (error) {
            return { kind: "error", error: asError(error) };
        }
        let changed = diff.changes === "some";
        if (diff.changes === "unknown") {
            // The engine's own diff of old and new inputs; `__provider` is an input, so any change to the
            // provider's code or captured values makes this an update (#12401).
            changed = !isDeepStrictEqual(old.inputs, checked) ||
                !isDeepStrictEqual([...old.secretInputs].sort(), [...registration.secretInputs].sort());
        } else if (diff.replaces.length > 0) {
            return { kind: "replace", deleteBeforeReplace: diff.deleteBeforeReplace };
        }
        if (changed || old.initErrors) {
            return { kind: "update" };
        }
        return { kind: "same" };
    }

    private async create(op: "create" | "replace", registration: Registration, checked: PropertyMap): Promise<StepResult> {
        const { urn } = registration;
        try {
            const created = await this.host.create(urn, checked);
            if (!created.id) {
                // The engine refuses an empty id and does not record the resource.
                return { urn, op, ok: false, error: new Error(`plugin returned empty resource.ID from create for ${urn}`) };
            }
            const stored = this.toStored(registration, created.id, checked, registration.secretInputs, created.outputs);
            return { urn, op, ok: true, id: stored.id, outputs: stored.outputs };
        } catch (error) {
            return this.failedWrite(op, registration, checked, error);
        }
    }

    private async update(old: StoredResource, registration: Registration, checked: PropertyMap): Promise<StepResult> {
        const { urn } = registration;
        try {
            const updated = await this.host.update(old.id, urn, old.outputs, checked, old.inputs);
            const stored = this.toStored(registration, old.id, checked, registration.secretInputs, updated.outputs);
            return { urn, op: "update", ok: true, id: stored.id, outputs: stored.outputs };
        } catch (error) {
            return this.failedWrite("update", registration, checked, error, old.id);
        }
    }

    private async replace(old: StoredResource, registration: Registration, deleteBeforeReplace: boolean): Promise<StepResult> {
        const { urn } = registration;
        // Defaults computed by Check may depend on the old inputs, which no longer apply to a new resource.
        let checked: PropertyMap;
        try {
            const recheck = await this.host.check(urn, {}, registration.news);
            if (recheck.failures.length > 0) {
                return { urn, op: "replace", ok: false, checkFailures: recheck.failures, error: checkError(urn, recheck.failures) };
            }
            checked = recheck.inputs;
        } catch (error) {
            return { urn, op: "replace", ok: false, error: asError(error) };
        }

        if (deleteBeforeReplace) {
            const deleted = await this.deleteStored(urn);
            if (!deleted.ok) {
                return { ...deleted, op: "replace", deleteBeforeReplace };
            }
            return { ...(await this.create("replace", registration, checked)), deleteBeforeReplace };
        }
        const created = await this.create("replace", registration, checked);
        if (!created.ok) {
            return { ...created, deleteBeforeReplace };
        }
        try {
            await this.host.delete(old.id, urn, old.outputs, old.inputs);
        } catch (error) {
            return { ...created, ok: false, error: asError(error), deleteBeforeReplace };
        }
        return { ...created, deleteBeforeReplace };
    }

    private async deleteStored(urn: string): Promise<StepResult> {
        const old = this.stored.get(urn)!;
        try {
            await this.host.delete(old.id, urn, old.outputs, old.inputs);
        } catch (error) {
            return { urn, op: "delete", ok: false, id: old.id, error: asError(error) };
        }
        this.stored.delete(urn);
        return { urn, op: "delete", ok: true, id: old.id };
    }

    /**
     * A Create/Update error carrying ErrorResourceInitFailed means the resource exists: the engine records
     * it with the failure's id and properties (as outputs) and fails the step. Any other error leaves the
     * state as it was.
     */
    private failedWrite(op: "create" | "update" | "replace", registration: Registration, checked: PropertyMap,
        error: unknown, oldId?: string): StepResult {
        const { urn } = registration;
        const initFailure = error instanceof HostRpcError ? error.initFailure : undefined;
        if (!initFailure) {
            return { urn, op, ok: false, id: this.stored.get(urn)?.id, error: asError(error) };
        }
        const stored = this.toStored(registration, initFailure.id || oldId || "", checked, registration.secretInputs,
            initFailure.properties, initFailure.reasons);
        return { urn, op, ok: false, id: stored.id, outputs: stored.outputs, initFailure, error: asError(error) };
    }

    private toStored(
        from: { urn: string; type: string; additionalSecretOutputs: string[] },
        id: string,
        inputs: PropertyMap,
        secretInputs: Set<string>,
        rawOutputs: PropertyMap,
        initErrors?: string[],
    ): StoredResource {
        // The host answers acceptSecrets=false, so outputs normally arrive plain; a provider that returns a
        // secret wrapper literally still gets that property marked secret, as the engine would.
        const { plain: outputs, secretKeys: wrappedOutputs } = splitSecrets(rawOutputs);
        const secretOutputs = new Set(Object.keys(outputs).filter((key) =>
            secretInputs.has(key) || from.additionalSecretOutputs.includes(key) || wrappedOutputs.has(key)));
        const stored: StoredResource = {
            urn: from.urn,
            type: from.type,
            id,
            inputs,
            outputs,
            secretInputs,
            secretOutputs,
            additionalSecretOutputs: from.additionalSecretOutputs,
            ...(initErrors ? { initErrors } : {}),
        };
        this.stored.set(from.urn, stored);
        return stored;
    }
}

export function typeTokenOf(goal: Pick<ResourceGoal, "module" | "type">): string {
    return `pulumi-nodejs:dynamic${goal.module ? `/${goal.module}` : ""}:${goal.type ?? "Resource"}`;
}

function checkError(urn: string, failures: { property: string; reason: string }[]): Error {
    return new Error(`${urn} has check errors: ${failures.map((f) => `${f.property}: ${f.reason}`).join("; ")}`);
}

function asError(error: unknown): Error {
    return error instanceof Error ? error : new Error(String(error));
}
