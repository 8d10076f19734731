import * as pulumi from "@pulumi/pulumi";

/**
 * The one list of outputs that are always secret, per resource. An output is secret in Pulumi state only if the
 * same-named input was secret or the output is listed in `additionalSecretOutputs`; generated values such as an
 * invite code have no input, so they must be listed here. Merged into whatever options the caller passes.
 */
export const SECRET_OUTPUTS = {
  room: ["password", "sipPin", "guestLink"],
  invite: ["inviteCode", "guestLink"],
  meeting: ["password", "sipPin", "guestLink"],
} as const;

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
