import { ControllerError, isControllerError, type OpenTalkClient, type Room, type RoomSettingsBody, type SipConfig } from "../client";
import { checkRoomInputs } from "../plan/room-inputs";
import { planRoomUpdate, type CurrentRoom, type RoomPlan } from "../plan/room-plan";
import { desiredRoomSettings, nameOf, roomLink, type DesiredRoomSettings, type GuestAccess, type RoomInputs, type RoomOutputs } from "../plan/room-state";
import { structSafe } from "../plan/struct-safe";
import { isGone } from "./gone";
import { ambiguousCreateError, mayHaveBeenCreated, roomsLike } from "./orphans";
import { requireOwnedByConfiguredUser } from "./ownership";
import type { ProviderContext } from "./provider-context";
import { ReleaseContext } from "./release-context";
import { drifted, partialCreateFailure, type Props, type ResourceImplementation } from "./resource-implementation";
import { applySteps } from "./sip-steps";

/**
 * OpenTalkRoom against the controller:
 *   create  POST /v1/rooms (+ PUT /v1/rooms/{id}/sip for dial-in where owners may, 0.34+); with adoptRoomId: GET, then
 *           converge
 *   read    GET /v1/rooms/{id} (+ GET …/sip when dial-in is managed and readable); a room the user can read only as
 *           an invitee of its meeting (up to 0.30) is refused
 *   update  DELETE …/sip, PATCH /v1/rooms/{id} with only what changed, PUT …/sip — in that order, so a room can go
 *           from SIP to end-to-end encryption and back
 *   delete  DELETE /v1/rooms/{id}
 * What the server's release cannot do is refused before any change (release-rules.ts); "gone" is decided in gone.ts.
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
    const release = await ReleaseContext.of(client);
    const wanted = inputs as RoomInputs;
    if (wanted.adoptRoomId) return adoptRoom(release, ctx, wanted);

    const settings = desiredRoomSettings(wanted);
    release.require("OpenTalkRoom", { kind: "room", operation: "create", name: settings.name, guestAccess: wanted.guestAccess, sip: wanted.sip });
    const sentAt = Date.now();
    let room: Room;
    try {
      room = await client.createRoom(creationBody(release, settings));
    } catch (error) {
      if (!mayHaveBeenCreated(error)) throw error;
      throw await ambiguousCreateError(client, error, {
        kind: "room",
        sentAt,
        find: roomsLike(settings),
      });
    }
    const e2eEncryption = settings.e2eEncryption;
    // Before 0.34 dial-in is switched on with the create itself and cannot be read back (see capabilities.ts).
    const initialSip: SipView = settings.sip.enabled && !release.caps.ownersManageSip ? { ...NO_SIP, enabled: true } : NO_SIP;
    if (!settings.sip.enabled || !release.caps.ownersManageSip) {
      return { id: room.id, outs: await roomOutputs(release, room, wanted, { e2eEncryption, sip: initialSip }) };
    }
    try {
      const sip = await client.putSipConfig(room.id, { lobby: settings.sip.lobby });
      return { id: room.id, outs: await roomOutputs(release, room, wanted, { e2eEncryption, sip: sipView(sip) }) };
    } catch (error) {
      throw partialCreateFailure(
        new Error(`Room ${room.id} was created, but setting up SIP dial-in failed: ${(error as Error).message}`),
        room.id,
        await roomOutputs(release, room, wanted, { e2eEncryption, sip: NO_SIP }),
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
      if (await isGone(client, error, { kind: "room", id, label: `room ${id}`, recorded: props })) return { id: "", props: {} };
      throw error;
    }
    await requireOwnedByConfiguredUser(client, `room ${id}`, room.created_by);
    const release = await ReleaseContext.of(client);
    const readable = recorded.sip.enabled ? await release.readSip(id, (room.guest_access as GuestAccess | undefined) ?? null) : undefined;
    const sip = readable !== undefined ? sipView(readable ?? undefined) : recordedSip(props);
    const outputs = await roomOutputs(release, room, props as RoomInputs, { e2eEncryption: recorded.e2eEncryption, sip }, props.adoptRoomId ?? null);
    return { id, props: outputs, inputs: drifted(props, outputs) ? inputsFromOutputs(outputs) : undefined };
  },

  async update(ctx, id, olds, news) {
    const client = ctx.client();
    const release = await ReleaseContext.of(client);
    const wanted = news as RoomInputs;
    const plan = planRoomUpdate(recordedRoom(olds), wanted);
    release.require(`OpenTalkRoom ${id}`, {
      kind: "room",
      operation: "update",
      name: wanted.name ?? null,
      nameChanges: plan.changes.includes("name"),
      guestAccess: plan.changes.includes("guestAccess") ? wanted.guestAccess : undefined,
      sip: wanted.sip,
      sipStep: plan.sip,
    });
    const result = await applyPlan(client, id, plan);
    const room = result.room ?? roomFromOutputs(olds as RoomOutputs, id);
    const sip = result.sip !== undefined ? sipView(result.sip ?? undefined) : await keptSip(release, room, olds);
    const e2eEncryption = desiredRoomSettings(wanted).e2eEncryption;
    return { outs: await roomOutputs(release, room, wanted, { e2eEncryption, sip }, olds.adoptRoomId ?? wanted.adoptRoomId ?? null) };
  },

  async delete(ctx, id, props) {
    const client = ctx.client();
    try {
      await client.deleteRoom(id);
    } catch (error) {
      if (isControllerError(error) && error.meaning === "conflict") {
        throw error.withHint(
          `room ${id} belongs to an event (a meeting): delete the meeting instead, or drop the room from the stack with "pulumi state delete" and keep it`,
        );
      }
      if (await isGone(client, error, { kind: "room", id, label: `room ${id}`, recorded: props })) return;
      throw error;
    }
  },
};

/**
 * The body of POST /v1/rooms. With end-to-end encryption and no declared guest access, `guest_access: "disabled"` is
 * sent: from 0.34 the server defaults guest access to `waiting_room` and refuses it together with encryption
 * (400 invalid_guest_access); older releases do not know the field.
 */
