/** The controller's SIP credentials: a random 10-digit SIP id (unique across rooms) and a random 10-digit PIN. */
import * as crypto from "node:crypto";
import type { SipConfigRecord } from "./state";

export function newSipConfig(roomId: string, existing: readonly SipConfigRecord[]): SipConfigRecord {
  let sipId = randomDigits();
  while (existing.some((s) => s.sipId === sipId)) sipId = randomDigits();
  return { roomId, sipId, password: randomDigits(), lobby: false };
}

function randomDigits(): string {
  return String(crypto.randomInt(0, 10_000_000_000)).padStart(10, "0");
}
