import { TYPE_TOKENS } from "../resources/type-tokens";

/** Rooms and meetings have the same room settings (OpenTalkRoomSettings); the room rules apply to both. */
export function isRoomOrMeeting(type: string): boolean {
  return type === TYPE_TOKENS.room || type === TYPE_TOKENS.meeting;
}
