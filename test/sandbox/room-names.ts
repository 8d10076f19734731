/**
 * 0.35 room names (CHANGELOG 0.35.0 "Add optional alias to rooms", !2723): `RoomName` is 3–40 characters of
 * `a-z0-9.-` that must not parse as a UUID (opentalk-types-common 0.49.0 `rooms/room_name.rs`); the room's alias
 * is `{name}_{suffix}`, or just `{name}` with `defaults.room_alias.disable_suffix` (SVC/utils.rs @ 46daa1b0
 * `build_room_alias`; `rooms/room_alias.rs`). The suffix's length and alphabet were not verified
 * (release-034-035.md §2); the sandbox uses 8 of `a-z0-9`.
 */
import * as crypto from "node:crypto";
import { authenticated } from "./controller-auth";
import type { ControllerContext } from "./controller-context";
import { jsonResponse, Router } from "./http-server";
import { isUuid, JsonBody, readJsonBody } from "./json-body";
import type { SandboxOptions } from "./types";

const SUFFIX_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
const SUFFIX_LENGTH = 8;

export function isRoomName(value: string): boolean {
  return /^[a-z0-9.-]{3,40}$/.test(value) && !isUuid(value);
}

/** `name` of a body: absent, `null` (where the body allows removing it) or a valid `RoomName` (else 400 invalid_json). */
export function readRoomName(body: JsonBody, field: string, nullable: boolean): string | null | undefined {
  const name = body.string(field, nullable);
  // The exact `TryFromRoomNameError` texts were not seen (release-034-035.md §2); serde wraps them like this.
  if (typeof name === "string" && !isRoomName(name)) body.fail(field, `invalid room name \`${name}\`: expected 3 to 40 characters of a-z, 0-9, '.' and '-' that do not form a UUID`);
  return name;
}

export function aliasMaker(option: SandboxOptions["roomAliasSuffix"]): (name: string) => string {
  if (option === "none") return (name) => name;
  if (typeof option === "function") return (name) => `${name}_${option(name)}`;
  return (name) => `${name}_${Array.from(crypto.randomBytes(SUFFIX_LENGTH), (b) => SUFFIX_ALPHABET[b % SUFFIX_ALPHABET.length]).join("")}`;
}

/** An alias another room already has: only possible without suffixes. */
export function aliasTaken(ctx: ControllerContext, alias: string | null, exceptRoomId?: string): boolean {
  if (alias === null) return false;
  const holder = ctx.store.roomByAlias(alias);
  return holder !== undefined && holder.id !== exceptRoomId;
}

/**
 * `POST /v1/rooms/name/verify` (AW/src/v1/rooms/name/verify.rs @ 06448d1c, read_file id 68527504141): registered
 * users only (`require_read_write_user`, AZDB/src/room/name_verify.rs @ 5476b804); 400 for an invalid name; 200
 * "the response body tells if the name is available". The response's field name was not seen: `available` is the
 * sandbox's guess. With suffixes on, every valid name is available.
 */
export function registerRoomNameRoutes(router: Router, ctx: ControllerContext): void {
  router.add(
    "POST",
    "/v1/rooms/name/verify",
    authenticated(ctx, (req) => {
      const body = readJsonBody(req, "PostRoomNameVerifyRequestBody");
      const name = readRoomName(body, "name", false) ?? body.fail(undefined, "missing field `name`");
      // Suffixed aliases never equal a bare name; only `roomAliasSuffix: "none"` can make a name unavailable.
      return jsonResponse(200, { available: ctx.store.roomByAlias(name) === undefined });
    }),
  );
}
