import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { SETTING_KEYS } from "../../provider/client";

const ROOT = path.join(__dirname, "../..");
const text = readFileSync(path.join(ROOT, "Pulumi.yaml"), "utf8");
const project = parse(text) as {
  name: string;
  main: string;
  runtime: { name: string; options: Record<string, unknown> };
  config?: Record<string, { type?: string; default?: unknown; value?: unknown; description?: string; secret?: boolean }>;
};

describe("Pulumi.yaml", () => {
  it("describes the opentalk-rooms project running the standing-rooms program with TypeScript", () => {
    assert.equal(project.name, "opentalk-rooms");
    assert.equal(project.runtime.name, "nodejs");
    assert.equal(project.runtime.options.typescript, true);
    assert.equal(project.main, "examples/standing-rooms");
    assert.ok(readFileSync(path.join(ROOT, project.main, "index.ts")));
    assert.ok(readFileSync(path.join(ROOT, String(project.runtime.options.tsconfig))));
  });

  it("documents every setting the client reads, with its environment variable, and marks the secret ones", () => {
    for (const [name, keys] of Object.entries(SETTING_KEYS)) {
      const line = text.split("\n").find((l) => l.includes(`#   ${keys.config} `));
      assert.ok(line, `${keys.config} (${name}) is documented in Pulumi.yaml`);
      assert.ok(line.includes(keys.env), `${keys.config} names ${keys.env}`);
      assert.equal(/secret/.test(line), keys.secret, `${keys.config} is ${keys.secret ? "" : "not "}marked secret`);
    }
  });

  // The CLI refuses a project file that breaks these rules (sdk/go/common/workspace/project.go, Validate): a key of
  // another namespace (such as opentalk:*) may carry only a value; a key of the project's own without a default must
  // be set in every stack.
  it("declares only keys the Pulumi CLI accepts in a project file", () => {
    for (const [key, declaration] of Object.entries(project.config ?? {})) {
      const ownNamespace = !key.includes(":") || key.startsWith(`${project.name}:`);
      assert.ok(ownNamespace, `${key} is not namespaced by the project, so it could only carry a value for every stack`);
      assert.ok(declaration.description, `${key} has a description`);
      assert.ok(!(declaration.default !== undefined && declaration.value !== undefined), `${key} has a default or a value, not both`);
      assert.ok(["string", "integer", "boolean", "array", "object"].includes(String(declaration.type)), `${key} has a type`);
      assert.ok(declaration.default !== undefined, `${key} has a default, so stacks need not set it`);
      assert.equal(typeof declaration.default, declaration.type === "integer" ? "number" : declaration.type, `${key}'s default fits its type`);
    }
  });
});
