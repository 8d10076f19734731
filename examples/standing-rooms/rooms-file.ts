import { readFileSync } from "node:fs";
import * as path from "node:path";
import { parseDocument } from "yaml";
import { z } from "zod";
import { inviteArgsProblems, meetingArgsProblems, roomArgsProblems, type GuestAccess } from "pulumi-opentalk";

/**
 * The rooms file: its shape (zod, strict — a misspelt key is an error, not silently ignored), then the provider's
 * own rules for each room and guest link, so the file is rejected with the same words `pulumi preview` would use,
 * before any resource is declared. Every problem is reported at once, with the file and its YAML path:
 *   rooms.yaml: rooms.weekly.guestAccess: must be one of "disabled", "waiting_room", "direct_access", got "everyone"
 */

const NAME = /^[a-z0-9][a-z0-9_-]{0,62}$/;
const nameRule = "must be 1–63 lower-case letters, digits, dashes or underscores, starting with a letter or digit";

// zod checks the file's structure: which keys exist and what is a map. The values of room settings are checked by
// the providers' own rules below, so each problem is reported once, in the words `pulumi preview` would use.
const GuestLink = z.strictObject({ expiresAt: z.unknown().optional() });

const Room = z.strictObject({
  title: z.unknown().optional(),
  description: z.unknown().optional(),
  adoptEventId: z.unknown().optional(),
  passwordConfig: z.string().min(1).optional(),
  waitingRoom: z.unknown().optional(),
  guestAccess: z.unknown().optional(),
  e2eEncryption: z.unknown().optional(),
  sip: z.unknown().optional(),
  adoptRoomId: z.unknown().optional(),
  guestLinks: z.record(z.string(), GuestLink.nullable()).optional(),
});

const RoomsFileSchema = z.strictObject({ rooms: z.record(z.string(), Room.nullable()) });

/** A room of the file, after validation. With a `title` it is a meeting (OpenTalkMeeting), else a plain room. */
export interface RoomSpec {
  title?: string;
  description?: string;
  adoptEventId?: string;
  passwordConfig?: string;
  waitingRoom?: boolean;
  guestAccess?: GuestAccess;
  e2eEncryption?: boolean;
  sip?: { enabled: boolean; lobby?: boolean };
  adoptRoomId?: string;
  guestLinks: Record<string, { expiresAt?: string }>;
}

export interface RoomsFile {
  rooms: Record<string, RoomSpec>;
}

export class RoomsFileError extends Error {
  override readonly name = "RoomsFileError";
  constructor(readonly file: string, readonly problems: string[]) {
    super(`${file} has ${problems.length === 1 ? "a problem" : `${problems.length} problems`}:\n${problems.map((p) => `  ${file}: ${p}`).join("\n")}`);
  }
}

export function loadRoomsFile(filePath: string): RoomsFile {
  return parseRoomsFile(readFileSync(filePath, "utf8"), path.basename(filePath));
}

/** Parse and validate a rooms file's text; `label` names it in messages. Throws RoomsFileError with every problem. */
export function parseRoomsFile(text: string, label = "rooms.yaml"): RoomsFile {
  const document = parseDocument(text, { prettyErrors: false });
  if (document.errors.length > 0) {
    throw new RoomsFileError(label, document.errors.map((e) => `not valid YAML: ${e.message.split("\n")[0]}`));
  }
  const raw: unknown = document.toJS() ?? {};
  const parsed = RoomsFileSchema.safeParse(raw);
  const problems = parsed.success ? [] : parsed.error.issues.map((issue) => `${yamlPath(issue.path)}: ${issue.message}`);

  // The providers' rules run over whatever rooms could be read, even when the structure has problems too, so a
  // file is reported whole, not one mistake per run.
  const rooms: RoomsFile["rooms"] = {};
  const roomEntries = isMap(raw) && isMap(raw.rooms) ? Object.entries(raw.rooms) : [];
  for (const [roomName, spec] of roomEntries) {
    const room = isMap(spec) ? spec : {};
    if (!NAME.test(roomName)) problems.push(`rooms.${roomName}: the name ${nameRule}`);
    const { guestLinks, passwordConfig: _password, ...settings } = room;
    const known = Object.fromEntries(Object.entries(settings).filter(([key]) => key in Room.shape));
    const settingProblems = "title" in known ? meetingArgsProblems(known) : roomArgsProblems(known);
    for (const problem of settingProblems) problems.push(`rooms.${roomName}.${problem.property}: ${problem.reason}`);
    const links: Record<string, { expiresAt?: string }> = {};
    for (const [linkName, link] of Object.entries(isMap(guestLinks) ? guestLinks : {})) {
      if (!NAME.test(linkName)) problems.push(`rooms.${roomName}.guestLinks.${linkName}: the name ${nameRule}`);
      const args = { roomId: "00000000-0000-4000-8000-000000000000", expiresAt: isMap(link) ? link.expiresAt : undefined };
      for (const problem of inviteArgsProblems(args)) {
        problems.push(`rooms.${roomName}.guestLinks.${linkName}.${problem.property}: ${problem.reason}`);
      }
      links[linkName] = (isMap(link) ? link : {}) as { expiresAt?: string };
    }
    rooms[roomName] = { ...(room as Omit<RoomSpec, "guestLinks">), guestLinks: links };
  }
  if (problems.length > 0) throw new RoomsFileError(label, problems);
  return { rooms };
}

function isMap(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

function yamlPath(path: ReadonlyArray<PropertyKey>): string {
  return path.length ? path.map(String).join(".") : "(top level)";
}
