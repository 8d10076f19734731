import { ControllerError, isControllerError, type Event, type EventBody, type OpenTalkClient, type SipConfig } from "../client";
import { checkMeetingInputs } from "../plan/meeting-inputs";
import { planMeetingUpdate, timingBody, type CurrentMeeting, type MeetingPlan } from "../plan/meeting-plan";
import type { MeetingInputs, MeetingOutputs } from "../plan/meeting-state";
import { nameOf, roomLink, type GuestAccess } from "../plan/room-state";
import { structSafe } from "../plan/struct-safe";
import { isGone } from "./gone";
import { ambiguousCreateError, mayHaveBeenCreated, meetingsTitled } from "./orphans";
import { requireOwnedByConfiguredUser } from "./ownership";
import type { ProviderContext } from "./provider-context";
import { ReleaseContext } from "./release-context";
import { drifted, partialCreateFailure, type Props, type ResourceImplementation } from "./resource-implementation";
import { applySteps } from "./sip-steps";

/**
 * OpenTalkMeeting against the controller — an event, which is how OpenTalk's web app makes rooms: it has a title,
 * shows in the owner's dashboard, and survives the controller's room-cleanup job.
 *   create  POST /v1/events (is_adhoc false; creates the room and its SIP config), then PUT/DELETE …/sip when
 *           `sip` is declared, else GET …/sip (where owners may read it) to record what OpenTalk made
 *   read    GET /v1/events/{id} (the room's settings, e2e encryption included, and dial-in come with it; a meeting
 *           the user can read only as an invitee is refused)
 *           [+ GET /v1/rooms/{room}/sip when the meeting has SIP and owners may read it]
 *   update  DELETE …/sip, PATCH /v1/rooms/{room} (settings, name) and PATCH /v1/events/{id} (title, description,
 *           timing), each with only what changed, PUT …/sip
 *   delete  DELETE /v1/events/{id} (removes room, SIP config and invites with it)
 * Every write suppresses the email notification: an automated meeting should not mail its owner. What the server's
 * release cannot do is refused before any change (release-rules.ts); "gone" is decided in gone.ts.
 */
export const meetingImplementation: ResourceImplementation = {
  async check(_ctx, _olds, news) {
    return checkMeetingInputs(news);
  },

  async diff(_ctx, _id, olds, news) {
    const plan = planMeetingUpdate(recordedMeeting(olds), news as MeetingInputs);
    return { changes: plan.changes.length + plan.replaces.length > 0, replaces: plan.replaces, deleteBeforeReplace: false };
  },

  async create(ctx, inputs) {
    const client = ctx.client();
    const release = await ReleaseContext.of(client);
    const wanted = inputs as MeetingInputs;
    if (wanted.adoptEventId) return adoptMeeting(release, ctx, wanted);

    release.require("OpenTalkMeeting", { kind: "meeting", operation: "create", name: wanted.name ?? null, guestAccess: wanted.guestAccess, sip: wanted.sip });
    const sentAt = Date.now();
    let event: Event;
    try {
      event = await client.createEvent(creationBody(release, wanted));
    } catch (error) {
      if (!mayHaveBeenCreated(error)) throw error;
      throw await ambiguousCreateError(client, error, {
        kind: "meeting",
        sentAt,
        find: meetingsTitled(wanted.title, { adhoc: false }),
      });
    }
    if (!event.room) {
      throw partialCreateFailure(new Error(`Meeting ${event.id} was created, but OpenTalk's answer named no room for it`), event.id, { eventId: event.id, title: wanted.title }, inputs);
    }
    const roomId = event.room.id;
    const outputs = await meetingOutputs(release, event, undefined, null, wanted.guestAccess);
    try {
      // OpenTalk gives a new meeting dial-in (POST /v1/events always makes a SIP config): record what it really has
      // where it can be read, so a later `sip: { enabled: false }` is carried out.
      const { sip } = wanted.sip
        ? await applySteps(client, roomId, { sip: wanted.sip.enabled ? { action: "put", lobby: wanted.sip.lobby ?? false } : { action: "delete" } })
        : { sip: await release.readSip(roomId, (event.room.guest_access as GuestAccess | undefined) ?? null) };
      return { id: event.id, outs: await meetingOutputs(release, event, sip, null, wanted.guestAccess) };
    } catch (error) {
      throw partialCreateFailure(
        new Error(`Meeting ${event.id} was created, but setting up its SIP dial-in failed: ${(error as Error).message}`),
        event.id,
        // Recorded as the opposite of what was declared, so the next `up` plans the SIP step again.
        wanted.sip ? { ...outputs, sip: { enabled: !wanted.sip.enabled, lobby: false } } : outputs,
        inputs,
      );
    }
  },

  async read(ctx, id, props) {
    const client = ctx.client();
    let event: Event;
    try {
      event = await client.getEvent(id);
    } catch (error) {
      if (await isGone(client, error, { kind: "meeting", id, label: `meeting ${id}`, recorded: props })) return { id: "", props: {} };
      throw error;
    }
    await requireOwnedByConfiguredUser(client, `meeting ${id}`, event.created_by);
    const release = await ReleaseContext.of(client);
    const sip = props.sip?.enabled ? await release.readSip(event.room!.id, (event.room!.guest_access as GuestAccess | undefined) ?? null) : undefined;
    const outputs = await meetingOutputs(release, event, sip, props.adoptEventId ?? null, props.guestAccess ?? undefined);
    return { id, props: outputs, inputs: drifted(props, outputs) ? inputsFromOutputs(outputs, props) : undefined };
  },

  async update(ctx, id, olds, news) {
    const client = ctx.client();
    const release = await ReleaseContext.of(client);
    const recorded = olds as MeetingOutputs;
    const wanted = news as MeetingInputs;
    const plan = planMeetingUpdate(recordedMeeting(olds), wanted);
    release.require(`OpenTalkMeeting ${id}`, {
      kind: "meeting",
      operation: "update",
      name: wanted.name ?? null,
      nameChanges: plan.changes.includes("name"),
      guestAccess: plan.changes.includes("guestAccess") ? wanted.guestAccess : undefined,
      sip: plan.sip ? wanted.sip : undefined,
    });
    const { patched, sip } = await applySteps(client, recorded.roomId, { sip: plan.sip, patch: patches(client, id, recorded.roomId, plan) });
    const event = patched ?? (await client.getEvent(id));
    const sipNow = sip !== undefined ? sip : recorded.sip?.enabled ? sipFromOutputs(recorded) : undefined;
    return { outs: await meetingOutputs(release, event, sipNow, recorded.adoptEventId ?? null, wanted.guestAccess) };
  },

  async delete(ctx, id, props) {
    const client = ctx.client();
    try {
      await client.deleteEvent(id);
    } catch (error) {
      if (await isGone(client, error, { kind: "meeting", id, label: `meeting ${id}`, recorded: props })) return;
      throw error;
    }
  },
};

