import { sameId } from "./ids";
import { desiredRoomSettings, type RoomInputs, type RoomOutputs } from "./room-state";
import { isUnknown } from "./unknown";

/** The body of `PATCH /v1/rooms/{id}`: only what changes. */
export interface RoomPatch {
  password?: string | null;
  /** OpenTalk 0.35+; null removes the name (and with it the alias). */
  name?: string | null;
  waiting_room?: boolean;
  guest_access?: string;
  e2e_encryption?: boolean;
}

export type SipStep = { action: "put"; lobby: boolean } | { action: "delete" };

export interface RoomPlan {
  /** Input names whose change needs a new room. */
  replaces: string[];
  /** Input names that change in place. */
  changes: string[];
  /** undefined when nothing is to be patched: never send an empty PATCH. */
  patch?: RoomPatch;
  sip?: SipStep;
}

/** What the room looks like now, as far as the plan cares (the recorded outputs, or a live room being adopted). */
export type CurrentRoom = Pick<RoomOutputs, "password" | "waitingRoom" | "guestAccess" | "e2eEncryption" | "sip"> &
  Partial<Pick<RoomOutputs, "roomId" | "adoptRoomId" | "name">>;

export interface RoomPlanOptions {
  /**
   * What an omitted `sip` means: "off" for rooms (a plain room has no dial-in unless asked), "unmanaged" for
   * meetings (OpenTalk gives every meeting dial-in; only a declared `sip` changes that).
   */
  sipWhenOmitted?: "off" | "unmanaged";
}

/**
 * Decide how to bring a room from `current` to the wanted `inputs`. Used by diff (which only needs to know
 * whether and what) and by update and adoption (which carry it out), so the two can never disagree.
 *
 * - Omitted settings mean the controller's defaults (no password, no waiting room, no encryption, no SIP),
 *   except `guestAccess`, which is managed only when set: controllers before 0.35 do not know it.
 * - `adoptRoomId` matters only when it names another room than the one managed: adding the managed room's own id,
 *   or removing the property after adoption, changes nothing. Ids are compared as the server reads them (sameId).
 * - A value unknown during preview counts as a change.
 * - When guest access is "disabled" (declared, or left alone and disabled on the server), every PATCH carries it:
 *   the controller checks the guest tariff on any PATCH that does not say `"guest_access": "disabled"`, so a
 *   tariff without guests could otherwise not change a password.
 */
export function planRoomUpdate(current: CurrentRoom, inputs: RoomInputs, options: RoomPlanOptions = {}): RoomPlan {
  const replaces: string[] = [];
  const changes: string[] = [];
  const patch: RoomPatch = {};
  let sip: SipStep | undefined;

  const adopt = inputs.adoptRoomId;
  if (adopt !== undefined && (isUnknown(adopt) || (!sameId(adopt, current.adoptRoomId) && !sameId(adopt, current.roomId)))) {
    replaces.push("adoptRoomId");
  }

  const unknown = (key: keyof RoomInputs) => isUnknown(inputs[key]);
  const wanted = desiredRoomSettings(inputs);

  if (unknown("password") || wanted.password !== (current.password ?? null)) {
    changes.push("password");
    patch.password = wanted.password;
  }
  if (unknown("name") || wanted.name !== (current.name ?? null)) {
    changes.push("name");
    patch.name = wanted.name;
  }
  if (unknown("waitingRoom") || wanted.waitingRoom !== current.waitingRoom) {
    changes.push("waitingRoom");
    patch.waiting_room = wanted.waitingRoom;
  }
  if (wanted.guestAccess !== undefined && (unknown("guestAccess") || wanted.guestAccess !== current.guestAccess)) {
    changes.push("guestAccess");
    patch.guest_access = wanted.guestAccess;
  }
  if (unknown("e2eEncryption") || wanted.e2eEncryption !== current.e2eEncryption) {
    changes.push("e2eEncryption");
    patch.e2e_encryption = wanted.e2eEncryption;
  }
  const currentSip = current.sip ?? { enabled: false, lobby: false };
  const sipManaged = inputs.sip !== undefined || options.sipWhenOmitted !== "unmanaged";
  const sipChanged =
    unknown("sip") || wanted.sip.enabled !== currentSip.enabled || (wanted.sip.enabled && wanted.sip.lobby !== currentSip.lobby);
  if (sipManaged && sipChanged) {
    changes.push("sip");
    sip = wanted.sip.enabled ? { action: "put", lobby: wanted.sip.lobby } : { action: "delete" };
  }

  // Encryption turned on shuts guests out too unless guest access is declared: from 0.34 the server refuses guest access
  // (even its default) together with encryption (400 invalid_guest_access); older releases ignore the field.
  if (patch.e2e_encryption === true && wanted.guestAccess === undefined) patch.guest_access = "disabled";
  const hasPatch = Object.keys(patch).length > 0;
  const guestsShutOut = wanted.guestAccess === "disabled" || (wanted.guestAccess === undefined && current.guestAccess === "disabled");
  if (hasPatch && guestsShutOut) patch.guest_access = "disabled";
  return { replaces, changes, patch: hasPatch ? patch : undefined, sip };
}
