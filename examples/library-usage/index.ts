/**
 * pulumi-opentalk used straight from a TypeScript program: a standing meeting (the kind of room OpenTalk's web app
 * makes, which its room-cleanup job keeps) with dial-in that waits in the lobby, and its guest link.
 *
 *   npm install pulumi-opentalk @pulumi/pulumi        (see README "Installing" while it is not on the registry)
 *   pulumi config set opentalk:url https://opentalk.example.org
 *   pulumi config set opentalk:clientId pulumi-opentalk                 (a Keycloak service account, or a user:
 *   pulumi config set --secret opentalk:clientSecret …                   opentalk:username and opentalk:password)
 *   pulumi config set --secret standupPassword …
 *   pulumi up
 */
import * as pulumi from "@pulumi/pulumi";
import { OpenTalkInvite, OpenTalkMeeting } from "pulumi-opentalk";

const config = new pulumi.Config();

const standup = new OpenTalkMeeting(
  "standup",
  {
    title: "Daily stand-up",
    password: config.requireSecret("standupPassword"),
    waitingRoom: true,
    guestAccess: "waiting_room",
    sip: { enabled: true, lobby: true },
  },
  { protect: true },
);

// OpenTalk up to 0.34: an invite code of its own, which could also expire (expiresAt). OpenTalk 0.35: the room link,
// which lets guests in while the meeting's guest access is on (an expiry is refused there).
const customer = new OpenTalkInvite("standup-customer", { roomId: standup.roomId });

export const standupLink = standup.roomLink;
export const standupDialIn = pulumi.interpolate`${standup.sipTel} id ${standup.sipId}`;
export const customerGuestLink = customer.guestLink;