function creationBody(release: ReleaseContext, settings: DesiredRoomSettings): RoomSettingsBody {
  const guestAccess = settings.guestAccess ?? (settings.e2eEncryption && release.caps.guestAccess ? "disabled" : undefined);
  return {
    ...(settings.password !== null ? { password: settings.password } : {}),
    ...(settings.name !== null ? { name: settings.name } : {}),
    waiting_room: settings.waitingRoom,
    e2e_encryption: settings.e2eEncryption,
    ...(guestAccess !== undefined ? { guest_access: guestAccess } : {}),
    enable_sip: settings.sip.enabled,
  };
}

/** Take over an existing room: it must exist and be the configured user's; then bring it to the wanted settings. */
async function adoptRoom(release: ReleaseContext, ctx: ProviderContext, wanted: RoomInputs): Promise<{ id: string; outs: Props }> {
  const client = release.client;
  const id = wanted.adoptRoomId!;
  const me = await client.currentUser();
  let room: Room;
  try {
    room = await client.getRoom(id);
  } catch (error) {
    if (isControllerError(error) && (error.meaning === "denied" || error.meaning === "not-found")) {
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
  const settings = desiredRoomSettings(wanted);
  // Where owners cannot read dial-in (before 0.34) it is taken as declared: it cannot be changed there either.
  const readable = await release.readSip(id, (room.guest_access as GuestAccess | undefined) ?? null);
  const sip = readable ?? undefined;
  const live: CurrentRoom = {
    roomId: id,
    adoptRoomId: id,
    password: room.password ?? null,
    name: nameOf(room),
    waitingRoom: room.waiting_room,
    guestAccess: (room.guest_access as GuestAccess | undefined) ?? null,
    // Write-only on the controller: we cannot know it, so it is always set on adoption.
    e2eEncryption: settings.e2eEncryption,
    sip: readable !== undefined ? { enabled: sip !== undefined, lobby: sip?.lobby ?? false } : settings.sip,
  };
  const plan = planRoomUpdate(live, wanted);
  release.require(`OpenTalkRoom adopting ${id}`, {
    kind: "room",
    operation: "adopt",
    name: settings.name,
    nameChanges: plan.changes.includes("name"),
    guestAccess: wanted.guestAccess,
    sip: wanted.sip,
    sipStep: readable !== undefined ? plan.sip : wanted.sip?.enabled ? { action: "put", lobby: settings.sip.lobby } : undefined,
  });
  plan.patch = { ...plan.patch, e2e_encryption: settings.e2eEncryption };
  ctx.log.debug(`adopting room ${id}: changing ${[...plan.changes, "e2eEncryption"].join(", ")}`);
  const result = await applyPlan(client, id, plan);
  const finalSip = result.sip !== undefined ? sipView(result.sip ?? undefined) : readable !== undefined ? sipView(sip) : { ...NO_SIP, ...settings.sip };
  return { id, outs: await roomOutputs(release, result.room ?? room, wanted, { e2eEncryption: settings.e2eEncryption, sip: finalSip }, id) };
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
    name: olds.name ?? null,
    waitingRoom: olds.waitingRoom ?? false,
    guestAccess: olds.guestAccess ?? null,
    e2eEncryption: olds.e2eEncryption ?? false,
    sip: { enabled: olds.sip?.enabled ?? false, lobby: olds.sip?.lobby ?? false },
  };
}

/** Dial-in as outputs show it: ids and PIN are null where the release does not let owners read them. */
export interface SipView {
  enabled: boolean;
  lobby: boolean;
  sipId: string | null;
  sipPin: string | null;
}

export const NO_SIP: SipView = { enabled: false, lobby: false, sipId: null, sipPin: null };

export function sipView(config: SipConfig | undefined): SipView {
  return config ? { enabled: true, lobby: config.lobby, sipId: config.sip_id, sipPin: config.password } : NO_SIP;
}

function recordedSip(olds: Props): SipView {
  if (!olds.sip?.enabled) return NO_SIP;
  return { enabled: true, lobby: olds.sip.lobby ?? false, sipId: olds.sipId ?? null, sipPin: olds.sipPin ?? null };
}

/**
 * The dial-in a room kept through an update: as recorded, or read back where the record has none of its ids though
 * owners may read them (a state written by an earlier version), so the outputs show the dial-in the room has.
 */
async function keptSip(release: ReleaseContext, room: Room, olds: Props): Promise<SipView> {
  const recorded = recordedSip(olds);
  if (!recorded.enabled || recorded.sipId !== null) return recorded;
  const readable = await release.readSip(room.id, (room.guest_access as GuestAccess | undefined) ?? null);
  return readable !== undefined ? sipView(readable ?? undefined) : recorded;
}

async function roomOutputs(
  release: ReleaseContext,
  room: Room,
  inputs: RoomInputs,
  extra: { e2eEncryption: boolean; sip: SipView },
  adoptRoomId: string | null = inputs.adoptRoomId ?? null,
): Promise<RoomOutputs> {
  // Controllers before 0.34 neither return nor keep guest access: record what was asked, so it is not re-sent forever.
  const guestAccess = (room.guest_access as GuestAccess | undefined) ?? inputs.guestAccess ?? null;
  return structSafe({
    roomId: room.id,
    roomLink: roomLink(release.client.webUrl, room.id),
    ownerId: room.created_by.id,
    ownerEmail: room.created_by.email,
    createdAt: room.created_at,
    password: room.password ?? null,
    waitingRoom: room.waiting_room,
    guestAccess,
    e2eEncryption: extra.e2eEncryption,
    sip: { enabled: extra.sip.enabled, lobby: extra.sip.lobby },
    sipId: extra.sip.sipId,
    sipPin: extra.sip.sipPin,
    adoptRoomId,
    name: nameOf(room),
    alias: room.alias ?? null,
    guestLink: await release.guestLink(room.id, { guestAccess, e2eEncryption: extra.e2eEncryption }),
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
    name: outputs.name ?? undefined,
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
    alias: olds.alias ?? undefined,
  };
}
