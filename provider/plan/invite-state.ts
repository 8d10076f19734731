/** OpenTalkInvite's inputs after check. */
export interface InviteInputs {
  roomId: string;
  /** RFC 3339 instant with a zone; omitted = the link never expires. */
  expiresAt?: string;
}

/** OpenTalkInvite's outputs, as stored in state (inviteCode and guestLink are secret outputs). */
export interface InviteOutputs {
  roomId: string;
  inviteCode: string;
  guestLink: string;
  /** As the controller reports it (RFC 3339), or null for no expiry. */
  expiresAt: string | null;
  active: boolean;
  /** Who made the link (the configured user): tells "room gone" from "not yours" when the controller says 403. */
  ownerId: string | null;
  ownerEmail: string | null;
}

/** The guest link form the web app uses today (`/invite/{code}` is the deprecated one). */
export function guestLink(webUrl: string, roomId: string, inviteCode: string): string {
  return `${webUrl}/room/${roomId}?invite=${inviteCode}`;
}
