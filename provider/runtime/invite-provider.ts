import { createHash } from "node:crypto";
import { isControllerError, type Invite, type OpenTalkClient } from "../client";
import { checkInviteInputs } from "../plan/invite-inputs";
import { planInviteUpdate } from "../plan/invite-plan";
import { guestLink, type InviteInputs, type InviteOutputs } from "../plan/invite-state";
import { structSafe } from "../plan/struct-safe";
import { isGone } from "./ownership";
import { drifted, type ResourceImplementation } from "./resource-implementation";

/**
 * OpenTalkInvite against the controller:
 *   create  POST /v1/rooms/{room}/invites {expiration}
 *   read    GET  /v1/rooms/{room}/invites/{code}     (inactive, expired or missing = gone)
 *   update  PUT  /v1/rooms/{room}/invites/{code} {expiration} — always with the wanted value: omitting it clears it
 *   delete  DELETE /v1/rooms/{room}/invites/{code}  (a soft delete: the code stops working)
 * The invite code is a credential: it never appears in the resource id (ids are not secret in Pulumi state or
 * output), only in the secret outputs inviteCode and guestLink. The id is a digest of the code.
 */
export const inviteImplementation: ResourceImplementation = {
  async check(_ctx, olds, news) {
    return checkInviteInputs(news, Date.now(), olds);
  },

  async diff(_ctx, _id, olds, news) {
    const plan = planInviteUpdate(olds as InviteOutputs, news as InviteInputs);
    return { changes: plan.changes.length + plan.replaces.length > 0, replaces: plan.replaces, deleteBeforeReplace: false };
  },

  async create(ctx, inputs) {
    const client = ctx.client();
    const wanted = inputs as InviteInputs;
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
    let invite: Invite;
    try {
      invite = await client.getInvite(recorded.roomId, recorded.inviteCode);
    } catch (error) {
      if (isControllerError(error) && error.status === 404 && error.code === "service_unavailable") {
        // The room shuts guests out for now (guest access disabled, encryption, tariff): the link does not work,
        // but would again once guests are let back in, so it stays recorded — and revocable.
        ctx.log.warn(`guest link ${id}: the room does not admit guests at the moment; keeping it as recorded`);
        return { id, props };
      }
      if (isControllerError(error) && error.status === 404) return { id: "", props: {} };
      // 403: the room is gone — or it belongs to someone else, which isGone reports instead.
      if (await isGone(client, error, props, `the room of guest link ${id}`)) return { id: "", props: {} };
      throw error;
    }
    if (!invite.active || (invite.expiration !== null && Date.parse(invite.expiration) <= Date.now())) {
      return { id: "", props: {} };
    }
    const outputs = inviteOutputs(client.webUrl, invite);
    const inputs = drifted(props, outputs) ? structSafe({ roomId: outputs.roomId, expiresAt: outputs.expiresAt ?? undefined }) : undefined;
    return { id, props: outputs, inputs };
  },

  async update(ctx, _id, olds, news) {
    const client = ctx.client();
    const recorded = olds as InviteOutputs;
    const plan = planInviteUpdate(recorded, news as InviteInputs);
    if (plan.expiration === undefined) return { outs: olds };
    const invite = await client.updateInvite(recorded.roomId, recorded.inviteCode, plan.expiration);
    return { outs: inviteOutputs(client.webUrl, invite) };
  },

  async delete(ctx, id, props) {
    const client = ctx.client();
    const recorded = props as InviteOutputs;
    try {
      await client.deleteInvite(recorded.roomId, recorded.inviteCode);
    } catch (error) {
      // Already deleted, or the room (and with it every invite) is gone — unless it is someone else's room.
      if (isControllerError(error) && error.status === 404 && error.code !== "service_unavailable") return;
      if (await isGone(client, error, props, `the room of guest link ${id}`)) return;
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
  return "invite-" + createHash("sha256").update(inviteCode).digest("hex").slice(0, 32);
}

function inviteOutputs(webUrl: string, invite: Invite): InviteOutputs {
  return structSafe({
    roomId: invite.room_id,
    inviteCode: invite.invite_code,
    guestLink: guestLink(webUrl, invite.room_id, invite.invite_code),
    expiresAt: invite.expiration,
    active: invite.active,
    ownerId: invite.created_by?.id ?? null,
    ownerEmail: invite.created_by?.email ?? null,
  });
}

/**
 * The controller refuses invites with one message for three causes. Look at the room and the tariff to say which
 * one applies and what to change.
 */
async function explainRefusal(client: OpenTalkClient, roomId: string, error: unknown): Promise<unknown> {
  if (!isControllerError(error) || error.status !== 403) return error;
  if (error.code === "forbidden") {
    return error.withHint(`room ${roomId} does not exist or belongs to another user, so no guest link can be made for it`);
  }
  if (error.code !== "service_unavailable" && error.code !== "feature_disabled_by_tariff") return error;
  const room = await client.getRoom(roomId).catch(() => undefined);
  if (room?.guest_access === "disabled") {
    return error.withHint(`guest access is disabled for room ${roomId}: set guestAccess to "waiting_room" or "direct_access" on the room`);
  }
  const tariff = await client.tariff().catch(() => undefined);
  const features = tariff?.modules?.core?.features;
  if (features && !features.includes("guests_allowed")) {
    return error.withHint(`the OpenTalk tariff "${tariff!.name}" of the configured user does not allow guests (core::guests_allowed): ask the operator for a tariff with guests`);
  }
  return error.withHint(`room ${roomId} is end-to-end encrypted, and encrypted rooms cannot have guest links: set e2eEncryption to false on the room, or drop the invite`);
}
