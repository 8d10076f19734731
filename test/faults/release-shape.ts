// What the fault stack declares and sends on each released controller. The releases differ here in one way that
// matters to faults: up to 0.34 a guest link is an invite code, a server object with its own create (a POST that must
// not be repeated), update (PUT) and delete; from 0.35 there are no invite codes (CHANGELOG 0.35.0 "Remove invite-code
// api"), the guest link is the room link, and an OpenTalkInvite only reads its room (create and refresh are
// `GET /v1/rooms/{id}`; update and delete send nothing). A fault aimed at "the guest links' creates" therefore strikes
// POSTs up to 0.34 and room reads on 0.35, where they are repeated like any read. Everything else a fault can meet —
// the retry policy, the refusal of a revoked token (401, or 0.30's 500), the 0.29 controller login after each token
// grant — is the client's, and the families see it through the requests below.
import { PROFILES, type ControllerVersion } from "../sandbox";

/** Fault `path` patterns for the requests of each operation (the sandbox matches them against the raw path). */
export const PATHS = {
  roomCreate: "^/v1/rooms$",
  inviteCreate: "^/v1/rooms/[^/]+/invites$",
  /** Meeting writes carry `?suppress_email_notification=true`. */
  meetingCreate: "^/v1/events(\\?[^/]*)?$",
  /** GET, PATCH, DELETE of one room. */
  room: "^/v1/rooms/[^/]+$",
  /** GET, PUT, DELETE of one invite. */
  invite: "^/v1/rooms/[^/]+/invites/[^/]+$",
  /** GET, PATCH, DELETE of one event. */
  meeting: "^/v1/events/[^/?]+(\\?[^/]*)?$",
} as const;

/** One kind of request, as a sandbox fault matches it. */
export interface RequestTarget {
  method: string;
  path: string;
}

export type ResourceOperation = "create" | "update" | "read" | "delete";
export type ResourceKind = "room" | "invite" | "meeting";

export type StackVersion = 1 | 2;

/** The request each kind of resource sends for each operation on a release (undefined: it sends none). */
export type Requests = Record<ResourceKind, Record<ResourceOperation, RequestTarget | undefined>>;

export interface ReleaseShape {
  release: ControllerVersion;
  /** `OpenTalk 0.35.0`, as test names say it. */
  label: string;
  /** Guest links are invite codes, each a server object (≤ 0.34); from 0.35 the room link is the guest link. */
  inviteCodes: boolean;
  /** Rooms can be named (0.35): the stack renames them between versions, a change the room PATCH carries. */
  roomNames: boolean;
  requests: Requests;
}

const ROOM = { create: { method: "POST", path: PATHS.roomCreate }, read: { method: "GET", path: PATHS.room }, update: { method: "PATCH", path: PATHS.room }, delete: { method: "DELETE", path: PATHS.room } };
const MEETING = { create: { method: "POST", path: PATHS.meetingCreate }, read: { method: "GET", path: PATHS.meeting }, update: { method: "PATCH", path: PATHS.meeting }, delete: { method: "DELETE", path: PATHS.meeting } };
const INVITE_CODE = { create: { method: "POST", path: PATHS.inviteCreate }, read: { method: "GET", path: PATHS.invite }, update: { method: "PUT", path: PATHS.invite }, delete: { method: "DELETE", path: PATHS.invite } };
/** 0.35: the room is read to see whether it lets guests in; there is nothing to change or revoke. */
const ROOM_LINK = { create: { method: "GET", path: PATHS.room }, read: { method: "GET", path: PATHS.room }, update: undefined, delete: undefined };

export function shapeOf(release: ControllerVersion): ReleaseShape {
  const profile = PROFILES[release];
  const inviteCodes = profile.inviteApi !== "gone";
  return {
    release,
    label: `OpenTalk ${profile.release}`,
    inviteCodes,
    roomNames: profile.roomNames,
    requests: { room: ROOM, meeting: MEETING, invite: inviteCodes ? INVITE_CODE : ROOM_LINK },
  };
}

/**
 * The requests one operation of the stack sends, each kind once with how many resources send it: on 0.35 a refresh
 * reads every room twice (once for the room, once for its guest link), so that is one target with twice the count.
 */
export function requestsOf(shape: ReleaseShape, operation: ResourceOperation, counts: Partial<Record<ResourceKind, number>>): (RequestTarget & { count: number })[] {
  const targets: (RequestTarget & { count: number })[] = [];
  for (const [kind, count] of Object.entries(counts) as [ResourceKind, number][]) {
    const target = shape.requests[kind][operation];
    if (!target || count === 0) continue;
    const same = targets.find((t) => t.method === target.method && t.path === target.path);
    if (same) same.count += count;
    else targets.push({ ...target, count });
  }
  return targets;
}

const EXPIRY: Record<StackVersion, string> = { 1: "2031-01-01T00:00:00Z", 2: "2032-06-30T12:00:00Z" };

/**
 * The inputs of each resource at each version. Every room's password (`fault-r07-v1`) and every meeting's title
 * (`fault-m03`) names its resource, so the books can trace any server object to the resource it was made for. Between versions each room changes its password and waiting room (and name, on 0.35);
 * each guest link changes its expiry where there are invite codes — 0.35 refuses an expiry by design (it cannot
 * enforce one), so there the guest links are declared without one and have nothing to change; each meeting changes
 * its description and waiting room.
 */
export const declared = {
  room(shape: ReleaseShape, name: string, version: StackVersion): Record<string, unknown> {
    // The name is not the password: a password is a secret, and messages mask it wherever it appears.
    return { password: `fault-${name}-v${version}`, waitingRoom: version === 2, ...(shape.roomNames ? { name: `${name}-v${version}` } : {}) };
  },
  invite(shape: ReleaseShape, roomId: string, version: StackVersion): Record<string, unknown> {
    return { roomId, ...(shape.inviteCodes ? { expiresAt: EXPIRY[version] } : {}) };
  },
  meeting(name: string, version: StackVersion): Record<string, unknown> {
    return { title: `fault-${name}`, description: `version ${version}`, waitingRoom: version === 2 };
  },
};

/** The resource a room password (`fault-r07-v2`) or meeting title (`fault-m03`) was declared for. */
export function taggedName(text: string | null | undefined): string | undefined {
  return /^fault-([rm]\d{2})(-v\d)?$/.exec(text ?? "")?.[1];
}
