import { calendarDay } from "../plan/calendar-day";
import { escapeMarkdown } from "./markdown-text";
import type { ResourceKind } from "../resources/type-tokens";
import { hasSecret, sameSetting, SECRET, UNKNOWN, type SettingValue } from "./property-values";

/**
 * The words a reviewer reads for each setting of a room, meeting or guest link: what it is now, and how it changed.
 * Secrets are never described by value — a password is "set", "removed" or "changed", nothing more.
 */
type Settings = Record<string, SettingValue>;

const GUEST_ACCESS_NOW: Record<string, string> = {
  direct_access: "guests now enter directly",
  waiting_room: "guests now wait in the waiting room",
  disabled: "guests can no longer join",
};
const GUEST_ACCESS_WAS: Record<string, string> = { direct_access: "direct", waiting_room: "waiting room", disabled: "no guests" };
const GUEST_ACCESS_IS: Record<string, string> = {
  direct_access: "guests enter directly",
  waiting_room: "guests wait in the waiting room",
  disabled: "no guests",
};

/** Room settings, in the order a reviewer cares about them; the schedule keys of meetings come after. */
const ROOM_KEYS = ["title", "guestAccess", "waitingRoom", "password", "e2eEncryption", "sip", "name", "description"];
const SCHEDULE_KEYS: Record<string, string> = { startsAt: "start", endsAt: "end", timeZone: "time zone", recurrence: "repeats" };
/** Keys that only say which object a resource is, shown as replacement reasons, not as changes. */
const IDENTITY_KEYS = new Set(["adoptRoomId", "adoptEventId", "roomId"]);
/** Outputs a server reports that are no setting of the rooms file (ids, owner, dial-in numbers, links). */
const REPORTED_KEYS = new Set([
  "eventId", "roomLink", "ownerId", "ownerEmail", "createdAt", "sipId", "sipPin", "sipTel", "alias", "guestLink", "inviteCode", "active",
]);

/** What changed between two sets of settings, in words; `hidden` when a difference may sit in a secret. */
export function changePhrases(kind: ResourceKind, old: Settings, now: Settings): { phrases: string[]; hidden: boolean } {
  return kind === "invite" ? inviteChanges(old, now) : roomChanges(old, now);
}

/** A new resource's settings, in words. */
export function summary(kind: ResourceKind, now: Settings): string {
  if (kind === "invite") return expiryWords(now.expiresAt);
  const parts = [
    typeof now.guestAccess === "string" ? GUEST_ACCESS_IS[now.guestAccess] ?? `guest access ${now.guestAccess}` : "guest access left to the server",
    now.waitingRoom === true ? "waiting room on" : undefined,
    now.password !== undefined && now.password !== null ? "password set" : undefined,
    now.e2eEncryption === true ? "end-to-end encrypted" : undefined,
    sipWords(now.sip),
  ];
  return parts.filter(Boolean).join("; ");
}

function roomChanges(old: Settings, now: Settings): { phrases: string[]; hidden: boolean } {
  const phrases: string[] = [];
  let hidden = false;
  const schedule: string[] = [];
  const keys = [...new Set([...ROOM_KEYS, ...Object.keys(old), ...Object.keys(now)])];
  for (const key of keys) {
    if (IDENTITY_KEYS.has(key) || REPORTED_KEYS.has(key)) continue;
    const same = sameSetting(old[key], now[key]);
    if (same === undefined) hidden ||= hasSecret(old[key]) || hasSecret(now[key]);
    if (same !== false) continue;
    if (key in SCHEDULE_KEYS) schedule.push(SCHEDULE_KEYS[key]!);
    else phrases.push(roomChange(key, old[key], now[key]));
  }
  if (schedule.length > 0) phrases.push(`schedule changed (${schedule.join(", ")})`);
  return { phrases, hidden };
}

function roomChange(key: string, old: SettingValue, now: SettingValue): string {
  if (now === UNKNOWN) return `${key} known after apply`;
  switch (key) {
    case "title":
      return `title ${quoted(old)} → ${quoted(now)}`;
    case "description":
      return "description changed";
    case "guestAccess":
      return `${typeof now === "string" ? GUEST_ACCESS_NOW[now] ?? `guest access now ${now}` : "guest access now left to the server"} (was: ${typeof old === "string" ? GUEST_ACCESS_WAS[old] ?? old : "server default"})`;
    case "waitingRoom":
      return now === true ? "waiting room on (was: off)" : "waiting room off (was: on)";
    case "password":
      if (old === undefined || old === null) return "password set";
      if (now === undefined || now === null) return "password removed — anyone with the link gets as far as the room allows";
      return "password changed";
    case "e2eEncryption":
      return now === true ? "end-to-end encryption on" : "end-to-end encryption off";
    case "sip":
      return sipChange(old, now);
    case "name":
      return typeof now === "string" ? `room name ${quoted(now)}${typeof old === "string" ? ` (was: ${quoted(old)})` : ""}` : "room name removed";
    default:
      return `${key} changed`;
  }
}

function sipWords(sip: SettingValue): string | undefined {
  if (!isEnabled(sip)) return undefined;
  return (sip as Settings).lobby === true ? "phone dial-in (callers wait in the lobby)" : "phone dial-in (callers join without waiting)";
}

function sipChange(old: SettingValue, now: SettingValue): string {
  if (now === undefined || now === null) return "phone dial-in left to OpenTalk";
  if (!isEnabled(now)) return "phone dial-in off";
  const lobby = (now as Settings).lobby === true;
  if (!isEnabled(old)) return `phone dial-in on (${lobby ? "callers wait in the lobby" : "callers join without waiting"})`;
  return lobby ? "phone callers now wait in the lobby" : "phone callers now join without waiting in the lobby";
}

function isEnabled(sip: SettingValue): boolean {
  return sip !== null && typeof sip === "object" && !Array.isArray(sip) && (sip as Settings).enabled === true;
}

function inviteChanges(old: Settings, now: Settings): { phrases: string[]; hidden: boolean } {
  const phrases: string[] = [];
  if (sameSetting(old.expiresAt, now.expiresAt) === false) {
    const [from, to] = [old.expiresAt, now.expiresAt];
    if (to === UNKNOWN) phrases.push("expiry known after apply");
    else if (typeof from === "string" && typeof to === "string") phrases.push(`expiry ${calendarDay(from)} → ${calendarDay(to)}`);
    else if (typeof to === "string") phrases.push(`now expires ${calendarDay(to)} (was: never)`);
    else phrases.push(`expiry removed — the link never expires (was: ${typeof from === "string" ? calendarDay(from) : "set"})`);
  }
  const hidden = sameSetting(old.expiresAt, now.expiresAt) === undefined && (old.expiresAt === SECRET || now.expiresAt === SECRET);
  return { phrases, hidden };
}

function expiryWords(expiresAt: SettingValue): string {
  if (expiresAt === UNKNOWN) return "expiry known after apply";
  return typeof expiresAt === "string" ? `expires ${calendarDay(expiresAt)}` : "never expires";
}

/** Text of a setting in a sentence; it is never a secret here (callers check), but guard anyway. */
function quoted(value: SettingValue): string {
  if (value === SECRET) return "(secret)";
  if (value === UNKNOWN) return "(known after apply)";
  return typeof value === "string" ? `"${escapeMarkdown(value)}"` : "(none)";
}
