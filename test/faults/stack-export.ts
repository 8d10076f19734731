// The fault stack's state as `pulumi stack export` writes it, for the command line's `--state`: Pulumi's
// UntypedDeployment `{version, deployment}` around a DeploymentV3 `{manifest, secrets_providers, resources}` of
// ResourceV3 records (pulumi/pulumi sdk/go/common/apitype/core.go), the stack resource first and every secret value
// encrypted (HostEngine.state() writes the ciphertext stand-ins a passphrase secrets manager would).
import { writeFileSync } from "node:fs";
import type { HostEngine } from "../harness/engine";

export function writeStackExport(engine: HostEngine, file: string): void {
  const resources = engine.state().resources;
  // `urn:pulumi:<stack>::<project>::<type>::<name>`: the stack resource is `…::pulumi:pulumi:Stack::<project>-<stack>`.
  const [prefix, project] = (resources[0]?.urn ?? "urn:pulumi:test::project").split("::");
  const stackUrn = `${prefix}::${project}::pulumi:pulumi:Stack::${project}-${prefix!.split(":").pop()}`;
  const document = {
    version: 3,
    deployment: {
      manifest: { time: new Date().toISOString(), magic: "0c8f5f6a5e0d2c7a", version: "v3.250.0" },
      secrets_providers: { type: "passphrase", state: { salt: "v1:c2FsdHNhbHQ=:v1:Zm9vYmFyYmF6:cXV4" } },
      resources: [
        { urn: stackUrn, custom: false, type: "pulumi:pulumi:Stack" },
        ...resources.map((resource) => ({ ...resource, custom: true, parent: stackUrn })),
      ],
    },
  };
  writeFileSync(file, JSON.stringify(document, null, 4));
}
