// The example policy pack (examples/policy-pack), installed the way `npm install` in that folder would: a copy of
// its files next to a node_modules holding the built pulumi-opentalk (.ci/install-check runs the real install). Its other dependencies (@pulumi/policy,
// @pulumi/pulumi, typescript, ts-node) resolve from the repository's node_modules, as the fixture lives inside it.
import { copyFileSync } from "node:fs";
import * as path from "node:path";
import { prepareInstalledPackage } from "../harness/fixture";

export const EXAMPLE_PACK = path.join(__dirname, "../../examples/policy-pack");
export const PACK_FILES = ["package.json", "PulumiPolicy.yaml", "index.ts", "policy-config.json"];

/**
 * test/.fixture/<name>/: the pack's files and node_modules/pulumi-opentalk. Needs `npm run build` first.
 * `OPENTALK_POLICY_PACK_DIR` names a pack installed with its own `npm install` instead (.ci/install-check).
 */
export function preparePolicyPack(name = "policy-pack"): string {
  const installed = process.env.OPENTALK_POLICY_PACK_DIR;
  if (installed) return installed;
  const { dir } = prepareInstalledPackage(name);
  for (const file of PACK_FILES) copyFileSync(path.join(EXAMPLE_PACK, file), path.join(dir, file));
  return dir;
}