/**
 * The body of POST /v1/events. With end-to-end encryption guests are refused (0.34+: 400 invalid_guest_access when
 * guest access is merely defaulted), so guest access is sent as "disabled" where the release knows it.
 */
function creationBody(release: ReleaseContext, wanted: MeetingInputs): EventBody {
  const guestAccess = wanted.guestAccess ?? (wanted.e2eEncryption && release.caps.guestAccess ? "disabled" : undefined);
  return {
    title: wanted.title,
    description: wanted.description ?? "",
    is_adhoc: false,
    ...timingBody(wanted),
    ...(wanted.password !== undefined ? { password: wanted.password } : {}),
    waiting_room: wanted.waitingRoom ?? false,
    e2e_encryption: wanted.e2eEncryption ?? false,
    ...(guestAccess !== undefined ? { guest_access: guestAccess } : {}),
    ...(wanted.name !== undefined ? { room_name: wanted.name } : {}),
  };
}

/** Take over an existing meeting: it must exist and be the configured user's; then bring it to the declared state. */
async function adoptMeeting(release: ReleaseContext, ctx: ProviderContext, wanted: MeetingInputs): Promise<{ id: string; outs: Props }> {
  const client = release.client;
  const id = wanted.adoptEventId!;
  const me = await client.currentUser();
  let event: Event;
  try {
    event = await client.getEvent(id);
  } catch (error) {
    if (isControllerError(error) && (error.meaning === "denied" || error.meaning === "not-found")) {
      throw error.withHint(`cannot adopt meeting ${id}: it does not exist or belongs to another user than ${me.email} (opentalk meetings list shows your meetings)`);
    }
    throw error;
  }
  if (event.created_by && event.created_by.id !== me.id) {
    throw new ControllerError({
      method: "GET",
      path: `/v1/events/${id}`,
      status: 403,
      code: "forbidden",
      hint: `cannot adopt meeting ${id}: it belongs to ${event.created_by.email}, and only its owner can change or delete it`,
    });
  }
  const sip = await release.readSip(event.room!.id, (event.room!.guest_access as GuestAccess | undefined) ?? null);
  const live = await meetingOutputs(release, event, sip, id);
  const plan = planMeetingUpdate(live, wanted);
  release.require(`OpenTalkMeeting adopting ${id}`, {
    kind: "meeting",
    operation: "adopt",
    name: wanted.name ?? null,
    nameChanges: plan.changes.includes("name"),
    guestAccess: wanted.guestAccess,
    sip: plan.sip ? wanted.sip : undefined,
  });
  ctx.log.debug(`adopting meeting ${id}: changing ${plan.changes.join(", ") || "nothing"}`);
  const result = await applySteps(client, live.roomId, { sip: plan.sip, patch: patches(client, id, live.roomId, plan) });
  const finalSip = result.sip !== undefined ? result.sip : sip;
  return { id, outs: await meetingOutputs(release, result.patched ?? event, finalSip, id, wanted.guestAccess) };
}

