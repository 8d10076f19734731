/** OpenTalkInvite's inputs after check. */
export interface InviteInputs {
  roomId: string;
  /** RFC 3339 instant with a zone; omitted = the link never expires. */
  expiresAt?: string;
}

/**
 * OpenTalkInvite's outputs, as stored in state (inviteCode and guestLink are secret outputs). The link takes one of
 * three forms:
 * - an invite code (OpenTalk up to 0.34): `inviteCode` set, `guestLink` = `{url}/room/{roomId}?invite={code}`;
 * - the room link (0.35+, which has no invite codes): `inviteCode` null, `guestLink` = `{url}/room/{roomId}`;
 * - none: a link declared with an expiry already past when it would have been made, so none was (both null).
 */
export interface InviteOutputs {
  roomId: string;
  inviteCode: string | null;
  guestLink: string | null;
  /** As the controller reports it (RFC 3339), or null for no expiry. */
  expiresAt: string | null;
  /** Whether the link lets guests in now (false once revoked or expired, or while the room shuts guests out). */
  active: boolean;
  /** Who made the link (the configured user): tells "room gone" from "not yours" when the controller says 403. */
  ownerId: string | null;
  ownerEmail: string | null;
}

/** The guest link form the web app uses today (`/invite/{code}` is the deprecated one). */
export function guestLink(webUrl: string, roomId: string, inviteCode: string): string {
  return `${webUrl}/room/${roomId}?invite=${inviteCode}`;
}
