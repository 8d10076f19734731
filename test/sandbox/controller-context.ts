/** What every controller route needs to know, passed explicitly instead of living in module globals. */
import type { Realm } from "./realm";
import type { SandboxStore } from "./store";
import type { ControllerVersion } from "./types";

export interface ControllerContext {
  store: SandboxStore;
  realm: Realm;
  version: ControllerVersion;
  /** The controller's `call_in.tel` setting: the dial-in number shown in events' `room.call_in`; `null` when unset. */
  callInTel: string | null;
  /** `http://127.0.0.1:P`, known once the listener is bound; used for pagination links. */
  controllerUrl(): string;
}

/** 0.35 added `guest_access` to rooms (and made it gate invites). */
export function knowsGuestAccess(ctx: ControllerContext): boolean {
  return ctx.version !== "0.29";
}
