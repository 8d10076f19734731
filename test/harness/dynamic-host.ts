// Drives Pulumi's real Node.js dynamic-provider host (`@pulumi/pulumi/cmd/dynamic-provider`) over gRPC,
// the way the CLI's `pulumi-resource-pulumi-nodejs` launcher and the engine do. Serialization loading,
// `configure`, Struct conversion, secret unwrapping and error mapping are therefore the SDK's own code.
import { ChildProcess, spawn } from "child_process";
import { childCoverageEnv } from "./child-coverage";
import * as fs from "fs";
import * as path from "path";
import * as readline from "readline";
import type * as grpcTypes from "@grpc/grpc-js";
import type { Struct as StructType } from "google-protobuf/google/protobuf/struct_pb";
import type * as ProviderMessages from "@pulumi/pulumi/proto/provider_pb";
import { HostRpcError } from "./host-rpc-error";
import { grpc, providerGrpcPb, providerPb, sdkDir, Struct } from "./sdk-modules";
import { wrapSecret, withoutUndefined } from "./wire-values";

export type PropertyMap = Record<string, unknown>;

/** A config value; `{secret}` is sent wrapped the way the engine sends secret stack config. */
export type ConfigValue = string | { secret: string };

export type DiffChanges = "unknown" | "none" | "some";

export interface CheckResponse {
    inputs: PropertyMap;
    failures: { property: string; reason: string }[];
}

export interface DiffResponse {
    changes: DiffChanges;
    replaces: string[];
    deleteBeforeReplace: boolean;
}

export interface ReadResponse {
    /** "" when the provider's `read` returned no id: the engine drops the resource. */
    id: string;
    outputs: PropertyMap;
    /** Present only when the provider's `read` returned `inputs` (SDK >= 3.216.0). */
    inputs?: PropertyMap;
}

export interface HostLogs {
    /** stdout lines after the port line: provider `console.log` output, shown by the CLI as unstructured logs. */
    stdout: string[];
    /** stderr lines: the host prints the stack of every failed check/diff/read/delete here. */
    stderr: string[];
}

export interface StartDynamicHostOptions {
    /** The host's working directory: the "program directory" from which serialized code resolves modules. */
    cwd: string;
    /** Becomes PULUMI_NODEJS_PROJECT: the prefix `config.get` adds to keys without a colon. */
    project: string;
    /** Extra environment; the host otherwise inherits this process's environment, as it inherits the CLI's. */
    env?: Record<string, string>;
    /** How long to wait for the port line; the host needs about 1 s. */
    startTimeoutMs?: number;
}

/**
 * Property maps go in and come out as plain JS objects. Undefined values are dropped before sending (the
 * harness must not trip over "Unexpected struct type" itself). Outputs are returned exactly as the host
 * sent them: the host answers acceptSecrets=false and never wraps outputs, but a provider that returns a
 * literal `{4dabf…: 1b47…, value}` object gets it through the Struct unchanged (observed on 3.248.0); the
 * wrapper is left in place here and HostEngine treats it as a secret, as the engine would.
 */
export interface DynamicHost {
    readonly pid: number;
    readonly port: number;
    configure(config: Record<string, ConfigValue>): Promise<{ acceptSecrets: boolean }>;
    check(urn: string, olds: PropertyMap, news: PropertyMap): Promise<CheckResponse>;
    diff(id: string, urn: string, oldOutputs: PropertyMap, news: PropertyMap, oldInputs?: PropertyMap): Promise<DiffResponse>;
    create(urn: string, inputs: PropertyMap): Promise<{ id: string; outputs: PropertyMap }>;
    read(id: string, urn: string, outputs: PropertyMap, inputs?: PropertyMap): Promise<ReadResponse>;
    update(id: string, urn: string, oldOutputs: PropertyMap, news: PropertyMap, oldInputs?: PropertyMap): Promise<{ outputs: PropertyMap }>;
    delete(id: string, urn: string, outputs: PropertyMap, oldInputs?: PropertyMap): Promise<void>;
    logs(): HostLogs;
    /** Peak resident set size (VmHWM) of the host process in KiB; undefined once it has exited. */
    peakMemoryKb(): number | undefined;
    isRunning(): boolean;
    /** Closes the channel and stops the process; resolves once it has exited. Safe to call twice. */
    close(): Promise<void>;
}

const HOST_ENTRY = path.join(sdkDir, "cmd", "dynamic-provider", "index.js");

// Hosts still running when this process exits (a test forgot close(), mocha --exit, a crash) are
// killed here, so no test run leaves a host process behind.
const liveHosts = new Set<ChildProcess>();
process.on("exit", () => {
    for (const child of liveHosts) {
        child.kill("SIGKILL");
    }
});

