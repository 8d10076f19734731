import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { MINIMUM_CLI_VERSION } from "../../examples/standing-rooms/pulumi-cli";

const ROOT = path.join(__dirname, "../..");
const LAUNCHER = path.dirname(require.resolve("pulumi/package.json"));
const installed = JSON.parse(readFileSync(path.join(LAUNCHER, "package.json"), "utf8")) as {
  version: string;
  scripts?: Record<string, string>;
  gypfile?: boolean;
  engines?: { node?: string };
};
const ours = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as { devDependencies: Record<string, string> };
const lock = JSON.parse(readFileSync(path.join(ROOT, "package-lock.json"), "utf8")) as {
  packages: Record<string, { version: string; hasInstallScript?: boolean }>;
};

const numbers = (version: string) => version.split(".").map(Number);

describe("Pulumi's npm launcher (the pulumi devDependency npm start gets the CLI from)", () => {
  it("is pinned to one exact version, the one installed and locked", () => {
    assert.match(ours.devDependencies.pulumi, /^\d+\.\d+\.\d+$/, "an exact version: it decides which CLI npm start downloads");
    assert.equal(installed.version, ours.devDependencies.pulumi);
    assert.equal(lock.packages["node_modules/pulumi"].version, ours.devDependencies.pulumi);
  });

  it(`brings a CLI this stack supports (${MINIMUM_CLI_VERSION} or newer, within 3.x)`, () => {
    const [major, minor] = numbers(installed.version);
    const [minMajor, minMinor] = numbers(MINIMUM_CLI_VERSION);
    assert.ok(major === minMajor && minor >= minMinor, `launcher ${installed.version}`);
  });

  it("installs on Node 20, the oldest Node this package supports", () => {
    const lowest = /^>=\s*(\d+)/.exec(installed.engines?.node ?? ">=0")?.[1];
    assert.ok(lowest !== undefined && Number(lowest) <= 20, `engines.node is ${installed.engines?.node}`);
  });

  // npm ci must work offline and run nothing: a launcher that gained an install step (a download, a native build)
  // would break that, and must not come in with a version bump unnoticed.
  it("has no install scripts and nothing to build, so npm ci stays offline", () => {
    for (const script of ["preinstall", "install", "postinstall", "prepare"]) {
      assert.equal(installed.scripts?.[script], undefined, `the launcher's package.json has a "${script}" script`);
    }
    assert.notEqual(installed.gypfile, true, "the launcher declares a native build (gypfile)");
    assert.equal(existsSync(path.join(LAUNCHER, "binding.gyp")), false, "the launcher ships a binding.gyp, which npm would build");
    assert.notEqual(lock.packages["node_modules/pulumi"].hasInstallScript, true, "the lock file records an install script");
  });

  it("is the version the README and the GitOps workflow name", () => {
    for (const file of ["README.md", "examples/gitops/opentalk-rooms.yml"]) {
      const text = readFileSync(path.join(ROOT, file), "utf8");
      const named = [...text.matchAll(/(?:versions\/|pulumi-version: |(?<!\/)pulumi@|pinned at |launcher for )(\d+\.\d+\.\d+)/g)].map((m) => m[1]);
      assert.ok(named.length > 0, `${file} names the launcher's version`);
      assert.deepEqual([...new Set(named)], [installed.version], file);
    }
  });

  it("still offers what npm start uses from it: its cache folder rule, resolve and the download", () => {
    const { cacheDir } = require(path.join(LAUNCHER, "lib/cache.js")) as { cacheDir(version: string): string };
    const { resolve, isExecutable } = require(path.join(LAUNCHER, "lib/resolve.js")) as Record<string, unknown>;
    const { installCLI } = require(path.join(LAUNCHER, "lib/download.js")) as Record<string, unknown>;
    const home = process.env.PULUMI_HOME;
    try {
      process.env.PULUMI_HOME = "/pulumi-home";
      assert.equal(cacheDir("3.250.0"), path.join("/pulumi-home", "versions", "3.250.0"));
    } finally {
      if (home === undefined) delete process.env.PULUMI_HOME;
      else process.env.PULUMI_HOME = home;
    }
    assert.equal(typeof resolve, "function");
    assert.equal(typeof isExecutable, "function");
    assert.equal(typeof installCLI, "function");
  });
});
