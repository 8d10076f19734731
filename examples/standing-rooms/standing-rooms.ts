import * as pulumi from "@pulumi/pulumi";
import { OpenTalkInvite, OpenTalkMeeting, OpenTalkRoom } from "pulumi-opentalk";
import type { RoomsFile } from "./rooms-file";

export interface StandingRooms {
  /** Room name → the link members open. */
  roomLinks: Record<string, pulumi.Output<string>>;
  /**
   * Room name → guest link name → guest link, for the links the file names. Secret. Up to OpenTalk 0.34 each is its
   * own invite code; from 0.35 each is the room link (guests join by it while the room lets them in).
   */
  guestLinks: pulumi.Output<Record<string, Record<string, string | null>>>;
  /**
   * Room name → the room's own guest link (OpenTalk 0.35+: the room link when the room lets guests in), or null: a room
   * that shuts guests out, or an older OpenTalk, where guests need the links above. Secret.
   */
  roomGuestLinks: pulumi.Output<Record<string, string | null>>;
}

/**
 * One resource per entry of the rooms file — an OpenTalkMeeting when the entry has a title (a standing room people
 * find in their dashboard, which OpenTalk's room-cleanup job keeps), else a plain OpenTalkRoom — and one
 * OpenTalkInvite per guest link. Resource names are the entry names (`weekly`, `weekly/customer-acme`), so renaming
 * an entry replaces it, and the preview of a pull request names exactly the rooms and links it touches.
 */
export function declareStandingRooms(file: RoomsFile, config: pulumi.Config): StandingRooms {
  const roomLinks: Record<string, pulumi.Output<string>> = {};
  const guestLinks: Record<string, Record<string, pulumi.Output<string | null>>> = {};
  const roomGuestLinks: Record<string, pulumi.Output<string | null>> = {};
  for (const [name, spec] of Object.entries(file.rooms)) {
    const settings = {
      password: spec.passwordConfig ? config.requireSecret(spec.passwordConfig) : undefined,
      waitingRoom: spec.waitingRoom,
      guestAccess: spec.guestAccess,
      e2eEncryption: spec.e2eEncryption,
      sip: spec.sip,
      name: spec.name,
    };
    const room = spec.title
      ? new OpenTalkMeeting(name, { ...settings, title: spec.title, description: spec.description, adoptEventId: spec.adoptEventId })
      : new OpenTalkRoom(name, { ...settings, adoptRoomId: spec.adoptRoomId });
    roomLinks[name] = room.roomLink;
    roomGuestLinks[name] = room.guestLink;
    guestLinks[name] = {};
    for (const [linkName, link] of Object.entries(spec.guestLinks)) {
      const invite = new OpenTalkInvite(`${name}/${linkName}`, { roomId: room.roomId, expiresAt: link.expiresAt });
      guestLinks[name][linkName] = invite.guestLink;
    }
  }
  return {
    roomLinks,
    guestLinks: pulumi.secret(pulumi.output(guestLinks)) as StandingRooms["guestLinks"],
    roomGuestLinks: pulumi.secret(pulumi.output(roomGuestLinks)) as StandingRooms["roomGuestLinks"],
  };
}

