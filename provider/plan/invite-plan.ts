import { sameId } from "./ids";
import type { InviteInputs, InviteOutputs } from "./invite-state";
import { isUnknown } from "./unknown";

export interface InvitePlan {
  replaces: string[];
  changes: string[];
  /** The expiration to PUT when it changes (null = never expires). Always the full wanted value. */
  expiration?: string | null;
}

/**
 * Decide how to bring an invite from its recorded state to the wanted inputs. A new room means a new invite
 * (invites belong to their room); a new expiry is changed in place, keeping the link. Room ids are compared as the
 * server reads them (sameId: a UUID in upper case is the same room), and expiry times as instants, so
 * `2026-12-01T10:00:00+01:00` and `2026-12-01T09:00:00Z` are the same and cause no update.
 */
export function planInviteUpdate(current: Pick<InviteOutputs, "roomId" | "expiresAt">, inputs: InviteInputs): InvitePlan {
  const replaces: string[] = [];
  const changes: string[] = [];
  let expiration: string | null | undefined;
  if (isUnknown(inputs.roomId) || !sameId(inputs.roomId, current.roomId)) replaces.push("roomId");
  const wanted = inputs.expiresAt ?? null;
  if (isUnknown(wanted) || !sameInstant(wanted, current.expiresAt)) {
    changes.push("expiresAt");
    // During preview the value may be unknown: there is nothing to convert, only the fact that it changes.
    expiration = wanted === null ? null : isUnknown(wanted) ? wanted : new Date(wanted).toISOString();
  }
  return { replaces, changes, expiration };
}

export function sameInstant(a: string | null | undefined, b: string | null | undefined): boolean {
  if (a == null || b == null) return (a ?? null) === (b ?? null);
  return Date.parse(a) === Date.parse(b);
}
