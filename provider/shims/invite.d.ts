import type * as pulumi from "@pulumi/pulumi";
/** The serialized provider of OpenTalkInvite (see invite.js). */
declare const inviteProvider: pulumi.dynamic.ResourceProvider;
export = inviteProvider;
