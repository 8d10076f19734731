/**
 * pulumi-opentalk used straight from a TypeScript program: one room with SIP dial-in, and a guest link for a
 * customer that stops working at the end of the quarter.
 *
 *   npm install pulumi-opentalk @pulumi/pulumi
 *   pulumi config set opentalk:url https://opentalk.example.org
 *   pulumi config set opentalk:username rooms-bot@example.org
 *   pulumi config set --secret opentalk:password …
 *   pulumi config set --secret standupPassword …
 *   pulumi up
 */
import * as pulumi from "@pulumi/pulumi";
import { OpenTalkInvite, OpenTalkRoom } from "pulumi-opentalk";

const config = new pulumi.Config();

const standup = new OpenTalkRoom(
  "standup",
  {
    password: config.requireSecret("standupPassword"),
    waitingRoom: true,
    guestAccess: "waiting_room",
    sip: { enabled: true, lobby: true },
  },
  { protect: true },
);

const customer = new OpenTalkInvite("standup-customer", {
  roomId: standup.roomId,
  expiresAt: "2027-03-31T18:00:00Z",
});

export const standupLink = standup.roomLink;
export const standupDialIn = standup.sipId;
export const customerGuestLink = customer.guestLink;
