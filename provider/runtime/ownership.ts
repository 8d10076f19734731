import { isControllerError, type OpenTalkClient } from "../client";
import type { Props } from "./resource-implementation";

/**
 * Whether a failed GET/DELETE means the object is gone. The controller answers 403, not 404, both for a missing
 * room or meeting and for one that belongs to someone else; the owner recorded in state tells the two apart. A 403
 * for something recorded with another owner is a real permission problem (usually a changed opentalk:username),
 * reported with both users named, never taken for "gone".
 */
export async function isGone(client: OpenTalkClient, error: unknown, recorded: Props, what: string): Promise<boolean> {
  if (!isControllerError(error)) return false;
  if (error.status === 404) return true;
  // Only the controller's own 403 body: a proxy's or firewall's 403 says nothing about the object.
  if (error.status !== 403 || error.code !== "forbidden") return false;
  const me = await client.currentUser();
  const ownerId: string | undefined = recorded.ownerId;
  if (!ownerId || ownerId === me.id) return true;
  throw error.withHint(
    `${what} was created by another user (${recorded.ownerEmail ?? `id ${ownerId}`}) than the configured ${me.email}: ` +
      `configure the user who owns it, or remove it from the stack with "pulumi state delete"`,
  );
}
