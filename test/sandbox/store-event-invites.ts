/**
 * Event invites of registered users in the sandbox's data, kept out of `store.ts` for size; `SandboxStore` exposes
 * these methods. No rule checks here (who may invite, who is invited implicitly: `controller-event-invites.ts`);
 * tests use them for out-of-band changes (an invite sent from the web app). Deleting an event deletes its invites
 * (`store-events.ts`).
 */
import type { EventInviteRecord, SandboxState } from "./state";
import { nowWithMicroseconds } from "./timestamps";

export type SandboxEventInvite = EventInviteRecord;
export type EventInviteRole = EventInviteRecord["role"];
export type EventInviteStatus = EventInviteRecord["status"];

export class EventInviteBook {
  constructor(private readonly state: SandboxState) {}

  /** The invites of an event, oldest first (the order the controller lists invitees in). */
  forEvent(eventId: string): SandboxEventInvite[] {
    return this.state.data.eventInvites.filter((i) => i.eventId === eventId.toLowerCase()).map((i) => ({ ...i }));
  }

  /** The invite of `userId` to the event, if any. */
  of(eventId: string, userId: string): SandboxEventInvite | undefined {
    const invite = this.find(eventId, userId);
    return invite && { ...invite };
  }

  /** A new `pending` invite; `undefined` when the user already has one (the controller's `try_insert`). */
  insert(eventId: string, inviteeId: string, role: EventInviteRole, byUserId: string): SandboxEventInvite | undefined {
    if (this.find(eventId, inviteeId)) return undefined;
    const invite: EventInviteRecord = { eventId: eventId.toLowerCase(), inviteeId, role, status: "pending", createdById: byUserId, createdAt: nowWithMicroseconds() };
    this.state.data.eventInvites.push(invite);
    this.state.changed();
    return { ...invite };
  }

  /** What the invitee answers in the web app (`PATCH /v1/events/{id}/invite`, not routed in the sandbox). */
  setStatus(eventId: string, inviteeId: string, status: EventInviteStatus): SandboxEventInvite {
    const invite = this.find(eventId, inviteeId);
    if (!invite) throw new Error(`User ${inviteeId} is not invited to event ${eventId}.`);
    invite.status = status;
    this.state.changed();
    return { ...invite };
  }

  private find(eventId: string, userId: string): EventInviteRecord | undefined {
    return this.state.data.eventInvites.find((i) => i.eventId === eventId.toLowerCase() && i.inviteeId === userId);
  }
}
