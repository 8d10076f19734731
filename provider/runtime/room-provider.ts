import { ControllerError, isControllerError, type OpenTalkClient, type Room, type SipConfig } from "../client";
import { checkRoomInputs } from "../plan/room-inputs";
import { planRoomUpdate, type CurrentRoom, type RoomPlan } from "../plan/room-plan";
import { desiredRoomSettings, roomLink, type GuestAccess, type RoomInputs, type RoomOutputs } from "../plan/room-state";
import { structSafe } from "../plan/struct-safe";
import type { ProviderContext } from "./provider-context";
import { isGone } from "./ownership";
import { drifted, partialCreateFailure, type Props, type ResourceImplementation } from "./resource-implementation";
import { applySteps } from "./sip-steps";

/**
 * OpenTalkRoom against the controller:
 *   create  POST /v1/rooms (+ PUT /v1/rooms/{id}/sip for SIP dial-in); with adoptRoomId: GET, then converge
 *   read    GET /v1/rooms/{id} (+ GET …/sip when SIP is managed)
 *   update  DELETE …/sip, PATCH /v1/rooms/{id} with only what changed, PUT …/sip — in that order, so a room can go
 *           from SIP to end-to-end encryption and back
 *   delete  DELETE /v1/rooms/{id}
 * The controller answers 403, not 404, for a room that is gone *or* belongs to someone else; the recorded owner
 * tells the two apart.
 */
export const roomImplementation: ResourceImplementation = {
  async check(_ctx, _olds, news) {
    return checkRoomInputs(news);
  },

  async diff(_ctx, _id, olds, news) {
    const plan = planRoomUpdate(recordedRoom(olds), news as RoomInputs);
    return { changes: plan.changes.length + plan.replaces.length > 0, replaces: plan.replaces, deleteBeforeReplace: false };
  },

  async create(ctx, inputs) {
    const client = ctx.client();
    const wanted = inputs as RoomInputs;
    if (wanted.adoptRoomId) return adoptRoom(client, ctx, wanted);

    const settings = desiredRoomSettings(wanted);
    const room = await client.createRoom({
      ...(settings.password !== null ? { password: settings.password } : {}),
      waiting_room: settings.waitingRoom,
      e2e_encryption: settings.e2eEncryption,
      ...(settings.guestAccess !== undefined ? { guest_access: settings.guestAccess } : {}),
      enable_sip: settings.sip.enabled,
    });
    const outputs = roomOutputs(client.webUrl, room, wanted, { e2eEncryption: settings.e2eEncryption, sip: undefined });
    if (!settings.sip.enabled) return { id: room.id, outs: outputs };
    try {
      const sip = await client.putSipConfig(room.id, { lobby: settings.sip.lobby });
      return { id: room.id, outs: roomOutputs(client.webUrl, room, wanted, { e2eEncryption: settings.e2eEncryption, sip }) };
    } catch (error) {
      throw partialCreateFailure(
        new Error(`Room ${room.id} was created, but setting up SIP dial-in failed: ${(error as Error).message}`),
        room.id,
        { ...outputs, sip: { enabled: false, lobby: false } },
        inputs,
      );
    }
  },

  async read(ctx, id, props) {
    const client = ctx.client();
    const recorded = recordedRoom(props);
    let room: Room;
    try {
      room = await client.getRoom(id);
    } catch (error) {
      if (await isGone(client, error, props, `room ${id}`)) return { id: "", props: {} };
      throw error;
    }
    const sip = recorded.sip.enabled ? await client.getSipConfig(id) : undefined;
    const outputs = roomOutputs(client.webUrl, room, props as RoomInputs, { e2eEncryption: recorded.e2eEncryption, sip }, props.adoptRoomId ?? null);
    return { id, props: outputs, inputs: drifted(props, outputs) ? inputsFromOutputs(outputs) : undefined };
  },

  async update(ctx, id, olds, news) {
    const client = ctx.client();
    const wanted = news as RoomInputs;
    const plan = planRoomUpdate(recordedRoom(olds), wanted);
    const result = await applyPlan(client, id, plan);
    const room = result.room ?? roomFromOutputs(olds as RoomOutputs, id);
    const sip = result.sip !== undefined ? result.sip : sipFromOutputs(olds as RoomOutputs);
    const e2eEncryption = desiredRoomSettings(wanted).e2eEncryption;
    return { outs: roomOutputs(client.webUrl, room, wanted, { e2eEncryption, sip: sip ?? undefined }, olds.adoptRoomId ?? wanted.adoptRoomId ?? null) };
  },

  async delete(ctx, id, props) {
    const client = ctx.client();
    try {
      await client.deleteRoom(id);
    } catch (error) {
      if (isControllerError(error) && error.status === 409) {
        throw error.withHint(
          `room ${id} belongs to an event (a meeting): delete the meeting instead, or drop the room from the stack with "pulumi state delete" and keep it`,
        );
      }
      if (await isGone(client, error, props, `room ${id}`)) return;
      throw error;
    }
  },
};

