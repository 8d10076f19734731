import * as pulumi from "@pulumi/pulumi";
import roomProvider = require("../shims/room");
import type { GuestAccess } from "../plan/room-state";
import { resourceProps, SECRET_OUTPUTS, withSecretOutputs } from "./secret-outputs";

export type { GuestAccess };

/** SIP dial-in (telephone access) for a room. */
export interface OpenTalkRoomSip {
  /** Whether people can dial in by phone. Needs the `core::call_in` tariff feature. */
  enabled: pulumi.Input<boolean>;
  /** Put callers into the waiting room first. Default false. */
  lobby?: pulumi.Input<boolean>;
}

/** The settings of a room, shared by OpenTalkRoom and OpenTalkMeeting (whose room has the same ones). */
export interface OpenTalkRoomSettings {
  /** Room password, 1–255 bytes (UTF-8). Omit for a room without a password. Stored as a secret. */
  password?: pulumi.Input<string>;
  /** Let participants wait until a moderator admits them. Default false. */
  waitingRoom?: pulumi.Input<boolean>;
  /**
   * Who may join without an invite: `"disabled"`, `"waiting_room"` or `"direct_access"` (OpenTalk 0.35+).
   * Left to the server when omitted. Set `"disabled"` when your tariff does not allow guests.
   */
  guestAccess?: pulumi.Input<GuestAccess>;
  /** End-to-end encryption. Encrypted rooms cannot have guest links or SIP dial-in. Default false. */
  e2eEncryption?: pulumi.Input<boolean>;
  /**
   * OpenTalk 0.35+: the room's name, 3–40 characters of `a-z`, `0-9`, `.` and `-` (not a UUID). The server derives the
   * room's alias from it (`name`, or `name_suffix` with a random suffix). Changes in place; removing it removes the
   * alias. Refused on older releases.
   */
  name?: pulumi.Input<string>;
}

export interface OpenTalkRoomArgs extends OpenTalkRoomSettings {
  /** SIP dial-in. Default: off. */
  sip?: pulumi.Input<OpenTalkRoomSip>;
  /**
   * Take over an existing room (its id, as `opentalk rooms list` shows) instead of creating one; `pulumi import`
   * does not work for dynamic resources. The room must belong to the configured user; its settings are brought to
   * the ones declared here. Destroying the resource deletes the room (use `retainOnDelete` to keep it).
   */
  adoptRoomId?: pulumi.Input<string>;
}

/**
 * A plain OpenTalk room (`POST /v1/rooms`). It has no title and no meeting behind it, so it does not show in anyone's
 * OpenTalk dashboard, and the controller's room-cleanup job may delete it: for a room that should last, use
 * OpenTalkMeeting. Settings change in place; only a different `adoptRoomId` makes a new room. `pulumi refresh` reads
 * the room back, so changes made in the OpenTalk UI show up as drift, and a room deleted outside Pulumi is created
 * again by the next `pulumi up`.
 */
export class OpenTalkRoom extends pulumi.dynamic.Resource {
  /** The room's id. */
  declare readonly roomId: pulumi.Output<string>;
  /** The link members open: `{url}/room/{roomId}`. */
  declare readonly roomLink: pulumi.Output<string>;
  /** The OpenTalk user id of the owner (the configured user). */
  declare readonly ownerId: pulumi.Output<string>;
  /** The owner's email address. */
  declare readonly ownerEmail: pulumi.Output<string>;
  /** When the room was created (RFC 3339, UTC). */
  declare readonly createdAt: pulumi.Output<string>;
  /** The room password, or null. Secret. */
  declare readonly password: pulumi.Output<string | null>;
  /** Whether the waiting room is on. */
  declare readonly waitingRoom: pulumi.Output<boolean>;
  /** Guest access as the server reports it, or null on controllers before 0.35 when never set. */
  declare readonly guestAccess: pulumi.Output<GuestAccess | null>;
  /** Whether end-to-end encryption was set (the controller never reports it back). */
  declare readonly e2eEncryption: pulumi.Output<boolean>;
  /** The effective SIP settings. */
  declare readonly sip: pulumi.Output<{ enabled: boolean; lobby: boolean }>;
  /** The SIP dial-in id (10 digits), or null without SIP. */
  declare readonly sipId: pulumi.Output<string | null>;
  /** The SIP dial-in PIN (10 digits), or null without SIP. Secret. */
  declare readonly sipPin: pulumi.Output<string | null>;
  /** The adopted room's id, or null for a room this resource created. */
  declare readonly adoptRoomId: pulumi.Output<string | null>;
  /** OpenTalk 0.35+: the room's name, or null. */
  declare readonly name: pulumi.Output<string | null>;
  /** OpenTalk 0.35+: the alias the server derived from the name (`name` or `name_suffix`), or null. */
  declare readonly alias: pulumi.Output<string | null>;
  /**
   * The link guests use. Secret. On OpenTalk 0.35 and newer it is the room link itself, when the room lets guests in
   * (guest access not disabled, no end-to-end encryption, a tariff with guests), and null when it does not. Before
   * 0.35 guests need an invite code, so it is null: make guest links with OpenTalkInvite there.
   */
  declare readonly guestLink: pulumi.Output<string | null>;

  constructor(name: string, args: OpenTalkRoomArgs = {}, opts?: pulumi.CustomResourceOptions) {
    super(
      roomProvider,
      name,
      resourceProps(["password", "roomId", "roomLink", "ownerId", "ownerEmail", "createdAt", "guestAccess", "sipId", "sipPin", "waitingRoom", "e2eEncryption", "sip", "adoptRoomId", "name", "alias", "guestLink"], args),
      withSecretOutputs(opts, SECRET_OUTPUTS.room),
      "opentalk",
      "Room",
    );
  }
}
