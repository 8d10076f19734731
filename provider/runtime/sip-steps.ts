import type { OpenTalkClient, SipConfig } from "../client";
import type { SipStep } from "../plan/room-plan";

/**
 * Carry out a plan's steps in the one order that always works: SIP removal first, then the settings PATCH, then
 * SIP set-up — so a room can go from SIP to end-to-end encryption and back in one update.
 * Returns what the PATCH answered and the SIP config afterwards (null: removed; undefined: untouched).
 */
export async function applySteps<T>(
  client: OpenTalkClient,
  roomId: string,
  steps: { sip?: SipStep; patch?: () => Promise<T> },
): Promise<{ patched?: T; sip?: SipConfig | null }> {
  let sip: SipConfig | null | undefined;
  let patched: T | undefined;
  if (steps.sip?.action === "delete") {
    await client.deleteSipConfig(roomId);
    sip = null;
  }
  if (steps.patch) patched = await steps.patch();
  if (steps.sip?.action === "put") sip = await client.putSipConfig(roomId, { lobby: steps.sip.lobby });
  return { patched, sip };
}
