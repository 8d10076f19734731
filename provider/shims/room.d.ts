import type * as pulumi from "@pulumi/pulumi";
/** The serialized provider of OpenTalkRoom (see room.js). */
declare const roomProvider: pulumi.dynamic.ResourceProvider;
export = roomProvider;
