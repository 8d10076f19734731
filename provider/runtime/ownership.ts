import { OpenTalkError, type OpenTalkClient } from "../client";

/**
 * Refuses an object the configured user can read without owning it. The controller lets a user read the meetings
 * they are invited to (every release) and, up to 0.30, their rooms; a refresh that took such an object as the
 * user's would record someone else's meeting in the stack, and every later change would fail on the controller's
 * 403. `owner` is the object's `created_by` as the controller shows it.
 */
export async function requireOwnedByConfiguredUser(client: OpenTalkClient, label: string, owner: { id: string; email: string } | undefined): Promise<void> {
  if (!owner) return;
  const me = await client.currentUser();
  if (owner.id === me.id) return;
  throw new OpenTalkError(
    `${label} was created by another user (${owner.email}) than the configured ${me.email}, who can see it only as ` +
      `an invitee of its meeting: configure the user who owns it, or remove it from the stack with "pulumi state delete"`,
  );
}
