/**
 * Guest invites in the sandbox's data, kept out of `store.ts` for size; `SandboxStore` exposes these methods.
 * No rule checks here (the HTTP routes enforce the release's rules); tests use them for out-of-band changes.
 */
import * as crypto from "node:crypto";
import type { InviteRecord, SandboxState } from "./state";
import { nowWithMicroseconds } from "./timestamps";

export class InviteBook {
  constructor(private readonly state: SandboxState) {}

  list(roomId: string): InviteRecord[] {
    return this.state.data.invites
      .filter((i) => i.roomId === roomId.toLowerCase())
      .sort((a, b) => (a.updatedAt < b.updatedAt ? 1 : a.updatedAt > b.updatedAt ? -1 : 0))
      .map((i) => ({ ...i }));
  }

  get(roomId: string, code: string): InviteRecord | undefined {
    const invite = this.find(roomId, code);
    return invite && { ...invite };
  }

  byCode(code: string): InviteRecord | undefined {
    const invite = this.state.data.invites.find((i) => i.code === code.toLowerCase());
    return invite && { ...invite };
  }

  create(roomId: string, ownerId: string, expiration: string | null, byUserId: string | undefined): InviteRecord {
    const now = nowWithMicroseconds();
    const author = byUserId ?? ownerId;
    const invite: InviteRecord = { code: crypto.randomUUID(), roomId: roomId.toLowerCase(), createdById: author, createdAt: now, updatedById: author, updatedAt: now, active: true, expiration };
    this.state.data.invites.push(invite);
    this.state.changed();
    return { ...invite };
  }

  setExpiration(roomId: string, code: string, expiration: string | null, byUserId: string | undefined): InviteRecord {
    const invite = this.require(roomId, code);
    invite.expiration = expiration;
    this.touch(invite, byUserId);
    return { ...invite };
  }

  deactivate(roomId: string, code: string, byUserId: string | undefined): InviteRecord {
    const invite = this.require(roomId, code);
    invite.active = false;
    this.touch(invite, byUserId);
    return { ...invite };
  }

  delete(roomId: string, code: string): boolean {
    const before = this.state.data.invites.length;
    this.state.data.invites = this.state.data.invites.filter((i) => !(i.roomId === roomId.toLowerCase() && i.code === code.toLowerCase()));
    this.state.changed();
    return this.state.data.invites.length < before;
  }

  private find(roomId: string, code: string): InviteRecord | undefined {
    return this.state.data.invites.find((i) => i.roomId === roomId.toLowerCase() && i.code === code.toLowerCase());
  }

  private require(roomId: string, code: string): InviteRecord {
    const invite = this.find(roomId, code);
    if (!invite) throw new Error(`Room ${roomId} has no invite with that code.`);
    return invite;
  }

  private touch(invite: InviteRecord, byUserId: string | undefined): void {
    invite.updatedAt = nowWithMicroseconds();
    invite.updatedById = byUserId ?? invite.updatedById;
    this.state.changed();
  }
}