export async function startDynamicHost(options: StartDynamicHostOptions): Promise<DynamicHost> {
    // The address argument is required by the host but never dialled.
    const child = spawn(process.execPath, [HOST_ENTRY, "127.0.0.1:0"], {
        cwd: options.cwd,
        env: { ...process.env, ...childCoverageEnv(), PULUMI_NODEJS_PROJECT: options.project, ...options.env },
        stdio: ["ignore", "pipe", "pipe"],
    });
    liveHosts.add(child);
    let spawnError: Error | undefined;
    const exited = new Promise<void>((resolve) => {
        const done = () => {
            liveHosts.delete(child);
            resolve();
        };
        child.once("exit", done);
        // A spawn failure (e.g. a missing cwd) emits "error" and no "exit".
        child.once("error", (error) => {
            spawnError = error;
            done();
        });
    });

    const logs: HostLogs = { stdout: [], stderr: [] };
    readline.createInterface({ input: child.stderr! }).on("line", (line) => logs.stderr.push(line));
    const stdoutLines = readline.createInterface({ input: child.stdout! });

    let port: number;
    try {
        port = await readPortLine(options.cwd, child, stdoutLines, logs, exited.then(() => spawnError), options.startTimeoutMs ?? 15_000);
    } catch (error) {
        child.kill("SIGKILL");
        throw error;
    }
    stdoutLines.on("line", (line) => logs.stdout.push(line));

    const client = new providerGrpcPb.ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
    await new Promise<void>((resolve, reject) =>
        client.waitForReady(Date.now() + 5_000, (error) => (error ? reject(error) : resolve())));

    return new GrpcDynamicHost(child, port, client, logs, exited);
}

function readPortLine(
    cwd: string,
    child: ChildProcess,
    lines: readline.Interface,
    logs: HostLogs,
    exited: Promise<Error | undefined>,
    timeoutMs: number,
): Promise<number> {
    return new Promise<number>((resolve, reject) => {
        const timer = setTimeout(
            () => reject(new Error(`dynamic-provider host printed no port within ${timeoutMs} ms; stderr:\n${logs.stderr.join("\n")}`)),
            timeoutMs);
        lines.once("line", (line) => {
            clearTimeout(timer);
            const port = Number(line.trim());
            if (Number.isInteger(port) && port > 0) {
                resolve(port);
            } else {
                reject(new Error(`dynamic-provider host printed "${line}" instead of its port`));
            }
        });
        void exited.then((spawnError) => {
            clearTimeout(timer);
            reject(spawnError
                ? new Error(`could not start the dynamic-provider host in ${cwd}: ${spawnError.message} ` +
                    `(Node reports a missing cwd as the executable missing)`)
                : new Error(`dynamic-provider host exited with ${child.exitCode ?? child.signalCode} before printing its port; ` +
                    `stderr:\n${logs.stderr.join("\n")}`));
        });
    });
}

type ProviderClient = InstanceType<typeof providerGrpcPb.ResourceProviderClient>;
type UnaryCallback<Res> = (error: grpcTypes.ServiceError | null, response: Res) => void;

class GrpcDynamicHost implements DynamicHost {
    private closing?: Promise<void>;

    constructor(
        private readonly child: ChildProcess,
        readonly port: number,
        private readonly client: ProviderClient,
        private readonly hostLogs: HostLogs,
        private readonly exited: Promise<void>,
    ) {}

    get pid(): number {
        return this.child.pid!;
    }

    async configure(config: Record<string, ConfigValue>): Promise<{ acceptSecrets: boolean }> {
        const args: PropertyMap = {};
        for (const [key, value] of Object.entries(config)) {
            args[key] = typeof value === "string" ? value : wrapSecret(value.secret);
        }
        const request = new providerPb.ConfigureRequest().setArgs(toStruct(args));
        const response = await this.unary<ProviderMessages.ConfigureResponse>("configure", (cb) => this.client.configure(request, cb));
        return { acceptSecrets: response.getAcceptsecrets() };
    }

    async check(urn: string, olds: PropertyMap, news: PropertyMap): Promise<CheckResponse> {
        const request = new providerPb.CheckRequest()
            .setUrn(urn).setName(nameOf(urn)).setType(typeOf(urn))
            .setOlds(toStruct(olds)).setNews(toStruct(news));
        const response = await this.unary<ProviderMessages.CheckResponse>("check", (cb) => this.client.check(request, cb));
        return {
            inputs: fromStruct(response.getInputs()),
            failures: response.getFailuresList().map((f) => ({ property: f.getProperty(), reason: f.getReason() })),
        };
    }

    async diff(id: string, urn: string, oldOutputs: PropertyMap, news: PropertyMap, oldInputs?: PropertyMap): Promise<DiffResponse> {
        const request = new providerPb.DiffRequest()
            .setId(id).setUrn(urn).setName(nameOf(urn)).setType(typeOf(urn))
            .setOlds(toStruct(oldOutputs)).setNews(toStruct(news));
        if (oldInputs) {
            request.setOldInputs(toStruct(oldInputs));
        }
        const response = await this.unary<ProviderMessages.DiffResponse>("diff", (cb) => this.client.diff(request, cb));
        return {
            changes: DIFF_CHANGES[response.getChanges()],
            replaces: response.getReplacesList(),
            deleteBeforeReplace: response.getDeletebeforereplace(),
        };
    }

