/**
 * The one list of outputs that are always secret, per resource. An output is secret in Pulumi state only if the
 * same-named input was secret or the output is listed in `additionalSecretOutputs`; generated values such as an
 * invite code have no input, so they must be listed here. Merged into whatever options the caller passes
 * (secret-outputs.ts). Kept free of @pulumi/pulumi so that `opentalk review` can blind them without loading the SDK.
 */
export const SECRET_OUTPUTS = {
  room: ["password", "sipPin", "guestLink"],
  invite: ["inviteCode", "guestLink"],
  meeting: ["password", "sipPin", "guestLink"],
} as const;
