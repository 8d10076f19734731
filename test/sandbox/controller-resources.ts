/**
 * Records → the controller's JSON resources, field for field as the real controller serialises them
 * (including what it leaves out: a room's `password` when there is none, `e2e_encryption` always,
 * `guest_access` before 0.34, `alias` before 0.35 and when the room has no name).
 */
import * as crypto from "node:crypto";
import type { ControllerContext } from "./controller-context";
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

/**
 * `RoomResource`: `{id, created_by, created_at, password?, waiting_room}` (types rooms/room_resource.rs 26–44 at
 * types-api-v1 0.33/0.39), `guest_access` from 0.34, and on 0.35 `alias` after the id, omitted when None (SVC rooms
 * read_file id 68534251361, `get_room`).
 */
export function roomResource(ctx: ControllerContext, room: SandboxRoom): Record<string, unknown> {
  const resource: Record<string, unknown> = { id: room.id };
  if (ctx.profile.roomNames && room.alias) resource.alias = room.alias;
  resource.created_by = publicUserProfile(ctx.store.userById(room.ownerId));
  resource.created_at = room.createdAt;
  if (room.password !== null) resource.password = room.password;
  resource.waiting_room = room.waitingRoom;
  if (ctx.profile.guestAccess) resource.guest_access = room.guestAccess;
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

/**
 * Feature names are the controller's `core::<feature>` ids without the module prefix, as the tariff lists them
 * (DB/tariffs.rs 146–185 @ v0.30.1). `guests_allowed` exists from 0.34 on; 0.29/0.30 have no guest feature, and
 * 0.30 adds `storage_upgradable` (release-029-030-resources.md §9).
 */
export function tariffResource(ctx: ControllerContext, tariff: SandboxTariff): Record<string, unknown> {
  const guests = ctx.profile.guestAccess && tariff.guestsAllowed;
  const features = [...(tariff.callIn ? ["call_in"] : []), ...(guests ? ["guests_allowed"] : []), ...ctx.profile.extraCoreFeatures];
  const name = `Sandbox tariff${!ctx.profile.guestAccess || tariff.guestsAllowed ? "" : " without guests"}${tariff.callIn ? "" : " without call-in"}`;
  return {
    id: tariffId(tariff),
    name,
    quotas: { max_storage: 5_000_000_000 },
    // Recording and integration features as 0.29/0.30 list them (recording and integration modules @ v0.30.1).
    modules: {
      chat: { features: [] },
      core: { features },
      integration: { features: ["outlook"] },
      moderation: { features: [] },
      recording: { features: ["record", "stream"] },
    },
  };
}

function tariffId(tariff: SandboxTariff): string {
  const variant = (tariff.guestsAllowed ? 1 : 0) + (tariff.callIn ? 2 : 0);
  return `00000000-0000-4000-8000-00000000000${variant}`;
}
