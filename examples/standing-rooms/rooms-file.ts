import { readFileSync } from "node:fs";
import * as path from "node:path";
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node, type Pair } from "yaml";
import {
  guestLinkConflicts,
  inviteArgsProblems,
  inviteArgsWarnings,
  meetingArgsProblems,
  roomArgsProblems,
  type CheckFailure,
  type GuestAccess,
} from "pulumi-opentalk";
import { closestKey, describeYamlError, kindOf } from "./rooms-file-words";

/**
 * The rooms file: its structure, then the providers' own check rules for each room and guest link — the same
 * functions `pulumi preview` runs, so a file that passes here fails no check later (the password aside: it comes
 * from the stack's config). Every problem is reported at once, with the file, the line and column, and the YAML path:
 *   rooms.yaml:7:18: rooms.weekly.guestAccess: must be one of "disabled", "waiting_room", "direct_access", got "everyone"
 */

/** A room of the file, after validation. With a `title` it is a meeting (OpenTalkMeeting), else a plain room. */
export interface RoomSpec {
  title?: string;
  description?: string;
  adoptEventId?: string;
  /** OpenTalk 0.35 room name (the room's alias is made from it). */
  name?: string;
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
  /** What `pulumi preview` would warn about (a guest link whose expiry has passed), located like problems. */
  warnings: string[];
}

export class RoomsFileError extends Error {
  override readonly name = "RoomsFileError";
  /** Each problem as one line: `rooms.yaml:7:18: rooms.weekly.guestAccess: …`. */
  constructor(readonly file: string, readonly problems: string[]) {
    super(`${file} has ${problems.length === 1 ? "a problem" : `${problems.length} problems`}:\n${problems.map((p) => `  ${p}`).join("\n")}`);
  }
}

/** What each key of an entry is for, in the order the file's comment lists them. */
const ROOM_KEYS = ["title", "description", "name", "passwordConfig", "waitingRoom", "guestAccess", "e2eEncryption", "sip", "adoptRoomId", "adoptEventId", "guestLinks"];
const LINK_KEYS = ["expiresAt"];
/** Entry and link names become resource names (`weekly`, `weekly/customer-acme`). */
const NAME = /^[a-z0-9][a-z0-9_-]{0,62}$/;
const NAME_RULE = "must be 1–63 lower-case letters, digits, dashes or underscores, starting with a letter or digit";
/** Invites are checked without their room, which does not exist yet: any id stands in for it. */
const SOME_ROOM_ID = "00000000-0000-4000-8000-000000000000";

export function loadRoomsFile(filePath: string): RoomsFile {
  return parseRoomsFile(readFileSync(filePath, "utf8"), path.basename(filePath));
}

/** Parse and validate a rooms file's text; `label` names it in messages. Throws RoomsFileError with every problem. */
export function parseRoomsFile(text: string, label = "rooms.yaml", now: number = Date.now()): RoomsFile {
  const lines = new LineCounter();
  const document = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const at = (offset: number | undefined) => {
    if (offset === undefined) return label;
    const { line, col } = lines.linePos(offset);
    return `${label}:${line}:${col}`;
  };
  if (document.errors.length > 0) {
    throw new RoomsFileError(label, document.errors.map((error) => `${at(error.pos[0])}: not valid YAML: ${describeYamlError(error, text)}`));
  }
  const file = new FileCheck(document, at);
  const rooms = file.rooms(now);
  if (file.problems.length > 0) throw new RoomsFileError(label, file.problems);
  return { rooms, warnings: file.warnings };
}

/** One pass over a parsed file, collecting every problem and warning with its place. */
class FileCheck {
  readonly problems: string[] = [];
  readonly warnings: string[] = [];

  constructor(private readonly document: Document, private readonly at: (offset: number | undefined) => string) {}

  rooms(now: number): Record<string, RoomSpec> {
    const top = this.document.contents;
    const roomsPair = isMap(top) ? top.items.find((pair) => keyOf(pair) === "rooms") : undefined;
    for (const pair of isMap(top) ? top.items : []) {
      const key = keyOf(pair);
      if (key === "rooms") continue;
      const hint = closestKey(key, ["rooms"]);
      this.problem(pair.key, key, `the file has one top-level key, "rooms:"${hint ? ` — did you mean "${hint}"?` : ", and nothing else"}`);
    }
    if (!roomsPair || isEmpty(roomsPair.value)) {
      this.problems.unshift(`${this.at(undefined)}: the file needs a top-level "rooms:" map of room entries`);
      return {};
    }
    if (!isMap(roomsPair.value)) {
      this.problem(roomsPair.value, "rooms", `must be a map of room entries (name: settings), got ${kindOf(roomsPair.value)}`);
      return {};
    }
    const rooms: Record<string, RoomSpec> = {};
    for (const pair of roomsPair.value.items) {
      const name = keyOf(pair);
      const room = this.room(`rooms.${name}`, pair, now);
      if (room) rooms[name] = room;
    }
    return rooms;
  }