/** Take over an existing room: it must exist and be the configured user's; then bring it to the wanted settings. */
async function adoptRoom(client: OpenTalkClient, ctx: ProviderContext, wanted: RoomInputs): Promise<{ id: string; outs: Props }> {
  const id = wanted.adoptRoomId!;
  const me = await client.currentUser();
  let room: Room;
  try {
    room = await client.getRoom(id);
  } catch (error) {
    if (isControllerError(error) && (error.status === 403 || error.status === 404)) {
      throw error.withHint(`cannot adopt room ${id}: it does not exist or belongs to another user than ${me.email} (opentalk rooms list shows your rooms)`);
    }
    throw error;
  }
  if (room.created_by.id !== me.id) {
    throw new ControllerError({
      method: "GET",
      path: `/v1/rooms/${id}`,
      status: 403,
      code: "forbidden",
      hint: `cannot adopt room ${id}: it belongs to ${room.created_by.email}, and only its owner can change or delete it — configure that user, or create a new room`,
    });
  }
  const sip = await client.getSipConfig(id);
  const settings = desiredRoomSettings(wanted);
  const live: CurrentRoom = {
    roomId: id,
    adoptRoomId: id,
    password: room.password ?? null,
    waitingRoom: room.waiting_room,
    guestAccess: (room.guest_access as GuestAccess | undefined) ?? null,
    // Write-only on the controller: we cannot know it, so it is always set on adoption.
    e2eEncryption: settings.e2eEncryption,
    sip: { enabled: sip !== undefined, lobby: sip?.lobby ?? false },
  };
  const plan = planRoomUpdate(live, wanted);
  plan.patch = { ...plan.patch, e2e_encryption: settings.e2eEncryption };
  ctx.log.debug(`adopting room ${id}: changing ${[...plan.changes, "e2eEncryption"].join(", ")}`);
  const result = await applyPlan(client, id, plan);
  const finalSip = result.sip !== undefined ? result.sip : sip;
  return {
    id,
    outs: roomOutputs(client.webUrl, result.room ?? room, wanted, { e2eEncryption: settings.e2eEncryption, sip: finalSip ?? undefined }, id),
  };
}

/** Carry out a room plan (see sip-steps.ts for the order). */
async function applyPlan(client: OpenTalkClient, id: string, plan: RoomPlan): Promise<{ room?: Room; sip?: SipConfig | null }> {
  const patch = plan.patch;
  const { patched, sip } = await applySteps(client, id, { sip: plan.sip, patch: patch && (() => client.updateRoom(id, patch)) });
  return { room: patched, sip };
}

function recordedRoom(olds: Props): CurrentRoom {
  return {
    roomId: olds.roomId,
    adoptRoomId: olds.adoptRoomId ?? null,
    password: olds.password ?? null,
    waitingRoom: olds.waitingRoom ?? false,
    guestAccess: olds.guestAccess ?? null,
    e2eEncryption: olds.e2eEncryption ?? false,
    sip: { enabled: olds.sip?.enabled ?? false, lobby: olds.sip?.lobby ?? false },
  };
}

function roomOutputs(
  webUrl: string,
  room: Room,
  inputs: RoomInputs,
  extra: { e2eEncryption: boolean; sip: SipConfig | undefined },
  adoptRoomId: string | null = inputs.adoptRoomId ?? null,
): RoomOutputs {
  return structSafe({
    roomId: room.id,
    roomLink: roomLink(webUrl, room.id),
    ownerId: room.created_by.id,
    ownerEmail: room.created_by.email,
    createdAt: room.created_at,
    password: room.password ?? null,
    waitingRoom: room.waiting_room,
    // Controllers before 0.35 neither return nor keep guest access: record what was asked, so it is not re-sent forever.
    guestAccess: ((room.guest_access as GuestAccess | undefined) ?? inputs.guestAccess ?? null),
    e2eEncryption: extra.e2eEncryption,
    sip: { enabled: extra.sip !== undefined, lobby: extra.sip?.lobby ?? false },
    sipId: extra.sip?.sip_id ?? null,
    sipPin: extra.sip?.password ?? null,
    adoptRoomId,
  });
}

/**
 * The inputs a refreshed room would need to have now, so a refresh shows drift against the program. Without the
 * password: the engine keeps a refreshed input secret only if the old input of that name was secret, so a password
 * set in the web app for a room declared without one would land in the state in plain text. Diff works on the
 * (secret) outputs, so password drift is still put right by the next `up`.
 */
function inputsFromOutputs(outputs: RoomOutputs): Props {
  return structSafe({
    waitingRoom: outputs.waitingRoom,
    guestAccess: outputs.guestAccess ?? undefined,
    e2eEncryption: outputs.e2eEncryption,
    sip: outputs.sip,
    adoptRoomId: outputs.adoptRoomId ?? undefined,
  });
}

function roomFromOutputs(olds: RoomOutputs, id: string): Room {
  return {
    id,
    created_by: { id: olds.ownerId, email: olds.ownerEmail },
    created_at: olds.createdAt,
    password: olds.password ?? undefined,
    waiting_room: olds.waitingRoom,
    guest_access: olds.guestAccess ?? undefined,
  };
}

function sipFromOutputs(olds: RoomOutputs): SipConfig | undefined {
  if (!olds.sip?.enabled || !olds.sipId) return undefined;
  return { room: olds.roomId, sip_id: olds.sipId, password: olds.sipPin ?? "", lobby: olds.sip.lobby };
}
