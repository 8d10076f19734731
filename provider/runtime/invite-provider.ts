import { createHash, randomBytes } from "node:crypto";
import { isControllerError, UnsupportedError, type Invite, type OpenTalkClient, type Room } from "../client";
import { checkInviteInputs } from "../plan/invite-inputs";
import { planInviteUpdate } from "../plan/invite-plan";
import { guestLink, type InviteInputs, type InviteOutputs } from "../plan/invite-state";
import { roomLink } from "../plan/room-state";
import { structSafe } from "../plan/struct-safe";
import { isGone } from "./gone";
import type { ProviderContext } from "./provider-context";
import { ReleaseContext } from "./release-context";
import { drifted, type Props, type ResourceImplementation } from "./resource-implementation";

/**
 * OpenTalkInvite against the controller. Up to OpenTalk 0.34 a guest link is an invite code:
 *   create  POST /v1/rooms/{room}/invites {expiration}
 *   read    GET  /v1/rooms/{room}/invites/{code}     (revoked or missing = gone; expired = kept, inactive)
 *   update  PUT  /v1/rooms/{room}/invites/{code} {expiration} — always with the wanted value: omitting it clears it
 *   delete  DELETE /v1/rooms/{room}/invites/{code}  (a soft delete: the code stops working)
 * OpenTalk 0.35 removed invite codes (the API answers 410): guests join by the room link itself while the room lets
 * them in. There the link is the room link (GET /v1/rooms/{room} to see whether guests are let in), an expiry is
 * refused (the server cannot enforce one), and deleting the resource cannot revoke anything — it says so.
 * The invite code is a credential: it never appears in the resource id (ids are not secret in Pulumi state or
 * output), only in the secret outputs inviteCode and guestLink. The id is a digest of the code.
 */
