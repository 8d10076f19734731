import * as pulumi from "@pulumi/pulumi";

/**
 * The one list of outputs that are always secret, per resource. An output is secret in Pulumi state only if the
 * same-named input was secret or the output is listed in `additionalSecretOutputs`; generated values such as an
 * invite code have no input, so they must be listed here. Merged into whatever options the caller passes.
 */
export const SECRET_OUTPUTS = {
  room: ["password", "sipPin"],
  invite: ["inviteCode", "guestLink"],
  meeting: ["password", "sipPin"],
} as const;

export function withSecretOutputs(
  opts: pulumi.CustomResourceOptions | undefined,
  secrets: readonly string[],
): pulumi.CustomResourceOptions {
  return pulumi.mergeOptions(opts, { additionalSecretOutputs: [...secrets] });
}
