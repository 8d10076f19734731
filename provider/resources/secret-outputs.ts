import * as pulumi from "@pulumi/pulumi";

import { SECRET_OUTPUTS } from "./secret-output-names";

export { SECRET_OUTPUTS };

/**
 * The props a dynamic resource registers: every output name first (as `undefined`, so Pulumi creates an Output for
 * it even when no input of that name is given, pulumi/pulumi#6587), then the args, with the password wrapped as a
 * secret so the engine stores it encrypted.
 */
export function resourceProps(outputNames: readonly string[], args: object & { password?: pulumi.Input<string> }): pulumi.Inputs {
  const props: pulumi.Inputs = { ...Object.fromEntries(outputNames.map((name) => [name, undefined])), ...args };
  if (args.password !== undefined) props.password = pulumi.secret(args.password);
  return props;
}

export function withSecretOutputs(
  opts: pulumi.CustomResourceOptions | undefined,
  secrets: readonly string[],
): pulumi.CustomResourceOptions {
  return pulumi.mergeOptions(opts, { additionalSecretOutputs: [...secrets] });
}
