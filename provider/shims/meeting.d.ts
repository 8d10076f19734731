import type * as pulumi from "@pulumi/pulumi";
/** The serialized provider of OpenTalkMeeting (see meeting.js). */
declare const meetingProvider: pulumi.dynamic.ResourceProvider;
export = meetingProvider;
