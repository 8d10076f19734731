import { byteLength, checkOutcome, checkProperties, describe, describeName, isBoolean, oneOf, uuid, type CheckFailure, type CheckOutcome, type Rule } from "./check-failures";
import { roomName } from "./room-name";
import { GUEST_ACCESS_VALUES, type RoomInputs } from "./room-state";
import { UNKNOWN } from "./unknown";

/** SIP settings; during preview `enabled` or `lobby` may be unknown, but an unknown key is refused all the same. */
const sipRule: Rule = (value) => {
  if (typeof value !== "object" || Array.isArray(value)) return `must be an object { enabled: boolean; lobby?: boolean }, got ${describe(value)}`;
  const sip = value as Record<string, unknown>;
  const extra = Object.keys(sip).filter((key) => key !== "enabled" && key !== "lobby");
  if (extra.length) return `has no property ${describeName(extra[0]!)}; allowed: enabled, lobby`;
  if (sip.enabled === undefined) return "needs enabled: true or false";
  for (const key of ["enabled", "lobby"] as const) {
    if (sip[key] !== undefined && sip[key] !== UNKNOWN && typeof sip[key] !== "boolean") {
      return `${key} must be true or false, got ${describe(sip[key])}`;
    }
  }
  return undefined;
};

/** The rules of every room setting; meetings share them. */
export const ROOM_RULES: Record<keyof RoomInputs, Rule> = {
  password: byteLength(1, 255, "omit the password for a room without one"),
  waitingRoom: isBoolean,
  guestAccess: oneOf(GUEST_ACCESS_VALUES),
  e2eEncryption: isBoolean,
  sip: sipRule,
  adoptRoomId: uuid("the id of an existing room you own, as `opentalk rooms list` shows it"),
  name: roomName,
};

/**
 * OpenTalkRoom's check: every rule the controller would enforce, reported per property before any API call.
 * Values unknown during preview pass. Returns the inputs to record, without keys the user left out.
 */
export function checkRoomInputs(news: Record<string, unknown>): CheckOutcome {
  return checkOutcome(news, [...checkProperties(news, ROOM_RULES, "OpenTalkRoom"), ...roomConflicts(news, "room")]);
}

/**
 * Combinations the controller refuses, whatever the single values. Only known values conflict: during preview an
 * unknown one may turn out either way.
 */
export function roomConflicts(news: Record<string, unknown>, kind: "room" | "meeting"): CheckFailure[] {
  const failures: CheckFailure[] = [];
  const sip = news.sip as { enabled?: unknown } | undefined;
  if (news.e2eEncryption === true && sip && typeof sip === "object" && sip.enabled === true) {
    failures.push({
      property: "sip",
      reason: "SIP dial-in is not available for end-to-end encrypted rooms: set sip.enabled to false or e2eEncryption to false",
    });
  }
  // Controllers from 0.34 answer 400 invalid_guest_access (RELEASES.md, "0.34.0 … guest access").
  if (news.e2eEncryption === true && typeof news.guestAccess === "string" && news.guestAccess !== UNKNOWN && news.guestAccess !== "disabled") {
    failures.push({
      property: "guestAccess",
      reason: `must be "disabled" for an end-to-end encrypted ${kind} (OpenTalk refuses guests there)`,
    });
  }
  return failures;
}

/**
 * Guest links (OpenTalkInvite) on a room that shuts guests out: the controller refuses to make them (403
 * service_unavailable). An invite's own check cannot see its room's settings, so this is the rule for programs that
 * declare both from one place — the standing-rooms file check uses it.
 */
export function guestLinkConflicts(roomArgs: Record<string, unknown>): CheckFailure[] {
  const failures: CheckFailure[] = [];
  if (roomArgs.e2eEncryption === true) {
    failures.push({
      property: "e2eEncryption",
      reason: "guest links need a room that lets guests in, and an end-to-end encrypted room does not: remove e2eEncryption or the guest links",
    });
  }
  if (roomArgs.guestAccess === "disabled") {
    failures.push({
      property: "guestAccess",
      reason: 'guest links need a room that lets guests in: set guestAccess to "waiting_room" or "direct_access", or remove the guest links',
    });
  }
  return failures;
}
