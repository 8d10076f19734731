import * as pulumi from "@pulumi/pulumi";
import { OpenTalkInvite, OpenTalkMeeting, OpenTalkRoom } from "pulumi-opentalk";
import type { RoomsFile } from "./rooms-file";

export interface StandingRooms {
  /** Room name → the link members open. */
  roomLinks: Record<string, pulumi.Output<string>>;
  /** Room name → guest link name → guest link. Secret. */
  guestLinks: pulumi.Output<Record<string, Record<string, string>>>;
}

/**
 * One resource per entry of the rooms file — an OpenTalkMeeting when the entry has a title (a standing room people
 * find in their dashboard, which OpenTalk's room-cleanup job keeps), else a plain OpenTalkRoom — and one
 * OpenTalkInvite per guest link. Resource names are the entry names (`weekly`, `weekly/customer-acme`), so renaming
 * an entry replaces it, and the preview of a pull request names exactly the rooms and links it touches.
 */
export function declareStandingRooms(file: RoomsFile, config: pulumi.Config): StandingRooms {
  const roomLinks: Record<string, pulumi.Output<string>> = {};
  const guestLinks: Record<string, Record<string, pulumi.Output<string>>> = {};
  for (const [name, spec] of Object.entries(file.rooms)) {
    const settings = {
      password: spec.passwordConfig ? config.requireSecret(spec.passwordConfig) : undefined,
      waitingRoom: spec.waitingRoom,
      guestAccess: spec.guestAccess,
      e2eEncryption: spec.e2eEncryption,
      sip: spec.sip,
    };
    const room = spec.title
      ? new OpenTalkMeeting(name, { ...settings, title: spec.title, description: spec.description, adoptEventId: spec.adoptEventId })
      : new OpenTalkRoom(name, { ...settings, adoptRoomId: spec.adoptRoomId });
    roomLinks[name] = room.roomLink;
    guestLinks[name] = {};
    for (const [linkName, link] of Object.entries(spec.guestLinks)) {
      const invite = new OpenTalkInvite(`${name}/${linkName}`, { roomId: room.roomId, expiresAt: link.expiresAt });
      guestLinks[name][linkName] = invite.guestLink;
    }
  }
  return { roomLinks, guestLinks: pulumi.secret(pulumi.output(guestLinks)) as StandingRooms["guestLinks"] };
}

