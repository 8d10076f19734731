import { describe, type Rule } from "./check-failures";
import { isUuid } from "./ids";

/**
 * OpenTalk 0.35 room names (the `name` of a room or a meeting's room, from which the server derives the alias in
 * the room's address): 3–40 characters of a–z, 0–9, "." and "-", and not a UUID, which would be taken for a room
 * id in `/rooms/{room_id_or_alias}`. Source: /work/shared/opentalk/RELEASES.md, "0.35.0 … Room names (aliases)";
 * the controller checks a name with `POST /v1/rooms/name/verify`.
 */
const NAME_CHARACTERS = /^[a-z0-9.-]+$/;

export const roomName: Rule = (value) => {
  const ok = typeof value === "string" && value.length >= 3 && value.length <= 40 && NAME_CHARACTERS.test(value) && !isUuid(value);
  return ok ? undefined : `must be 3–40 characters of a–z, 0–9, "." and "-", and not a UUID, got ${describe(value)}`;
};
