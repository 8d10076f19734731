// A tiny dynamic provider for the harness self-tests, independent of pulumi-opentalk. Its "server" is a
// directory with one JSON file per record; the directory comes in as an input so nothing is captured but
// the object itself. Every method requires what it needs inside its body because the object is
// serialized into `__provider` and runs inside the host process.
import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";

export interface FileRecordInputs {
    /** Where the "server" keeps its records. */
    serverDir: string;
    /** Changing it replaces the record. */
    name: string;
    /** Changing it updates the record in place. */
    size?: number;
    /** A string the provider echoes, for secret-propagation tests. */
    label?: string;
    /** Ask `diff` for delete-before-replace. */
    deleteBeforeReplace?: boolean;
    /** `diff` returns `{}` so the host answers DIFF_UNKNOWN and the engine compares inputs itself. */
    leaveDiffToEngine?: boolean;
    /** `create`/`update` write the record, then throw an error carrying its id (an init failure). */
    failAfterWrite?: boolean;
    /**
     * Leave `__provider` out of the init failure's properties. The engine records those properties as the
     * outputs, and Delete/Read load the provider from the outputs, so such a resource cannot be deleted.
     */
    dropProviderFromFailure?: boolean;
    /** `create` puts an undefined value into its outputs. */
    returnUndefinedOutput?: boolean;
}

export interface FileRecordOutputs extends FileRecordInputs {
    recordId: string;
    /** sha256 of the `harness:token` config value seen by `configure`, or "none". */
    tokenHash: string;
    /** Length of the value `config.get("token")` returns, to prove the project prefix is added. */
    unprefixedTokenLength: number;
    revision: number;
}

interface FileRecordProvider extends pulumi.dynamic.ResourceProvider<FileRecordInputs, FileRecordOutputs> {
    config?: pulumi.dynamic.Config;
}

export const fileRecordProvider: FileRecordProvider = {
    async configure(req) {
        // Stored before any await: the host caches the instance before configure() settles.
        this.config = req.config;
    },

    async check(olds, news) {
        const unknown = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
        const failures: pulumi.dynamic.CheckFailure[] = [];
        if (typeof news.name !== "string" || news.name === "") {
            failures.push({ property: "name", reason: "name is required" });
        }
        if (typeof news.size === "number" && news.size < 0) {
            failures.push({ property: "size", reason: "size must not be negative" });
        }
        if ((news.size as unknown) === unknown) {
            return { inputs: news };
        }
        return { inputs: { ...news, size: news.size ?? 1 }, failures };
    },

    async diff(_id, olds, news) {
        if (news.leaveDiffToEngine) {
            return {};
        }
        const replaces = olds.name !== news.name ? ["name"] : [];
        const changes = replaces.length > 0 || olds.size !== news.size || olds.label !== news.label;
        return { changes, replaces, deleteBeforeReplace: news.deleteBeforeReplace === true };
    },

    async create(inputs) {
        const fs = require("fs") as typeof import("fs");
        const path = require("path") as typeof import("path");
        const crypto = require("crypto") as typeof import("crypto");
        const recordId = crypto.randomUUID();
        const record = { name: inputs.name, size: inputs.size, label: inputs.label, revision: 1 };
        fs.writeFileSync(path.join(inputs.serverDir, `${recordId}.json`), JSON.stringify(record));
        fs.appendFileSync(path.join(inputs.serverDir, "operations.log"), `create ${recordId}\n`);
        const token = this.config?.get("harness:token");
        const outs: Record<string, unknown> = {
            ...inputs,
            recordId,
            tokenHash: token === undefined ? "none" : crypto.createHash("sha256").update(token).digest("hex"),
            unprefixedTokenLength: (this.config?.get("token") ?? "").length,
            revision: 1,
        };
        delete outs.__provider;
        if (inputs.failAfterWrite) {
            const properties = inputs.dropProviderFromFailure ? outs : { ...outs, __provider: (inputs as any).__provider };
            throw Object.assign(new Error(`record ${recordId} was written but did not start`),
                { id: recordId, properties, reasons: ["did not start"] });
        }
        if (inputs.returnUndefinedOutput) {
            outs.missing = undefined;
        }
        return { id: recordId, outs: outs as unknown as FileRecordOutputs };
    },

    async read(id, props) {
        const fs = require("fs") as typeof import("fs");
        const path = require("path") as typeof import("path");
        const file = path.join(props!.serverDir, `${id}.json`);
        if (!fs.existsSync(file)) {
            return {};
        }
        const record = JSON.parse(fs.readFileSync(file, "utf8"));
        const live = { ...props!, name: record.name, size: record.size, revision: record.revision };
        const inputs: Record<string, unknown> = { ...live };
        for (const outputOnly of ["recordId", "tokenHash", "unprefixedTokenLength", "revision", "__provider"]) {
            delete inputs[outputOnly];
        }
        return { id, props: live, inputs: inputs as unknown as FileRecordOutputs };
    },

    async update(id, olds, news) {
        const fs = require("fs") as typeof import("fs");
        const path = require("path") as typeof import("path");
        const revision = olds.revision + 1;
        fs.writeFileSync(path.join(news.serverDir, `${id}.json`),
            JSON.stringify({ name: news.name, size: news.size, label: news.label, revision }));
        fs.appendFileSync(path.join(news.serverDir, "operations.log"), `update ${id}\n`);
        const outs: Record<string, unknown> = { ...olds, ...news, revision };
        delete outs.__provider;
        if (news.failAfterWrite) {
            throw Object.assign(new Error(`record ${id} was updated but did not start`),
                { id, properties: { ...outs, __provider: (news as any).__provider }, reasons: ["did not start after update"] });
        }
        return { outs: outs as unknown as FileRecordOutputs };
    },

    async delete(id, props) {
        const fs = require("fs") as typeof import("fs");
        const path = require("path") as typeof import("path");
        fs.rmSync(path.join(props.serverDir, `${id}.json`), { force: true });
        fs.appendFileSync(path.join(props.serverDir, "operations.log"), `delete ${id}\n`);
    },
};

/** The server's operation log: lines such as "create <id>", in the order the host ran them. */
export function readOperations(serverDir: string): string[] {
    const file = path.join(serverDir, "operations.log");
    return fs.existsSync(file) ? fs.readFileSync(file, "utf8").trim().split("\n").filter(Boolean) : [];
}

/** A program-side resource class for the provider, declared like pulumi-opentalk's resources. */
export class FileRecord extends pulumi.dynamic.Resource {
    declare readonly recordId: pulumi.Output<string>;
    declare readonly name: pulumi.Output<string>;
    declare readonly size: pulumi.Output<number>;
    declare readonly label: pulumi.Output<string | undefined>;
    declare readonly tokenHash: pulumi.Output<string>;
    declare readonly revision: pulumi.Output<number>;

    constructor(name: string, args: pulumi.Inputs, opts?: pulumi.CustomResourceOptions) {
        super(fileRecordProvider, name,
            { recordId: undefined, tokenHash: undefined, revision: undefined, label: undefined, size: undefined, ...args },
            opts, "harness", "FileRecord");
    }
}