export const inviteImplementation: ResourceImplementation = {
  async check(ctx, olds, news) {
    const result = checkInviteInputs(news, Date.now(), olds);
    for (const warning of result.warnings) ctx.log.warn(warning);
    return result;
  },

  async diff(_ctx, _id, olds, news) {
    const recorded = olds as InviteOutputs;
    const plan = planInviteUpdate(recorded, news as InviteInputs);
    // A link that was never made (its expiry had passed) is made now that a later expiry is wanted: a new link.
    const neverMade = recorded.inviteCode === null && recorded.guestLink === null;
    const replaces = neverMade && plan.changes.includes("expiresAt") ? [...plan.replaces, "expiresAt"] : plan.replaces;
    return { changes: plan.changes.length + replaces.length > 0, replaces, deleteBeforeReplace: false };
  },

  async create(ctx, inputs) {
    const client = ctx.client();
    const wanted = inputs as InviteInputs;
    const release = await ReleaseContext.of(client);
    if (!release.caps.inviteCodes) {
      refuseExpiry(release, wanted.expiresAt, "OpenTalkInvite");
      const room = await roomForGuests(client, wanted.roomId);
      const outputs = await roomLinkOutputs(release, room);
      if (!outputs.active) throw new UnsupportedError("OpenTalkInvite", [noGuestsReason(release, room.id)]);
      return { id: `room-link-${randomBytes(8).toString("hex")}`, outs: outputs };
    }
    if (wanted.expiresAt && Date.parse(wanted.expiresAt) <= Date.now()) {
      ctx.log.warn(`guest link to room ${wanted.roomId}: its expiry ${wanted.expiresAt} has passed, so no link is made — give a later expiresAt to make one`);
      return { id: `invite-expired-${digest(`${wanted.roomId}|${wanted.expiresAt}`)}`, outs: noLinkOutputs(wanted) };
    }
    const expiration = wanted.expiresAt ? new Date(wanted.expiresAt).toISOString() : null;
    let invite: Invite;
    try {
      invite = await client.createInvite(wanted.roomId, expiration);
    } catch (error) {
      throw await explainRefusal(client, wanted.roomId, error);
    }
    return { id: inviteId(invite.invite_code), outs: inviteOutputs(client.webUrl, invite) };
  },

  async read(ctx, id, props) {
    const client = ctx.client();
    const recorded = props as InviteOutputs;
    const release = await ReleaseContext.of(client);
    if (!release.caps.inviteCodes) return readOnRoomLinkRelease(release, ctx, id, props);
    if (recorded.inviteCode === null) return { id, props };
    let invite: Invite;
    try {
      invite = await client.getInvite(recorded.roomId, recorded.inviteCode);
    } catch (error) {
      if (isControllerError(error) && error.code === "service_unavailable") {
        // The room shuts guests out for now (guest access disabled, encryption, tariff): the link does not work,
        // but would again once guests are let back in, so it stays recorded — and revocable.
        ctx.log.warn(`guest link ${id}: the room does not admit guests at the moment; keeping it as recorded`);
        return { id, props: structSafe({ ...props, active: false }) };
      }
      if (await isGone(client, error, inviteSubject(id, recorded, props))) return { id: "", props: {} };
      throw error;
    }
    // Revoked (in the web app, or by someone's script): the next `up` makes a new link. Merely expired: it stays, so an
    // expiry that passed never makes the stack recreate or refuse anything.
    if (!invite.active) return { id: "", props: {} };
    const outputs = inviteOutputs(client.webUrl, invite);
    const inputs = drifted(props, outputs) ? structSafe({ roomId: outputs.roomId, expiresAt: outputs.expiresAt ?? undefined }) : undefined;
    return { id, props: outputs, inputs };
  },

  async update(ctx, id, olds, news) {
    const client = ctx.client();
    const recorded = olds as InviteOutputs;
    const wanted = news as InviteInputs;
    const release = await ReleaseContext.of(client);
    if (!release.caps.inviteCodes) {
      refuseExpiry(release, wanted.expiresAt, `OpenTalkInvite ${id}`);
      return { outs: await roomLinkOutputs(release, await roomForGuests(client, recorded.roomId)) };
    }
    const plan = planInviteUpdate(recorded, wanted);
    if (plan.expiration === undefined || recorded.inviteCode === null) return { outs: olds };
    const invite = await client.updateInvite(recorded.roomId, recorded.inviteCode, plan.expiration);
    return { outs: inviteOutputs(client.webUrl, invite) };
  },

  async delete(ctx, id, props) {
    const client = ctx.client();
    const recorded = props as InviteOutputs;
    if (recorded.inviteCode === null && recorded.guestLink === null) return;
    const release = await ReleaseContext.of(client);
    if (!release.caps.inviteCodes) {
      ctx.log.warn(
        `guest link ${id}: ${release.caps.label} cannot revoke a guest link — guests join by the room link, and keep ` +
          `that access until the room's guestAccess is "disabled" (or the room is deleted)`,
      );
      return;
    }
    try {
      await client.deleteInvite(recorded.roomId, recorded.inviteCode!);
    } catch (error) {
      if (await isGone(client, error, inviteSubject(id, recorded, props))) return;
      if (isControllerError(error) && error.code === "service_unavailable") {
        throw error.withHint(
          "the controller refuses to touch invites of this room while guests are shut out (guest access disabled, " +
            "end-to-end encryption, or a tariff without guests); the link does not work now, but would again if guests " +
            "were let in: allow guests for a moment and run destroy again, or delete the room",
        );
      }
      throw error;
    }
  },
};

/** Resource id: a digest of the code, stable and unique, that gives nothing away. */
export function inviteId(inviteCode: string): string {
  return `invite-${digest(inviteCode)}`;
}

function digest(text: string): string {
  return createHash("sha256").update(text).digest("hex").slice(0, 32);
}

function inviteSubject(id: string, recorded: InviteOutputs, props: Props) {
  return { kind: "invite" as const, roomId: recorded.roomId, code: recorded.inviteCode ?? "", label: `guest link ${id}`, recorded: props };
}

function inviteOutputs(webUrl: string, invite: Invite): InviteOutputs {
  const expired = invite.expiration !== null && Date.parse(invite.expiration) <= Date.now();
  return structSafe({
    roomId: invite.room_id,
    inviteCode: invite.invite_code,
    guestLink: guestLink(webUrl, invite.room_id, invite.invite_code),
    expiresAt: invite.expiration,
    active: invite.active && !expired,
    ownerId: invite.created_by?.id ?? null,
    ownerEmail: invite.created_by?.email ?? null,
  });
}

function noLinkOutputs(wanted: InviteInputs): InviteOutputs {
  return structSafe({ roomId: wanted.roomId, inviteCode: null, guestLink: null, expiresAt: wanted.expiresAt ?? null, active: false, ownerId: null, ownerEmail: null });
}

// --- OpenTalk 0.35+: the room link is the guest link -------------------------------------------------------------

