import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import * as path from "node:path";

const ROOT = path.join(__dirname, "../..");

/**
 * What `npm pack` (and so a tarball, a git install or the registry) puts in the package: the built code with its types
 * and shims, the README and the licence — nothing from the tests, the sandbox, the examples or local state. Read from
 * `npm pack --dry-run --json`, which lists exactly what a publish would upload. Needs `npm run build` first.
 */
describe("the package as npm packs it", () => {
  let files: string[];
  before(function () {
    this.timeout(60_000);
    const out = execFileSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], { cwd: ROOT, encoding: "utf8" });
    files = (JSON.parse(out) as Array<{ files: Array<{ path: string }> }>)[0]!.files.map((file) => file.path);
  });

  it("holds the built code, its types, the shims, the command line, the policies, the README and the licence", () => {
    for (const file of [
      "package.json",
      "README.md",
      "dist/LICENSE",
      "dist/index.js",
      "dist/index.d.ts",
      "dist/shims/room.js",
      "dist/shims/invite.js",
      "dist/shims/meeting.js",
      "dist/shims/shim-for.js",
      "dist/shims/room.d.ts",
      "dist/runtime/entry.js",
      "dist/cli/main.js",
      "dist/policy/index.js",
    ]) {
      assert.ok(files.includes(file), `${file} is packed`);
    }
    assert.match(readFileSync(path.join(ROOT, "dist/LICENSE"), "utf8"), /Apache License\s+Version 2\.0/, "the licence package.json names");
  });

  it("holds nothing else: no tests, sandbox, examples, sources or local state", () => {
    const stray = files.filter((file) => !file.startsWith("dist/") && file !== "package.json" && file !== "README.md");
    assert.deepEqual(stray, []);
    assert.deepEqual(files.filter((file) => /\.tsbuildinfo$|\/\.sandbox\/|\.pulumi-state|bench-results/.test(file)), []);
    // The build writes source maps for the coverage run; they point at provider/*.ts, which is not shipped.
    assert.deepEqual(files.filter((file) => file.endsWith(".map")), []);
  });

  it("packs every file package.json points to (exports, bin, main, types)", () => {
    const manifest = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as {
      main: string;
      types: string;
      bin: Record<string, string>;
      exports: Record<string, string | Record<string, string>>;
    };
    const targets = [manifest.main, manifest.types, ...Object.values(manifest.bin)];
    for (const target of Object.values(manifest.exports)) {
      for (const file of typeof target === "string" ? [target] : Object.values(target)) if (!file.includes("*")) targets.push(file);
    }
    for (const target of targets) assert.ok(files.includes(target.replace(/^\.\//, "")), `${target} is packed`);
  });

  it("builds itself when installed from git (a prepare script), so a git URL gives a working package", () => {
    const manifest = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> };
    assert.equal(manifest.scripts.prepare, "npm run build");
  });
});
