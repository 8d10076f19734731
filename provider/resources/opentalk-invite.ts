import * as pulumi from "@pulumi/pulumi";
import inviteProvider = require("../shims/invite");
import { resourceProps, SECRET_OUTPUTS, withSecretOutputs } from "./secret-outputs";

export interface OpenTalkInviteArgs {
  /** The room the guest link opens, typically `room.roomId`. A different room means a new link. */
  roomId: pulumi.Input<string>;
  /**
   * When the link stops working: an RFC 3339 time with a zone, such as `"2027-01-31T18:00:00Z"`. Omit for a link
   * that never expires. Changing it keeps the same link.
   */
  expiresAt?: pulumi.Input<string>;
}

/**
 * A guest link to a room (`POST /v1/rooms/{roomId}/invites`). The link is a credential: `inviteCode` and
 * `guestLink` are secret outputs. A link that is revoked or expires outside Pulumi is made anew by the next
 * `pulumi up` after a refresh (with a new code).
 */
export class OpenTalkInvite extends pulumi.dynamic.Resource {
  /** The room id. */
  declare readonly roomId: pulumi.Output<string>;
  /** The invite code (a UUID). Secret. */
  declare readonly inviteCode: pulumi.Output<string>;
  /** The link to give guests: `{url}/room/{roomId}?invite={inviteCode}`. Secret. */
  declare readonly guestLink: pulumi.Output<string>;
  /** The expiry as the server reports it, or null for a link that never expires. */
  declare readonly expiresAt: pulumi.Output<string | null>;
  /** Whether the link works (false once revoked). */
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
