/**
 * The room rules that depend on the release: tariff features, guest access, end-to-end encryption and call-in.
 * Every rule reads the profile; the callers only say which rule applies where.
 */
import { apiErrors } from "./api-error";
import type { ControllerContext } from "./controller-context";
import type { SandboxRoom } from "./store";
import type { GuestAccess, SandboxTariff } from "./types";

type Feature = "core::call_in" | "core::guests_allowed";

export function requireFeature(ctx: ControllerContext, tariff: SandboxTariff, feature: Feature): void {
  const included = feature === "core::call_in" ? tariff.callIn : tariff.guestsAllowed;
  if (!included) throw apiErrors.featureMissing(ctx.profile.missingFeatureCode, feature);
}

/**
 * Whether guests may enter (0.35 one link) or get invites (0.34): not encrypted, `guest_access` not `disabled`, and
 * the owner's tariff has `guests_allowed` (inventory `is_room_guest_access_allowed`, read_file id 68502594399).
 * Releases without guest access have no such gate.
 */
export function guestsAdmitted(ctx: ControllerContext, room: SandboxRoom): boolean {
  if (!ctx.profile.guestAccess) return true;
  return !room.e2eEncryption && room.guestAccess !== "disabled" && ctx.store.tariffOf(room.ownerId).guestsAllowed;
}

/** `ensure_guest_access_valid` (SVC/utils.rs @ 46daa1b0): `disabled` passes; else no e2ee (400) and the guest feature (403). */
export function ensureGuestAccessValid(ctx: ControllerContext, guestAccess: GuestAccess, e2eEncryption: boolean, tariff: SandboxTariff): void {
  if (guestAccess === "disabled") return;
  if (e2eEncryption) throw apiErrors.invalidGuestAccess();
  requireFeature(ctx, tariff, "core::guests_allowed");
}

/**
 * May this room have call-in? ≤ 0.30: only the `call_in` feature (helpers `require_feature`). ≥ 0.34
 * `check_call_in` (inventory, read_file id 68502594399; mapped in SVC services/call_in.rs, read_file id
 * 68437665055): e2ee → guest access disabled → `call_in` → `guests_allowed`, in that order.
 */
export function checkCallIn(ctx: ControllerContext, room: Pick<SandboxRoom, "e2eEncryption" | "guestAccess">, tariff: SandboxTariff): void {
  if (ctx.profile.callInNeedsGuestAccess) {
    if (room.e2eEncryption) throw apiErrors.callInUnavailable("encrypted");
    if (room.guestAccess === "disabled") throw apiErrors.callInUnavailable("no-guests");
  }
  requireFeature(ctx, tariff, "core::call_in");
  if (ctx.profile.callInNeedsGuestAccess) requireFeature(ctx, tariff, "core::guests_allowed");
}

/**
 * Whether an event's `room.call_in` shows the dial-in data: the controller's `call_in.tel` is set, a SIP config
 * exists, the room is not encrypted and the event creator's tariff has `call_in` (`EventRoomInfo::from_room`,
 * BE/events/mod.rs @ v0.30.1 979–1003); ≥ 0.34 also guest access on and `guests_allowed` (`is_call_in_allowed`,
 * events/mod.rs @ 06448d1c).
 */
export function callInShown(ctx: ControllerContext, room: SandboxRoom): boolean {
  const tariff = ctx.store.tariffOf(room.ownerId);
  if (!ctx.callInTel || room.e2eEncryption || !tariff.callIn) return false;
  return !ctx.profile.callInNeedsGuestAccess || (room.guestAccess !== "disabled" && tariff.guestsAllowed);
}
