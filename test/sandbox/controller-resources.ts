/**
 * Records → the controller's JSON resources, field for field as the real controller serialises them
 * (including what it leaves out: a room's `password` when there is none, `e2e_encryption` always,
 * `guest_access` before 0.35).
 */
import * as crypto from "node:crypto";
import { ControllerContext, knowsGuestAccess } from "./controller-context";
import type { SandboxControllerUser, SandboxInvite, SandboxRoom, SandboxSipConfig } from "./store";
import type { SandboxTariff } from "./types";

export function publicUserProfile(user: SandboxControllerUser | undefined): Record<string, unknown> {
  if (!user) throw new Error("sandbox state refers to a user that does not exist");
  return {
    id: user.id,
    email: user.email,
    title: "",
    firstname: user.firstname,
    lastname: user.lastname,
    display_name: `${user.firstname} ${user.lastname}`.trim(),
    avatar_url: `https://gravatar.com/avatar/${crypto.createHash("md5").update(user.email).digest("hex")}`,
  };
}

export function privateUserProfile(user: SandboxControllerUser): Record<string, unknown> {
  const { id, email, title, firstname, lastname, display_name, avatar_url } = publicUserProfile(user);
  return {
    id,
    email,
    title,
    firstname,
    lastname,
    display_name,
    dashboard_theme: "system",
    conference_theme: "system",
    avatar_url,
    language: "en",
    tariff_status: "default",
    used_storage: 0,
  };
}

export function roomResource(ctx: ControllerContext, room: SandboxRoom): Record<string, unknown> {
  const resource: Record<string, unknown> = {
    id: room.id,
    created_by: publicUserProfile(ctx.store.userById(room.ownerId)),
    created_at: room.createdAt,
  };
  if (room.password !== null) resource.password = room.password;
  resource.waiting_room = room.waitingRoom;
  if (knowsGuestAccess(ctx)) resource.guest_access = room.guestAccess;
  return resource;
}

export function inviteResource(ctx: ControllerContext, invite: SandboxInvite): Record<string, unknown> {
  return {
    invite_code: invite.code,
    created: invite.createdAt,
    created_by: publicUserProfile(ctx.store.userById(invite.createdById)),
    updated: invite.updatedAt,
    updated_by: publicUserProfile(ctx.store.userById(invite.updatedById)),
    room_id: invite.roomId,
    active: invite.active,
    expiration: invite.expiration,
  };
}

export function sipConfigResource(config: SandboxSipConfig): Record<string, unknown> {
  return { room: config.roomId, sip_id: config.sipId, password: config.password, lobby: config.lobby };
}

/** Feature names are the controller's `core::<feature>` ids without the module prefix, as the tariff lists them. */
export function tariffResource(tariff: SandboxTariff): Record<string, unknown> {
  const features = [...(tariff.callIn ? ["call_in"] : []), ...(tariff.guestsAllowed ? ["guests_allowed"] : [])];
  const name = `Sandbox tariff${tariff.guestsAllowed ? "" : " without guests"}${tariff.callIn ? "" : " without call-in"}`;
  return {
    id: tariffId(tariff),
    name,
    quotas: { max_storage: 5_000_000_000 },
    modules: {
      chat: { features: [] },
      core: { features },
      moderation: { features: [] },
      recording: { features: ["record"] },
    },
  };
}

function tariffId(tariff: SandboxTariff): string {
  const variant = (tariff.guestsAllowed ? 1 : 0) + (tariff.callIn ? 2 : 0);
  return `00000000-0000-4000-8000-00000000000${variant}`;
}
