import * as pulumi from "@pulumi/pulumi";
import inviteProvider = require("../shims/invite");
import { resourceProps, SECRET_OUTPUTS, withSecretOutputs } from "./secret-outputs";

export interface OpenTalkInviteArgs {
  /** The room the guest link opens, typically `room.roomId`. A different room means a new link. */
  roomId: pulumi.Input<string>;
  /**
   * When the link stops working: an RFC 3339 time with a zone, such as `"2027-01-31T18:00:00Z"`. Omit for a link
   * that never expires. Changing it keeps the same link. An expiry that has passed is not an error: no link is made
   * for it (a warning says so), and a link that simply ran out stays recorded. OpenTalk 0.35 has no expiring links:
   * there `expiresAt` is refused before anything changes.
   */
  expiresAt?: pulumi.Input<string>;
}

/**
 * A guest link to a room. The link is a credential: `inviteCode` and `guestLink` are secret outputs.
 * - OpenTalk up to 0.34: an invite code (`POST /v1/rooms/{roomId}/invites`); a link revoked outside Pulumi is made
 *   anew by the next `pulumi up` after a refresh (with a new code); deleting the resource revokes the link.
 * - OpenTalk 0.35 and newer have no invite codes: guests join by the room link itself while the room lets them in.
 *   The resource then yields that link (and requires guest access to be on), refuses `expiresAt`, and deleting it
 *   revokes nothing — it warns that guests keep access until the room's `guestAccess` is `"disabled"`. A stack made
 *   on 0.34 converges after the upgrade: refresh turns its links into the room link and says so.
 */
export class OpenTalkInvite extends pulumi.dynamic.Resource {
  /** The room id. */
  declare readonly roomId: pulumi.Output<string>;
  /** The invite code (a UUID), or null on OpenTalk 0.35+ (no invite codes) or when no link was made. Secret. */
  declare readonly inviteCode: pulumi.Output<string | null>;
  /**
   * The link to give guests, secret: `{url}/room/{roomId}?invite={inviteCode}` up to 0.34, the room link `{url}/room/
   * {roomId}` from 0.35; null when no link was made (its expiry had already passed).
   */
  declare readonly guestLink: pulumi.Output<string | null>;
  /** The expiry as the server reports it, or null for a link that never expires. */
  declare readonly expiresAt: pulumi.Output<string | null>;
  /** Whether the link lets guests in now (false once expired, or while the room shuts guests out). */
  declare readonly active: pulumi.Output<boolean>;
  /** The OpenTalk user id of whoever made the link (the configured user). */
  declare readonly ownerId: pulumi.Output<string | null>;
  /** That user's email address. */
  declare readonly ownerEmail: pulumi.Output<string | null>;

  constructor(name: string, args: OpenTalkInviteArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      inviteProvider,
      name,
      resourceProps(["inviteCode", "guestLink", "active", "expiresAt", "ownerId", "ownerEmail"], args),
      withSecretOutputs(opts, SECRET_OUTPUTS.invite),
      "opentalk",
      "Invite",
    );
  }
}