    async create(urn: string, inputs: PropertyMap): Promise<{ id: string; outputs: PropertyMap }> {
        const request = new providerPb.CreateRequest()
            .setUrn(urn).setName(nameOf(urn)).setType(typeOf(urn)).setProperties(toStruct(inputs));
        const response = await this.unary<ProviderMessages.CreateResponse>("create", (cb) => this.client.create(request, cb));
        return { id: response.getId(), outputs: fromStruct(response.getProperties()) };
    }

    async read(id: string, urn: string, outputs: PropertyMap, inputs?: PropertyMap): Promise<ReadResponse> {
        const request = new providerPb.ReadRequest()
            .setId(id).setUrn(urn).setName(nameOf(urn)).setType(typeOf(urn)).setProperties(toStruct(outputs));
        if (inputs) {
            request.setInputs(toStruct(inputs));
        }
        const response = await this.unary<ProviderMessages.ReadResponse>("read", (cb) => this.client.read(request, cb));
        const returnedInputs = response.getInputs();
        return {
            id: response.getId(),
            outputs: fromStruct(response.getProperties()),
            ...(returnedInputs ? { inputs: fromStruct(returnedInputs) } : {}),
        };
    }

    async update(id: string, urn: string, oldOutputs: PropertyMap, news: PropertyMap, oldInputs?: PropertyMap): Promise<{ outputs: PropertyMap }> {
        const request = new providerPb.UpdateRequest()
            .setId(id).setUrn(urn).setName(nameOf(urn)).setType(typeOf(urn))
            .setOlds(toStruct(oldOutputs)).setNews(toStruct(news));
        if (oldInputs) {
            request.setOldInputs(toStruct(oldInputs));
        }
        const response = await this.unary<ProviderMessages.UpdateResponse>("update", (cb) => this.client.update(request, cb));
        return { outputs: fromStruct(response.getProperties()) };
    }

    async delete(id: string, urn: string, outputs: PropertyMap, oldInputs?: PropertyMap): Promise<void> {
        const request = new providerPb.DeleteRequest()
            .setId(id).setUrn(urn).setName(nameOf(urn)).setType(typeOf(urn)).setProperties(toStruct(outputs));
        if (oldInputs) {
            request.setOldInputs(toStruct(oldInputs));
        }
        await this.unary("delete", (cb) => this.client.delete(request, cb));
    }

    logs(): HostLogs {
        return { stdout: [...this.hostLogs.stdout], stderr: [...this.hostLogs.stderr] };
    }

    peakMemoryKb(): number | undefined {
        try {
            const status = fs.readFileSync(`/proc/${this.pid}/status`, "utf8");
            const match = /^VmHWM:\s+(\d+)\s+kB$/m.exec(status);
            return match ? Number(match[1]) : undefined;
        } catch {
            return undefined;
        }
    }

    isRunning(): boolean {
        return this.child.exitCode === null && this.child.signalCode === null;
    }

    close(): Promise<void> {
        this.closing ??= this.stop();
        return this.closing;
    }

    private async stop(): Promise<void> {
        this.client.close();
        if (!this.isRunning()) {
            return this.exited;
        }
        this.child.kill("SIGTERM");
        const killLater = setTimeout(() => this.child.kill("SIGKILL"), 3_000);
        await this.exited;
        clearTimeout(killLater);
    }

    private unary<Res>(method: string, invoke: (callback: UnaryCallback<Res>) => unknown): Promise<Res> {
        return new Promise<Res>((resolve, reject) => {
            invoke((error, response) => (error ? reject(HostRpcError.fromServiceError(method, error)) : resolve(response)));
        });
    }
}

const DIFF_CHANGES: Record<number, DiffChanges> = {
    [providerPb.DiffResponse.DiffChanges.DIFF_UNKNOWN]: "unknown",
    [providerPb.DiffResponse.DiffChanges.DIFF_NONE]: "none",
    [providerPb.DiffResponse.DiffChanges.DIFF_SOME]: "some",
};

function toStruct(props: PropertyMap): StructType {
    return Struct.fromJavaScript(withoutUndefined(props) as Parameters<typeof Struct.fromJavaScript>[0]);
}

function fromStruct(struct: StructType | undefined): PropertyMap {
    return (struct?.toJavaScript() ?? {}) as PropertyMap;
}

// urn:pulumi:<stack>::<project>::<type>::<name>; the host ignores these fields, the engine always sends them.
function nameOf(urn: string): string {
    return urn.split("::").pop() ?? "";
}

function typeOf(urn: string): string {
    return urn.split("::")[2] ?? "";
}
