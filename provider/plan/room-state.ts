/** Who may join a room without an invite, and how (controllers from 0.35). */
export type GuestAccess = "disabled" | "waiting_room" | "direct_access";
export const GUEST_ACCESS_VALUES: readonly GuestAccess[] = ["disabled", "waiting_room", "direct_access"];

export interface SipSettings {
  enabled: boolean;
  lobby?: boolean;
}

/** OpenTalkRoom's inputs after check: plain values (secrets arrive unwrapped in a provider). */
export interface RoomInputs {
  password?: string;
  waitingRoom?: boolean;
  guestAccess?: GuestAccess;
  e2eEncryption?: boolean;
  sip?: SipSettings;
  adoptRoomId?: string;
  /** OpenTalk 0.35+: the room's name, from which the server derives its alias. */
  name?: string;
}

/**
 * OpenTalkRoom's outputs, as stored in state. They are also what `diff` compares against (Pulumi gives diff the
 * old outputs, not the old inputs), so every managed setting is here in its effective form. Absent values are
 * `null`, never `undefined` (see struct-safe.ts).
 */
export interface RoomOutputs {
  roomId: string;
  roomLink: string;
  ownerId: string;
  ownerEmail: string;
  createdAt: string;
  password: string | null;
  waitingRoom: boolean;
  /** null: this controller does not know guest access (before 0.35) and it was never set. */
  guestAccess: GuestAccess | null;
  /** Write-only on the controller: this is what was last set, it cannot be read back. */
  e2eEncryption: boolean;
  sip: { enabled: boolean; lobby: boolean };
  sipId: string | null;
  sipPin: string | null;
  adoptRoomId: string | null;
  /** OpenTalk 0.35+: the declared name, as the server has it; null without one (and on older releases). */
  name: string | null;
  /** OpenTalk 0.35+: the alias the server derived from the name (`name` or `name_suffix`), or null. */
  alias: string | null;
  /**
   * The link guests use (secret). OpenTalk 0.35+: the room link, when the room lets guests in; null when it does not.
   * Before 0.35 guests need an invite code (OpenTalkInvite), so null.
   */
  guestLink: string | null;
}

/** The settings a room should have; omitted inputs mean the controller's defaults, except guest access. */
export interface DesiredRoomSettings {
  password: string | null;
  /** null: no name. */
  name: string | null;
  waitingRoom: boolean;
  /** undefined: not managed (omitted; older controllers do not know it). */
  guestAccess: GuestAccess | undefined;
  e2eEncryption: boolean;
  sip: { enabled: boolean; lobby: boolean };
}

export function desiredRoomSettings(inputs: RoomInputs): DesiredRoomSettings {
  return {
    password: inputs.password ?? null,
    name: inputs.name ?? null,
    waitingRoom: inputs.waitingRoom ?? false,
    guestAccess: inputs.guestAccess,
    e2eEncryption: inputs.e2eEncryption ?? false,
    sip: { enabled: inputs.sip?.enabled ?? false, lobby: inputs.sip?.enabled ? (inputs.sip.lobby ?? false) : false },
  };
}

/** The declared name, from the alias the server derived from it (`name` or `name_suffix`). */
export function nameOf(room: { alias?: string | null }): string | null {
  return room.alias ? room.alias.split("_")[0]! : null;
}

export function roomLink(webUrl: string, roomId: string): string {
  return `${webUrl}/room/${roomId}`;
}