/**
 * The plan's PATCHes as one step: room settings through the room's endpoint, then the event's own fields. Answers
 * the event as it is afterwards.
 */
function patches(client: OpenTalkClient, eventId: string, roomId: string, plan: MeetingPlan): (() => Promise<Event>) | undefined {
  const { roomPatch, eventPatch } = plan;
  if (!roomPatch && !eventPatch) return undefined;
  return async () => {
    if (roomPatch) await client.updateRoom(roomId, roomPatch);
    return eventPatch ? client.updateEvent(eventId, eventPatch as EventBody) : client.getEvent(eventId);
  };
}

function recordedMeeting(olds: Props): CurrentMeeting {
  return {
    eventId: olds.eventId,
    adoptEventId: olds.adoptEventId ?? null,
    title: olds.title ?? "",
    description: olds.description ?? "",
    startsAt: olds.startsAt ?? null,
    endsAt: olds.endsAt ?? null,
    timeZone: olds.timeZone ?? null,
    recurrence: olds.recurrence ?? [],
    password: olds.password ?? null,
    name: olds.name ?? null,
    waitingRoom: olds.waitingRoom ?? false,
    guestAccess: olds.guestAccess ?? null,
    e2eEncryption: olds.e2eEncryption ?? false,
    sip: { enabled: olds.sip?.enabled ?? false, lobby: olds.sip?.lobby ?? false },
  };
}

/**
 * Outputs from the event and, when known, the room's SIP config (undefined: not looked at, or not readable; null:
 * none). Dial-in comes from the event's `call_in` when the controller has a dial-in number configured, else from the
 * SIP config.
 */
async function meetingOutputs(
  release: ReleaseContext,
  event: Event,
  sip: SipConfig | null | undefined,
  adoptEventId: string | null,
  declaredGuestAccess?: GuestAccess,
): Promise<MeetingOutputs> {
  const room = event.room!;
  // A SIP config known to be gone outranks the event's call-in, which may predate its removal.
  const callIn = sip === null ? undefined : (room.call_in ?? undefined);
  const sipEnabled = sip !== undefined ? sip !== null : callIn !== undefined;
  // Controllers before 0.34 neither return nor keep guest access: record what was asked, so it is not re-sent forever.
  const guestAccess = (room.guest_access as GuestAccess | undefined) ?? declaredGuestAccess ?? null;
  const e2eEncryption = room.e2e_encryption ?? false;
  return structSafe({
    eventId: event.id,
    roomId: room.id,
    roomLink: roomLink(release.client.webUrl, room.id),
    title: event.title ?? "",
    description: event.description ?? "",
    ownerId: event.created_by?.id ?? "",
    ownerEmail: event.created_by?.email ?? "",
    createdAt: event.created_at ?? "",
    startsAt: event.starts_at?.datetime ?? null,
    endsAt: event.ends_at?.datetime ?? null,
    timeZone: event.starts_at?.timezone ?? null,
    recurrence: event.recurrence_pattern ?? [],
    password: room.password ?? null,
    waitingRoom: room.waiting_room,
    guestAccess,
    e2eEncryption,
    sip: { enabled: sipEnabled, lobby: sip?.lobby ?? false },
    sipTel: callIn?.tel ?? null,
    sipId: sip?.sip_id ?? callIn?.id ?? null,
    sipPin: sip?.password ?? callIn?.password ?? null,
    adoptEventId,
    name: nameOf(room),
    alias: room.alias ?? null,
    guestLink: await release.guestLink(room.id, { guestAccess, e2eEncryption }),
  });
}

/** The inputs a refreshed meeting would need now (without the password: see room-provider.ts). */
function inputsFromOutputs(outputs: MeetingOutputs, previous: Props): Props {
  return structSafe({
    title: outputs.title,
    description: outputs.description || undefined,
    startsAt: outputs.startsAt ?? undefined,
    endsAt: outputs.endsAt ?? undefined,
    timeZone: outputs.startsAt ? (outputs.timeZone ?? undefined) : undefined,
    recurrence: outputs.recurrence.length ? outputs.recurrence : undefined,
    waitingRoom: outputs.waitingRoom,
    guestAccess: outputs.guestAccess ?? undefined,
    e2eEncryption: outputs.e2eEncryption,
    sip: previous.sip?.enabled || outputs.sip.enabled ? outputs.sip : undefined,
    adoptEventId: outputs.adoptEventId ?? undefined,
    name: outputs.name ?? undefined,
  });
}

function sipFromOutputs(olds: MeetingOutputs): SipConfig | undefined {
  if (!olds.sipId) return undefined;
  return { room: olds.roomId, sip_id: olds.sipId, password: olds.sipPin ?? "", lobby: olds.sip?.lobby ?? false };
}