  private room(where: string, pair: Pair, now: number): RoomSpec | undefined {
    if (!NAME.test(keyOf(pair))) this.problem(pair.key, where, `the name ${NAME_RULE}`);
    if (isEmpty(pair.value)) return { guestLinks: {} };
    if (!isMap(pair.value)) {
      this.problem(pair.value, where, `must be a map of settings, or empty, got ${kindOf(pair.value)}`);
      return undefined;
    }
    const settings: Record<string, unknown> = {};
    const nodes = new Map<string, Pair>();
    for (const setting of pair.value.items) {
      const key = keyOf(setting);
      nodes.set(key, setting);
      if (!ROOM_KEYS.includes(key)) this.problem(setting.key, `${where}.${key}`, unknownRoomKey(key));
      else settings[key] = valueOf(setting, this.document);
    }
    const { guestLinks: _links, passwordConfig, ...args } = settings;
    if (passwordConfig !== undefined && (typeof passwordConfig !== "string" || passwordConfig === "")) {
      this.problem(nodes.get("passwordConfig")!.value, `${where}.passwordConfig`, `must be the name of a secret stack config value, such as boardPassword, got ${kindOf(nodes.get("passwordConfig")!.value)}`);
    }
    // The providers' rules, exactly: the same functions as their check. Only the password is out of reach here,
    // as it comes from the stack's config.
    const isMeeting = "title" in args;
    for (const failure of isMeeting ? meetingArgsProblems(args) : roomArgsProblems(args)) this.failure(where, nodes, failure);
    const links = this.guestLinks(`${where}.guestLinks`, nodes.get("guestLinks"), now);
    if (Object.keys(links).length > 0) for (const failure of guestLinkConflicts(args)) this.failure(where, nodes, failure);
    return { ...(settings as Omit<RoomSpec, "guestLinks">), guestLinks: links };
  }

  private guestLinks(where: string, pair: Pair | undefined, now: number): RoomSpec["guestLinks"] {
    if (!pair || isEmpty(pair.value)) return {};
    if (!isMap(pair.value)) {
      this.problem(pair.value, where, `must be a map of guest links (name: { expiresAt: … }), got ${kindOf(pair.value)}`);
      return {};
    }
    const links: RoomSpec["guestLinks"] = {};
    for (const link of pair.value.items) {
      const name = keyOf(link);
      const here = `${where}.${name}`;
      if (!NAME.test(name)) this.problem(link.key, here, `the name ${NAME_RULE}`);
      if (isEmpty(link.value)) {
        links[name] = {};
        continue;
      }
      if (!isMap(link.value)) {
        this.problem(link.value, here, `must be a map with an optional expiresAt, or empty, got ${kindOf(link.value)}`);
        continue;
      }
      const nodes = new Map(link.value.items.map((item) => [keyOf(item), item] as const));
      for (const key of nodes.keys()) {
        if (LINK_KEYS.includes(key)) continue;
        const hint = closestKey(key, LINK_KEYS);
        this.problem(nodes.get(key)!.key, `${here}.${key}`, `a guest link has only expiresAt${hint ? ` — did you mean "${hint}"?` : ""}`);
      }
      const expiresAt = nodes.has("expiresAt") ? valueOf(nodes.get("expiresAt")!, this.document) : undefined;
      const args = { roomId: SOME_ROOM_ID, expiresAt };
      for (const failure of inviteArgsProblems(args, now)) this.failure(here, nodes, failure);
      // A warning starts with the property it is about ("expiresAt: … has passed"), so it extends the path.
      for (const warning of inviteArgsWarnings(args, now)) this.warnings.push(`${this.at(startOf(nodes.get("expiresAt")?.value))}: ${here}.${warning}`);
      links[name] = expiresAt === undefined || expiresAt === null ? {} : { expiresAt: expiresAt as string };
    }
    return links;
  }

  /** A provider's check failure, placed at the property it names (or at the entry when the file lacks it). */
  private failure(where: string, nodes: Map<string, Pair>, failure: CheckFailure): void {
    const pair = nodes.get(failure.property);
    const node = pair ? (isEmpty(pair.value) ? pair.key : pair.value) : undefined;
    this.problem(node, `${where}.${failure.property}`, failure.reason);
  }

  private problem(node: unknown, yamlPath: string, message: string): void {
    this.problems.push(`${this.at(startOf(node))}: ${yamlPath}: ${message}`);
  }
}

function unknownRoomKey(key: string): string {
  if (key.toLowerCase() === "password") {
    return 'unknown setting — did you mean "passwordConfig"? A password never goes into the reviewed file: passwordConfig names a secret stack config value (passwordConfig: boardPassword, then pulumi config set --secret boardPassword …)';
  }
  const hint = closestKey(key, ROOM_KEYS);
  return hint ? `unknown setting — did you mean "${hint}"?` : `unknown setting; a room has: ${ROOM_KEYS.join(", ")}`;
}

function keyOf(pair: Pair): string {
  return isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
}

function valueOf(pair: Pair, document: Document): unknown {
  const value = pair.value as Node | null;
  return value === null ? null : (value.toJS(document) as unknown);
}

/** `weekly:` with nothing after it: a scalar holding null. */
function isEmpty(node: unknown): boolean {
  return node === null || node === undefined || (isScalar(node) && node.value === null);
}

function startOf(node: unknown): number | undefined {
  return (isScalar(node) || isMap(node) || isSeq(node)) && node.range ? node.range[0] : undefined;
}
