import type { ServerCapabilities } from "../client/capabilities";
import type { SipStep } from "./room-plan";
import type { GuestAccess } from "./room-state";

/** What a room or meeting operation asks of the server, as far as releases differ in it. */
export interface ReleaseNeeds {
  kind: "room" | "meeting";
  /** create: a new room or meeting; adopt: taking one over; update: changing one. */
  operation: "create" | "adopt" | "update";
  name?: string | null;
  /** Only a declared guest access counts (an omitted one is the server's default). */
  guestAccess?: GuestAccess;
  /** The declared dial-in (undefined: not declared). */
  sip?: { enabled: boolean; lobby?: boolean };
  /** For updates and adoption: the SIP step the plan would take. */
  sipStep?: SipStep;
  /** For updates: whether the name changes. */
  nameChanges?: boolean;
}

/**
 * What the server's release cannot do of what the program asks, as `property: reason` lines naming the release and
 * the way out; empty when everything can be done. Checked before any change is made.
 */
export function releaseProblems(caps: ServerCapabilities, needs: ReleaseNeeds): string[] {
  const problems: string[] = [];
  const on = caps.label;
  const nameAsked = needs.operation === "update" ? needs.nameChanges && needs.name !== null : needs.name != null;
  if (nameAsked && !caps.roomNames) {
    problems.push(`name: room names need OpenTalk 0.35 or newer, and ${on} has none — remove name`);
  }
  if (needs.guestAccess !== undefined && !caps.guestAccess) {
    problems.push(
      `guestAccess: guest access settings need OpenTalk 0.34 or newer; on ${on} guests join with guest links ` +
        `(OpenTalkInvite) whatever a room says — remove guestAccess`,
    );
  }
  if (!caps.ownersManageSip) problems.push(...sipProblems(on, needs));
  const sipOn = needs.sip?.enabled === true;
  if (caps.callInNeedsGuestAccess && sipOn && needs.guestAccess === "disabled") {
    problems.push(
      `sip: ${on} refuses dial-in for rooms that shut guests out (OpenTalk 0.34+): set guestAccess to "waiting_room" ` +
        `or "direct_access", or turn sip off`,
    );
  }
  return problems;
}

/** Up to 0.33 no one but the controller itself may touch `/v1/rooms/{id}/sip` (see capabilities.ts). */
function sipProblems(on: string, needs: ReleaseNeeds): string[] {
  const why = `${on} does not let room owners change dial-in settings (OpenTalk 0.34+ does)`;
  if (needs.kind === "meeting") {
    return needs.sip === undefined ? [] : [`sip: ${why}; a meeting's dial-in stays as OpenTalk makes it — remove sip`];
  }
  if (needs.operation === "create") {
    return needs.sip?.enabled && needs.sip.lobby ? [`sip.lobby: ${why}; dial-in can only be switched on when the room is made, without a lobby — remove lobby`] : [];
  }
  if (needs.sipStep) {
    return [`sip: ${why}, so dial-in of an existing room cannot be switched ${needs.sipStep.action === "delete" ? "off" : "on or changed"} — keep sip as it was, or replace the room`];
  }
  return [];
}

/**
 * The link guests use. From OpenTalk 0.35 that is the room link itself, when the room lets guests in: guest access not
 * disabled, no end-to-end encryption, and a tariff with guests (the 0.35 guest check, RELEASES.md). Before 0.35 guests
 * need an invite code, so there is none here (OpenTalkInvite makes one).
 */
export function roomGuestLink(
  caps: ServerCapabilities,
  roomLink: string,
  room: { guestAccess: GuestAccess | null; e2eEncryption: boolean },
  tariffAllowsGuests: boolean,
): string | null {
  if (caps.inviteCodes) return null;
  const admits = room.guestAccess !== "disabled" && !room.e2eEncryption && tariffAllowsGuests;
  return admits ? roomLink : null;
}
