import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { prepareInstalledPackage } from "../harness/fixture";

/** pulumi-opentalk/policy is a separate entry: @pulumi/policy is an optional peer, needed only by policy packs. */
describe("the pulumi-opentalk/policy entry", () => {
  let dir: string;
  before(() => {
    dir = prepareInstalledPackage("policy-entry").dir;
  });
  const node = (script: string) => execFileSync(process.execPath, ["-e", script], { cwd: dir, encoding: "utf8" }).trim();

  it("is never loaded by the main entry, which needs no @pulumi/policy", () => {
    const loaded = node(`require("pulumi-opentalk"); console.log(Object.keys(require.cache).filter((f) => f.includes("@pulumi/policy") || f.includes("/dist/policy/")).length)`);
    assert.equal(loaded, "0");
  });

  it("is reachable by its package export and lists the policies", () => {
    const names = node(`console.log(require("pulumi-opentalk/policy").openTalkPolicies().map((p) => p.name).join(" "))`);
    assert.equal(names.split(" ").length, 8);
  });

  it("declares @pulumi/policy as an optional peer, pinned for the tests", () => {
    const manifest = JSON.parse(readFileSync(path.join(__dirname, "../../package.json"), "utf8"));
    assert.equal(manifest.peerDependenciesMeta["@pulumi/policy"].optional, true);
    assert.equal(manifest.devDependencies["@pulumi/policy"], "1.21.0");
    assert.equal(manifest.dependencies["@pulumi/policy"], undefined);
    assert.deepEqual(manifest.exports["./policy"], { types: "./dist/policy/index.d.ts", default: "./dist/policy/index.js" });
  });
});
