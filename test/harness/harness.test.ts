// Self-tests of the host harness against the real dynamic-provider host, with a tiny file-backed provider
// that does not depend on pulumi-opentalk (it may not be built yet).
import * as assert from "assert";
import { createHash } from "crypto";
import * as fs from "fs";
import { createRequire } from "module";
import * as os from "os";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { DynamicHost, startDynamicHost } from "./dynamic-host";
import { HostEngine, ResourceGoal } from "./engine";
import { FileRecord, fileRecordProvider, readOperations } from "./file-record-provider";
import { prepareInstalledPackage } from "./fixture";
import { isHostRpcError } from "./host-rpc-error";
import { forwardingMocks, runProgram } from "./mocks";
import { UNKNOWN_VALUE, wrapSecret } from "./wire-values";

const REPO_ROOT = path.resolve(__dirname, "..", "..");
const PROJECT = "harness";
const TOKEN = "harness-token-7f3a9c";
const CONFIG = { "harness:token": { secret: TOKEN } };

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

function processExists(pid: number): boolean {
    try {
        process.kill(pid, 0);
        return true;
    } catch {
        return false;
    }
}

describe("dynamic-provider host harness", () => {
    let scratch: string;
    before(() => {
        scratch = fs.mkdtempSync(path.join(os.tmpdir(), "host-harness-"));
    });
    after(() => fs.rmSync(scratch, { recursive: true, force: true }));

    /** A fresh "server" directory per test, so operation logs do not mix. */
    function newServerDir(): string {
        return fs.mkdtempSync(path.join(scratch, "server-"));
    }

    describe("startDynamicHost", () => {
        it("stops the host process on close(), and close() may be called twice", async () => {
            const host = await startDynamicHost({ cwd: REPO_ROOT, project: PROJECT });
            assert.ok(host.port > 0);
            assert.ok(processExists(host.pid));
            await Promise.all([host.close(), host.close()]);
            assert.strictEqual(host.isRunning(), false);
            assert.strictEqual(processExists(host.pid), false);
            assert.strictEqual(host.peakMemoryKb(), undefined);
        });

        it("rejects with the reason when the host cannot start", async () => {
            await assert.rejects(
                startDynamicHost({ cwd: path.join(scratch, "missing-directory"), project: PROJECT }),
                /could not start the dynamic-provider host.*ENOENT/);
        });
    });

    describe("HostEngine on the real host", () => {
        let host: DynamicHost;
        let engine: HostEngine;
        let serverDir: string;

        before(async () => {
            // The provider is captured by value and only requires Node built-ins, so any cwd works.
            host = await startDynamicHost({ cwd: REPO_ROOT, project: PROJECT });
        });
        after(() => host?.close());
        beforeEach(() => {
            engine = new HostEngine(host, { project: PROJECT, config: CONFIG });
            serverDir = newServerDir();
        });

        const record = (props: Record<string, unknown>, name = "record"): ResourceGoal =>
            ({ name, provider: fileRecordProvider, props: { serverDir, name: "first", ...props }, module: "harness", type: "FileRecord" });

        it("answers Configure with acceptSecrets=false and reports the host's pid and peak memory", async () => {
            assert.deepStrictEqual(await host.configure({}), { acceptSecrets: false });
            assert.ok(processExists(host.pid));
            assert.ok((host.peakMemoryKb() ?? 0) > 10_000, "VmHWM should be tens of MB");
        });

        it("hands the provider a secret config value in plain, with the project prefix for bare keys", async () => {
            const [step] = await engine.up([record({})]);
            assert.strictEqual(step.ok, true, step.error?.message);
            assert.strictEqual(step.outputs!.tokenHash, sha256(TOKEN));
            assert.strictEqual(step.outputs!.unprefixedTokenLength, TOKEN.length);
            assert.ok(!JSON.stringify(engine.state()).includes(TOKEN));
        });

        it("takes a resource through create, no change, update, replace, refresh, recreate and destroy", async () => {
            const urn = engine.urnOf(record({}));
            assert.strictEqual(urn, "urn:pulumi:test::harness::pulumi-nodejs:dynamic/harness:FileRecord::record");

            const [created] = await engine.up([record({ size: 1 })]);
            assert.strictEqual(created.op, "create");
            const firstId = created.id!;
            assert.deepStrictEqual(readOperations(serverDir), [`create ${firstId}`]);

            const [unchanged] = await engine.up([record({ size: 1 })]);
            assert.strictEqual(unchanged.op, "same");
            assert.strictEqual(readOperations(serverDir).length, 1);

            const [updated] = await engine.up([record({ size: 2 })]);
            assert.strictEqual(updated.op, "update");
            assert.strictEqual(updated.id, firstId);
            assert.strictEqual(updated.outputs!.revision, 2);

            const [replaced] = await engine.up([record({ size: 2, name: "second" })]);
            assert.strictEqual(replaced.op, "replace");
            assert.strictEqual(replaced.deleteBeforeReplace, false);
            const secondId = replaced.id!;
            assert.deepStrictEqual(readOperations(serverDir).slice(-2), [`create ${secondId}`, `delete ${firstId}`]);

            const [replacedFirst] = await engine.up([record({ size: 2, name: "third", deleteBeforeReplace: true })]);
            assert.strictEqual(replacedFirst.op, "replace");
            assert.strictEqual(replacedFirst.deleteBeforeReplace, true);
            const thirdId = replacedFirst.id!;
            assert.deepStrictEqual(readOperations(serverDir).slice(-2), [`delete ${secondId}`, `create ${thirdId}`]);

            // Drift: the live size changes out of band; Read's returned inputs replace the stored ones, so
            // declaring the live value afterwards is no change.
            const recordFile = path.join(serverDir, `${thirdId}.json`);
            fs.writeFileSync(recordFile, JSON.stringify({ ...JSON.parse(fs.readFileSync(recordFile, "utf8")), size: 7 }));
            const [drifted] = await engine.refresh();
            assert.strictEqual(drifted.op, "refresh-update");
            assert.strictEqual(engine.get(urn)!.inputs.size, 7);
            assert.strictEqual(engine.get(urn)!.outputs.size, 7);
            assert.strictEqual((await engine.refresh())[0].op, "refresh-same");
            assert.strictEqual((await engine.up([record({ size: 7, name: "third", deleteBeforeReplace: true })]))[0].op, "same");

            fs.rmSync(recordFile);
            const [gone] = await engine.refresh();
            assert.strictEqual(gone.op, "refresh-gone");
            assert.deepStrictEqual(engine.resources(), []);

            const [recreated] = await engine.up([record({ size: 7, name: "third" })]);
            assert.strictEqual(recreated.op, "create");
            assert.notStrictEqual(recreated.id, thirdId);

            const [destroyed] = await engine.destroy();
            assert.deepStrictEqual([destroyed.op, destroyed.ok], ["delete", true]);
            assert.deepStrictEqual(engine.state(), { resources: [] });
            assert.deepStrictEqual(fs.readdirSync(serverDir), ["operations.log"]);
        });

        it("deletes resources that are no longer registered", async () => {
            await engine.up([record({}, "kept"), record({}, "dropped")]);
            const steps = await engine.up([record({}, "kept")]);
            assert.deepStrictEqual(steps.map((s) => s.op), ["same", "delete"]);
            assert.deepStrictEqual(engine.resources().map((r) => r.urn), [engine.urnOf(record({}, "kept"))]);
        });

        it("keeps __provider in inputs and outputs of the recorded state", async () => {
            await engine.up([record({})]);
            const [persisted] = engine.state().resources;
            assert.match(String(persisted.inputs.__provider), /^exports\.handler = /);
            assert.strictEqual(persisted.outputs.__provider, persisted.inputs.__provider);
        });

        it("compares inputs, __provider included, when diff() leaves the decision to the engine", async () => {
            const changedProvider = { ...fileRecordProvider, codeVersion: 2 };
            await engine.up([record({ leaveDiffToEngine: true })]);
            assert.strictEqual((await engine.up([record({ leaveDiffToEngine: true })]))[0].op, "same");
            const [afterCodeChange] = await engine.up([{ ...record({ leaveDiffToEngine: true }), provider: changedProvider }]);
            assert.strictEqual(afterCodeChange.op, "update");
            assert.match(String(engine.get(afterCodeChange.urn)!.outputs.__provider), /codeVersion: 2/);
        });

        it("keeps the old outputs, and so the old __provider, when diff() reports no change (#16826)", async () => {
            const changedProvider = { ...fileRecordProvider, codeVersion: 2 };
            await engine.up([record({})]);
            const [step] = await engine.up([{ ...record({}), provider: changedProvider }]);
            assert.strictEqual(step.op, "same");
            const stored = engine.get(step.urn)!;
            assert.match(String(stored.inputs.__provider), /codeVersion: 2/);
            assert.doesNotMatch(String(stored.outputs.__provider), /codeVersion/);
        });

        it("records a create that fails with an id as an init failure and updates it on the next up", async () => {
            const [failed] = await engine.up([record({ failAfterWrite: true })]);
            assert.deepStrictEqual([failed.op, failed.ok], ["create", false]);
            assert.ok(isHostRpcError(failed.error));
            assert.strictEqual(failed.error.code, 2);
            assert.match(failed.error.details, /was written but did not start/);
            assert.ok(failed.initFailure);
            assert.deepStrictEqual(failed.initFailure.reasons, ["did not start"]);
            const stored = engine.get(failed.urn)!;
            assert.strictEqual(stored.id, failed.initFailure.id);
            assert.deepStrictEqual(stored.initErrors, ["did not start"]);
            assert.strictEqual(stored.outputs.recordId, failed.initFailure.id);

            // Unchanged inputs apart from the failure switch would still be an update: init errors force one.
            const [retried] = await engine.up([record({})]);
            assert.deepStrictEqual([retried.op, retried.ok, retried.id], ["update", true, failed.initFailure.id]);
            assert.strictEqual(engine.get(failed.urn)!.initErrors, undefined);
        });

        it("cannot delete an init-failed resource whose failure properties lack __provider", async () => {
            await engine.up([record({ failAfterWrite: true, dropProviderFromFailure: true })]);
            const [deleted] = await engine.destroy();
            assert.strictEqual(deleted.ok, false);
            assert.match(deleted.error!.message, /code must be a string, not undefined/);
            assert.strictEqual(engine.resources().length, 1);
        });

        it("reports check failures and creates nothing", async () => {
            const [step] = await engine.up([record({ name: "", size: -1 })]);
            assert.deepStrictEqual([step.op, step.ok], ["check", false]);
            assert.deepStrictEqual(step.checkFailures, [
                { property: "name", reason: "name is required" },
                { property: "size", reason: "size must not be negative" },
            ]);
            assert.deepStrictEqual(engine.resources(), []);
            assert.deepStrictEqual(readOperations(serverDir), []);
        });

        it("fails with 'Unexpected struct type.' when create returns undefined in its outputs (#3012)", async () => {
            const [step] = await engine.up([record({ returnUndefinedOutput: true })]);
            assert.deepStrictEqual([step.op, step.ok], ["create", false]);
            assert.ok(isHostRpcError(step.error));
            assert.strictEqual(step.error.details, "Unexpected struct type.");
            assert.strictEqual(step.error.initFailure, undefined);
            assert.deepStrictEqual(engine.resources(), []);
            assert.strictEqual(readOperations(serverDir).length, 1, "the record was created and is now leaked");
        });

        it("previews with unknown inputs through Check and Diff only", async () => {
            const [planned] = await engine.preview([record({ size: UNKNOWN_VALUE })]);
            assert.deepStrictEqual([planned.op, planned.ok], ["create", true]);
            assert.strictEqual(planned.outputs!.size, UNKNOWN_VALUE);

            await engine.up([record({ size: 1 })]);
            const [plannedUpdate] = await engine.preview([record({ size: UNKNOWN_VALUE })]);
            assert.deepStrictEqual([plannedUpdate.op, plannedUpdate.ok], ["update", true]);
            assert.strictEqual(readOperations(serverDir).length, 1);
            assert.strictEqual(engine.get(plannedUpdate.urn)!.inputs.size, 1);
        });

        it("marks outputs secret like the engine and keeps their values out of state()", async () => {
            const [step] = await engine.up([{
                ...record({ label: wrapSecret("secret-label-value") }),
                additionalSecretOutputs: ["tokenHash"],
            }]);
            assert.strictEqual(step.outputs!.label, "secret-label-value");
            const stored = engine.get(step.urn)!;
            assert.deepStrictEqual(stored.secretInputs, ["label"]);
            assert.deepStrictEqual(stored.secretOutputs.sort(), ["label", "tokenHash"]);
            const persisted = JSON.stringify(engine.state());
            assert.ok(!persisted.includes("secret-label-value"));
            assert.ok(!persisted.includes(sha256(TOKEN)));
            assert.match(persisted, /"ciphertext":"v1:/);
        });

        it("runs 20 concurrent creates through one host", async () => {
            const goals = Array.from({ length: 20 }, (_, i) => record({ name: `record-${i}` }, `record-${i}`));
            const steps = await engine.up(goals);
            assert.deepStrictEqual(steps.map((s) => [s.op, s.ok]), goals.map(() => ["create", true]));
            assert.strictEqual(new Set(steps.map((s) => s.id)).size, 20);
            assert.strictEqual(fs.readdirSync(serverDir).filter((f) => f.endsWith(".json")).length, 20);
            const destroyed = await engine.destroy();
            assert.ok(destroyed.every((s) => s.ok));
        });
    });

    describe("prepareInstalledPackage", () => {
        let sourceDir: string;
        const fixtures: string[] = [];

        before(() => {
            sourceDir = path.join(scratch, "package-source");
            writeFakePackage(sourceDir);
        });
        after(() => fixtures.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

        function prepare(name: string, transform?: (relativePath: string, text: string) => string) {
            const fixture = prepareInstalledPackage(name, { sourceDir, transform });
            fixtures.push(fixture.dir);
            return fixture;
        }

        it("copies package.json and dist/ and resolves the package's dependencies from the repo", () => {
            const fixture = prepare("harness-self-test-copy");
            assert.strictEqual(fixture.dir, path.join(REPO_ROOT, "test", ".fixture", "harness-self-test-copy"));
            assert.ok(!fs.lstatSync(fixture.packageDir).isSymbolicLink());
            assert.ok(!fs.lstatSync(path.join(fixture.packageDir, "dist", "shim.js")).isSymbolicLink());

            const fromProgram = createRequire(path.join(fixture.dir, "index.js"));
            assert.strictEqual(fromProgram.resolve("pulumi-opentalk/dist/shim.js"), path.join(fixture.packageDir, "dist", "shim.js"));
            const fromPackage = createRequire(path.join(fixture.packageDir, "dist", "shim.js"));
            for (const dependency of ["undici", "zod", "@pulumi/pulumi"]) {
                assert.ok(fromPackage.resolve(dependency).startsWith(path.join(REPO_ROOT, "node_modules") + path.sep), dependency);
            }
        });

        it("asks for a build when dist/ is missing", () => {
            const empty = fs.mkdtempSync(path.join(scratch, "unbuilt-"));
            assert.throws(() => prepareInstalledPackage("harness-self-test-unbuilt", { sourceDir: empty }), /Run `npm run build` first/);
        });

        it("runs a shim installed in node_modules in the host, and an upgraded implementation after a restart", async () => {
            const fixture = prepare("harness-self-test-upgrade");
            const { fileShim } = require(path.join(fixture.packageDir, "dist", "shim.js"));
            const serverDir = newServerDir();
            const goal: ResourceGoal = { name: "shimmed", provider: fileShim, props: { serverDir } };

            const firstHost = await startDynamicHost({ cwd: fixture.dir, project: PROJECT });
            const engine = new HostEngine(firstHost, { project: PROJECT });
            try {
                const [created] = await engine.up([goal]);
                assert.strictEqual(created.ok, true, created.error?.message);
                assert.strictEqual(created.outputs!.implementation, 1);
                assert.ok(!String(created.outputs!.__provider).includes(fixture.dir), "no absolute paths in __provider");
            } finally {
                await firstHost.close();
            }
            assert.strictEqual(firstHost.isRunning(), false);
            assert.strictEqual(processExists(firstHost.pid), false, "the host process is gone after close()");

            prepare("harness-self-test-upgrade", (relativePath, text) =>
                relativePath === "dist/impl/record.js" ? text.replaceAll("implementation: 1", "implementation: 2") : text);
            const secondHost = await startDynamicHost({ cwd: fixture.dir, project: PROJECT });
            engine.useHost(secondHost);
            try {
                assert.strictEqual((await engine.up([goal]))[0].op, "same", "the shim text did not change");
                const [refreshed] = await engine.refresh();
                assert.strictEqual(refreshed.op, "refresh-update");
                assert.strictEqual(refreshed.outputs!.implementation, 2);
                assert.deepStrictEqual((await engine.destroy()).map((s) => s.ok), [true]);
            } finally {
                await secondHost.close();
            }
        });
    });

    describe("runProgram with forwardingMocks", () => {
        it("exports the provider's real outputs and keeps outputs of secret inputs secret", async () => {
            const serverDir = newServerDir();
            const mocks = forwardingMocks({ config: CONFIG, cwd: REPO_ROOT });
            const result = await runProgram(() => {
                const config = new pulumi.Config("harness");
                const plain = new FileRecord("plain", { serverDir, name: "plain", size: 3 });
                const hidden = new FileRecord("hidden", { serverDir, name: "hidden", label: pulumi.secret("secret-label") });
                return {
                    plainId: plain.recordId,
                    plainSize: plain.size,
                    hiddenLabel: hidden.label,
                    tokenHash: plain.tokenHash,
                    tokenIsSecret: config.requireSecret("token").apply(() => true),
                };
            }, { project: PROJECT, config: CONFIG, mocks });

            assert.strictEqual(result.outputs.plainSize, 3);
            assert.strictEqual(result.outputs.hiddenLabel, "secret-label");
            assert.strictEqual(result.outputs.tokenHash, sha256(TOKEN));
            assert.ok(fs.existsSync(path.join(serverDir, `${result.outputs.plainId}.json`)));
            assert.deepStrictEqual(result.secretOutputs, ["hiddenLabel", "tokenIsSecret"]);
            assert.deepStrictEqual(mocks.forwarded.map((r) => r.type), [
                "pulumi-nodejs:dynamic/harness:FileRecord", "pulumi-nodejs:dynamic/harness:FileRecord"]);
            assert.deepStrictEqual(mocks.forwarded.find((r) => r.name === "hidden")!.state.label, wrapSecret("secret-label"));
        });

        it("rejects with the registration failure instead of waiting for outputs that never resolve", async () => {
            const mocks = forwardingMocks({ cwd: REPO_ROOT });
            await assert.rejects(
                runProgram(() => ({ id: new FileRecord("invalid", { serverDir: newServerDir(), name: "" }).recordId }),
                    { project: PROJECT, mocks, timeoutMs: 5_000 }),
                /name is required/);
        });

        it("refuses imports, as the engine cannot import dynamic resources (#16175)", async () => {
            const mocks = forwardingMocks({ cwd: REPO_ROOT });
            await assert.rejects(
                runProgram(() => ({ id: new FileRecord("imported", { serverDir: newServerDir(), name: "x" }, { import: "abc" }).recordId }),
                    { project: PROJECT, mocks, timeoutMs: 5_000 }),
                /Cannot import/);
        });
    });
});

/**
 * A stand-in for the built pulumi-opentalk: a version-stable shim (the pattern of DYNAMIC-PROVIDERS.md §2)
 * whose methods load the implementation by package specifier inside the host.
 */
function writeFakePackage(dir: string): void {
    fs.mkdirSync(path.join(dir, "dist", "impl"), { recursive: true });
    fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "pulumi-opentalk", version: "0.0.0-test", main: "dist/shim.js" }));
    fs.writeFileSync(path.join(dir, "dist", "shim.js"), `"use strict";
exports.fileShim = {
    async create(inputs) { return require("pulumi-opentalk/dist/impl/record.js").create(inputs); },
    async read(id, props) { return require("pulumi-opentalk/dist/impl/record.js").read(id, props); },
    async delete(id, props) { return require("pulumi-opentalk/dist/impl/record.js").remove(id, props); },
};
`);
    fs.writeFileSync(path.join(dir, "dist", "impl", "record.js"), `"use strict";
const fs = require("fs");
const path = require("path");
const crypto = require("crypto");
const z = require("zod");
const serverDirSchema = z.string().min(1);
exports.create = async (inputs) => {
    const id = crypto.randomUUID();
    fs.writeFileSync(path.join(serverDirSchema.parse(inputs.serverDir), id + ".json"), "{}");
    return { id, outs: { serverDir: inputs.serverDir, implementation: 1 } };
};
exports.read = async (id, props) => ({ id, props: { ...props, implementation: 1 } });
exports.remove = async (id, props) => fs.rmSync(path.join(props.serverDir, id + ".json"));
`);
}
