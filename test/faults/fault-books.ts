// The books of the fault stack: what the sandbox holds for the configured user against what the stack's state records,
// by resource name. A room is traced to its resource by its password (`fault-r07-v1`), a meeting by its title
// (`fault-m03`), a guest link with an invite code by the room it belongs to (a link in r07's room belongs to i07). On
// 0.35 a guest link is the room link and has no server object: it can be neither duplicated nor orphaned, and it is
// missing when its room is not there or its recorded link is not that room's link.
import { inviteId } from "../../provider/runtime/invite-provider";
import type { RecordedResource } from "../harness/engine";
import type { Sandbox } from "../sandbox";
import { taggedName, type ReleaseShape } from "./release-shape";

export const TYPES = {
  room: "pulumi-nodejs:dynamic/opentalk:Room",
  invite: "pulumi-nodejs:dynamic/opentalk:Invite",
  meeting: "pulumi-nodejs:dynamic/opentalk:Meeting",
} as const;

export interface Accounting {
  /** Server objects made for a resource that the state does not know. */
  orphanRooms: string[];
  orphanInvites: string[];
  orphanMeetings: string[];
  /** State entries with nothing (active) behind them on the server. */
  missingRooms: string[];
  missingInvites: string[];
  missingMeetings: string[];
  /** Resources with more than one room, active guest link or meeting on the server. */
  duplicateRooms: string[];
  duplicateInvites: string[];
  duplicateMeetings: string[];
}

export const CLEAN: Readonly<Accounting> = Object.freeze({
  orphanRooms: [],
  orphanInvites: [],
  orphanMeetings: [],
  missingRooms: [],
  missingInvites: [],
  missingMeetings: [],
  duplicateRooms: [],
  duplicateInvites: [],
  duplicateMeetings: [],
});

export function nameOf(resource: { urn: string }): string {
  return resource.urn.split("::").pop()!;
}

const inviteNameOfRoom = (room: string) => `i${room.slice(1)}`;

/** The configured user's rooms (plain and of meetings), meetings and active guest links, as the sandbox holds them. */
function serverView(sandbox: Sandbox) {
  const user = sandbox.store.user(sandbox.username);
  const rooms = user ? sandbox.store.roomsOwnedBy(user.id) : [];
  return {
    plainRooms: rooms.filter((room) => room.eventId === null),
    events: user ? sandbox.store.events().filter((event) => event.ownerId === user.id) : [],
    activeInvites: (roomId: string) =>
      sandbox.store.invites(roomId).filter((invite) => invite.active && (invite.expiration === null || Date.parse(invite.expiration) > Date.now())),
  };
}

export function account(sandbox: Sandbox, shape: ReleaseShape, recorded: RecordedResource[]): Accounting {
  const server = serverView(sandbox);
  const ofType = (type: string) => recorded.filter((resource) => resource.type === type);
  const stateRooms = new Set(ofType(TYPES.room).map((room) => room.id));
  const stateInvites = new Set(ofType(TYPES.invite).map((invite) => invite.id));
  const stateMeetings = new Set(ofType(TYPES.meeting).map((meeting) => meeting.id));
  const books: Accounting = structuredClone({ ...CLEAN }) as Accounting;

  const roomsPerResource = new Map<string, number>();
  const serverInvites = new Set<string>();
  for (const room of server.plainRooms) {
    const name = taggedName(room.password) ?? `untagged room ${room.id}`;
    roomsPerResource.set(name, (roomsPerResource.get(name) ?? 0) + 1);
    if (!stateRooms.has(room.id)) books.orphanRooms.push(name);
    if (!shape.inviteCodes) continue;
    const invites = server.activeInvites(room.id);
    if (invites.length > 1) books.duplicateInvites.push(inviteNameOfRoom(name));
    for (const invite of invites) {
      serverInvites.add(inviteId(invite.code));
      if (!stateInvites.has(inviteId(invite.code))) books.orphanInvites.push(inviteNameOfRoom(name));
    }
  }
  books.duplicateRooms = duplicates(roomsPerResource);

  const meetingsPerResource = new Map<string, number>();
  const serverMeetings = new Set<string>();
  for (const event of server.events) {
    const name = taggedName(event.title) ?? `untagged meeting ${event.id}`;
    meetingsPerResource.set(name, (meetingsPerResource.get(name) ?? 0) + 1);
    serverMeetings.add(event.id);
    if (!stateMeetings.has(event.id)) books.orphanMeetings.push(name);
  }
  books.duplicateMeetings = duplicates(meetingsPerResource);

  const serverRooms = new Set(server.plainRooms.map((room) => room.id));
  for (const room of ofType(TYPES.room)) if (!serverRooms.has(room.id)) books.missingRooms.push(nameOf(room));
  for (const meeting of ofType(TYPES.meeting)) if (!serverMeetings.has(meeting.id)) books.missingMeetings.push(nameOf(meeting));
  for (const invite of ofType(TYPES.invite)) {
    const roomId = invite.outputs.roomId as string;
    const present = shape.inviteCodes
      ? serverInvites.has(invite.id)
      : serverRooms.has(roomId) && invite.outputs.guestLink === `${sandbox.url}/room/${roomId}`;
    if (!present) books.missingInvites.push(nameOf(invite));
  }
  for (const list of Object.values(books)) (list as string[]).sort();
  return books;
}

function duplicates(perResource: Map<string, number>): string[] {
  return [...perResource].filter(([, count]) => count > 1).map(([name]) => name);
}

/** Deletes rooms, meetings and guest links the state does not know (left by an ambiguous create), so the next test starts clean. */
export function removeOrphans(sandbox: Sandbox, shape: ReleaseShape, recorded: RecordedResource[]): void {
  const server = serverView(sandbox);
  const ids = new Set(recorded.map((resource) => resource.id));
  for (const event of server.events) if (!ids.has(event.id)) sandbox.store.deleteEvent(event.id);
  for (const room of server.plainRooms) {
    if (!ids.has(room.id)) {
      sandbox.store.deleteRoom(room.id);
      continue;
    }
    if (!shape.inviteCodes) continue;
    for (const invite of server.activeInvites(room.id)) {
      if (!ids.has(inviteId(invite.code))) sandbox.store.deactivateInvite(room.id, invite.code);
    }
  }
}