function refuseExpiry(release: ReleaseContext, expiresAt: string | undefined, what: string): void {
  if (expiresAt === undefined) return;
  throw new UnsupportedError(what, [
    `expiresAt: ${release.caps.label} has no expiring guest links (OpenTalk 0.35 removed invite codes): guests join by ` +
      `the room link, for as long as the room lets guests in. Remove expiresAt — the link then lasts until you set the ` +
      `room's guestAccess to "disabled" — or stay on OpenTalk 0.34 for links that expire by themselves`,
  ]);
}

/** The room a guest link leads to; a room that is not there (or not the user's) cannot get one. */
async function roomForGuests(client: OpenTalkClient, roomId: string): Promise<Room> {
  try {
    return await client.getRoom(roomId);
  } catch (error) {
    if (isControllerError(error) && error.meaning === "denied") {
      throw error.withHint(`room ${roomId} does not exist or belongs to another user, so no guest link can be made for it`);
    }
    throw error;
  }
}

/**
 * The room link as guest link. From 0.34 guest access and end-to-end encryption exclude each other on the server
 * (400 invalid_guest_access), so a room whose guest access is not disabled is not encrypted.
 */
async function roomLinkOutputs(release: ReleaseContext, room: Room): Promise<InviteOutputs> {
  const link = await release.guestLink(room.id, { guestAccess: (room.guest_access as never) ?? null, e2eEncryption: false });
  return structSafe({
    roomId: room.id,
    inviteCode: null,
    guestLink: roomLink(release.client.webUrl, room.id),
    expiresAt: null,
    active: link !== null,
    ownerId: room.created_by.id,
    ownerEmail: room.created_by.email,
  });
}

function noGuestsReason(release: ReleaseContext, roomId: string): string {
  return (
    `roomId: on ${release.caps.label} guests join by the room link, and room ${roomId} does not let guests in (its ` +
    `guest access is disabled, or the tariff has no guests): set guestAccess to "waiting_room" or "direct_access" on ` +
    `the room, or drop the guest link`
  );
}

async function readOnRoomLinkRelease(release: ReleaseContext, ctx: ProviderContext, id: string, props: Props): Promise<{ id: string; props: Props; inputs?: Props }> {
  const recorded = props as InviteOutputs;
  let room: Room;
  try {
    room = await release.client.getRoom(recorded.roomId);
  } catch (error) {
    if (await isGone(release.client, error, { kind: "room", id: recorded.roomId, label: `the room of guest link ${id}`, recorded: props })) {
      return { id: "", props: {} };
    }
    throw error;
  }
  if (recorded.inviteCode !== null) {
    ctx.log.warn(
      // The link itself is left out: it is the guest link, a secret output, and log lines are not secret.
      `guest link ${id}: ${release.caps.label} has no invite codes any more; guests now join by the room link ` +
        `of room ${room.id} (its guestLink output) while the room lets guests in (the old ?invite= link keeps working ` +
        `only because the room link does)` +
        (recorded.expiresAt ? `. Its expiry (${recorded.expiresAt}) cannot be enforced any more: remove expiresAt from the program, or the next pulumi up refuses it` : ""),
    );
  }
  const outputs = await roomLinkOutputs(release, room);
  const inputs = drifted(props, outputs) ? structSafe({ roomId: outputs.roomId }) : undefined;
  return { id, props: outputs, inputs };
}

// --- refusals ---------------------------------------------------------------------------------------------------

/**
 * The controller refuses invites with one message for three causes. Look at the room and the tariff to say which
 * one applies and what to change.
 */
async function explainRefusal(client: OpenTalkClient, roomId: string, error: unknown): Promise<unknown> {
  if (!isControllerError(error)) return error;
  if (error.meaning === "denied") {
    return error.withHint(`room ${roomId} does not exist or belongs to another user, so no guest link can be made for it`);
  }
  if (error.code !== "service_unavailable" && error.code !== "feature_disabled_by_tariff" && error.code !== "feature_disabled") return error;
  const room = await client.getRoom(roomId).catch(() => undefined);
  if (room?.guest_access === "disabled") {
    return error.withHint(`guest access is disabled for room ${roomId}: set guestAccess to "waiting_room" or "direct_access" on the room`);
  }
  if (!(await client.tariffAllowsGuests().catch(() => true))) {
    const tariff = await client.tariff();
    return error.withHint(`the OpenTalk tariff "${tariff.name}" of the configured user does not allow guests (core::guests_allowed): ask the operator for a tariff with guests`);
  }
  return error.withHint(`room ${roomId} is end-to-end encrypted, and encrypted rooms cannot have guest links: set e2eEncryption to false on the room, or drop the invite`);
}
