import assert from "node:assert/strict";
import * as path from "node:path";
import { loadRoomsFile, parseRoomsFile, RoomsFileError } from "../../examples/standing-rooms/rooms-file";

/** The injected "now" for guest-link expiries: 2026-06-01T12:00:00Z. */
const NOW = Date.parse("2026-06-01T12:00:00Z");

function problems(text: string): string[] {
  try {
    parseRoomsFile(text, "rooms.yaml", NOW);
  } catch (error) {
    assert.ok(error instanceof RoomsFileError, String(error));
    return error.problems;
  }
  throw new Error("expected the rooms file to be rejected");
}

describe("the rooms file", () => {
  it("accepts the example file shipped with the stack", () => {
    const file = loadRoomsFile(path.join(__dirname, "../../examples/standing-rooms/rooms.yaml"));
    assert.deepEqual(Object.keys(file.rooms), ["weekly", "all-hands", "board"]);
    assert.deepEqual(Object.keys(file.rooms.weekly!.guestLinks), ["customer-acme", "partners"]);
    assert.deepEqual(file.rooms["all-hands"]!.guestLinks, {});
  });

  it("accepts a guest link whose expiry has passed: the link may exist already, and the provider decides", () => {
    const file = parseRoomsFile("rooms:\n  weekly:\n    guestLinks:\n      acme:\n        expiresAt: '2020-01-31T18:00:00Z'\n", "rooms.yaml", NOW);
    assert.equal(file.rooms.weekly!.guestLinks.acme!.expiresAt, "2020-01-31T18:00:00Z");
  });

  it("accepts rooms and links written as empty entries", () => {
    const file = parseRoomsFile("rooms:\n  lobby:\n  demo:\n    guestLinks:\n      anyone:\n");
    assert.deepEqual(file.rooms.lobby!.guestLinks, {});
    assert.deepEqual(file.rooms.demo!.guestLinks, { anyone: {} });
  });

  describe("says where a YAML mistake is: file, line, column, and the line itself", () => {
    const rows: Array<[string, string, string]> = [
      ["a room given twice", "rooms:\n  weekly:\n    waitingRoom: true\n  weekly:\n    waitingRoom: false\n",
        'rooms.yaml:4:3: not valid YAML: "weekly" is given twice in the same map; keep one (or give the second another name) — the line reads "  weekly:"'],
      ["a tab for indentation", "rooms:\n\tweekly: {}\n",
        'rooms.yaml:2:1: not valid YAML: a tab indents this line; YAML indents with spaces only — the line reads "\\tweekly: {}"'],
      ["an unclosed quote", 'rooms:\n  weekly:\n    title: "Weekly\n',
        'rooms.yaml:4:1: not valid YAML: Missing closing "quote — at the end of the file, after line 3: "    title: \\"Weekly"'],
      ["an unclosed list", "rooms:\n  weekly: [\n",
        "rooms.yaml:3:1: not valid YAML: Flow sequence in block collection must be sufficiently indented and end with a ] — at the end of the file, after line 2: \"  weekly: [\""],
      ["two documents", "rooms:\n  a: {}\n---\nrooms:\n  b: {}\n",
        'rooms.yaml:3:1: not valid YAML: the file holds a second YAML document (after "---"); keep everything under one "rooms:" — the line reads "---"'],
    ];
    for (const [what, text, expected] of rows) {
      it(what, () => assert.deepEqual(problems(text), [expected]));
    }
  });

  describe("describes a mistake in the file's structure in plain words, with its place", () => {
    const rows: Array<[string, string, string[]]> = [
      ["an empty file", "", ['rooms.yaml: the file needs a top-level "rooms:" map of room entries']],
      ["no rooms key, a near miss instead", "room:\n  weekly: {}\n", [
        'rooms.yaml: the file needs a top-level "rooms:" map of room entries',
        'rooms.yaml:1:1: room: the file has one top-level key, "rooms:" — did you mean "rooms"?',
      ]],
      ["rooms as a list", "rooms:\n  - weekly\n", ["rooms.yaml:2:3: rooms: must be a map of room entries (name: settings), got a list"]],
      ["a room that is a number", "rooms:\n  board: 42\n", ["rooms.yaml:2:10: rooms.board: must be a map of settings, or empty, got the number 42"]],
      ["a password in the file", "rooms:\n  board:\n    password: hunter2\n", [
        'rooms.yaml:3:5: rooms.board.password: unknown setting — did you mean "passwordConfig"? A password never goes into the reviewed file: passwordConfig names a secret stack config value (passwordConfig: boardPassword, then pulumi config set --secret boardPassword …)',
      ]],
      ["a setting in the wrong case", "rooms:\n  weekly:\n    waitingroom: true\n", ['rooms.yaml:3:5: rooms.weekly.waitingroom: unknown setting — did you mean "waitingRoom"?']],
      ["a setting with a typo", "rooms:\n  weekly:\n    guestAcess: disabled\n", ['rooms.yaml:3:5: rooms.weekly.guestAcess: unknown setting — did you mean "guestAccess"?']],
      ["a setting nothing like one", "rooms:\n  weekly:\n    colour: blue\n", [
        "rooms.yaml:3:5: rooms.weekly.colour: unknown setting; a room has: title, description, passwordConfig, waitingRoom, guestAccess, e2eEncryption, sip, adoptRoomId, adoptEventId, guestLinks",
      ]],
      ["guest links as a list", "rooms:\n  weekly:\n    guestLinks: [acme]\n", ["rooms.yaml:3:17: rooms.weekly.guestLinks: must be a map of guest links (name: { expiresAt: … }), got a list"]],
      ["a guest link that is a text", "rooms:\n  weekly:\n    guestLinks:\n      acme: soon\n", ['rooms.yaml:4:13: rooms.weekly.guestLinks.acme: must be a map with an optional expiresAt, or empty, got the text "soon"']],
      ["a guest link with a misspelt expiry", "rooms:\n  weekly:\n    guestLinks:\n      acme:\n        expires: 2027-01-01T00:00:00Z\n", [
        'rooms.yaml:5:9: rooms.weekly.guestLinks.acme.expires: a guest link has only expiresAt — did you mean "expiresAt"?',
      ]],
      ["an empty passwordConfig", "rooms:\n  board:\n    passwordConfig: ''\n", ['rooms.yaml:3:21: rooms.board.passwordConfig: must be the name of a secret stack config value, such as boardPassword, got the text ""']],
      ["a room name that cannot be a resource name", "rooms:\n  Weekly Sync:\n", ["rooms.yaml:2:3: rooms.Weekly Sync: the name must be 1–63 lower-case letters, digits, dashes or underscores, starting with a letter or digit"]],
    ];
    for (const [what, text, expected] of rows) {
      it(what, () => assert.deepEqual(problems(text), expected));
    }
  });

  describe("refuses a value as the provider's check does, at its place", () => {
    const rows: Array<[string, string, string]> = [
      ["an unknown guest access", "rooms:\n  weekly:\n    guestAccess: everyone\n", 'rooms.yaml:3:18: rooms.weekly.guestAccess: must be one of "disabled", "waiting_room", "direct_access", got "everyone"'],
      ["a setting of the wrong type", "rooms:\n  weekly:\n    waitingRoom: yes please\n", 'rooms.yaml:3:18: rooms.weekly.waitingRoom: must be true or false, got "yes please"'],
      ["a guest link expiry without a time zone", "rooms:\n  weekly:\n    guestLinks:\n      acme:\n        expiresAt: '2030-01-31T18:00'\n",
        'rooms.yaml:5:20: rooms.weekly.guestLinks.acme.expiresAt: "2030-01-31T18:00" has no time zone: add Z (UTC) or an offset such as +01:00'],
      ["SIP together with end-to-end encryption", "rooms:\n  weekly:\n    e2eEncryption: true\n    sip: { enabled: true }\n",
        "rooms.yaml:4:10: rooms.weekly.sip: SIP dial-in is not available for end-to-end encrypted rooms: set sip.enabled to false or e2eEncryption to false"],
      ["a description on a room without a title", "rooms:\n  weekly:\n    description: hello\n", 'rooms.yaml:3:18: rooms.weekly.description: OpenTalkRoom has no property "description"; allowed: password, waitingRoom, guestAccess, e2eEncryption, sip, adoptRoomId, name'],
      ["a meeting title over 255 bytes in 250 characters", `rooms:\n  weekly:\n    title: ${"ä".repeat(250)}\n`,
        "rooms.yaml:3:12: rooms.weekly.title: must be at most 255 bytes in UTF-8 (OpenTalk's limit for titles), got 500 bytes in 250 characters: shorten it — letters such as ä, é or ß take 2 bytes, emoji 4"],
    ];
    for (const [what, text, expected] of rows) {
      it(what, () => assert.deepEqual(problems(text), [expected]));
    }
  });

  it("reports problems of structure and of values together, each at its place", () => {
    assert.deepEqual(problems("rooms:\n  weekly:\n    guestAccess: everyone\n  board:\n    waitingroom: true\n"), [
      'rooms.yaml:3:18: rooms.weekly.guestAccess: must be one of "disabled", "waiting_room", "direct_access", got "everyone"',
      'rooms.yaml:5:5: rooms.board.waitingroom: unknown setting — did you mean "waitingRoom"?',
    ]);
  });

  it("reports every problem of a file at once, each on its own line of the message", () => {
    const text = "rooms:\n  a:\n    guestAccess: open\n  b:\n    e2eEncryption: maybe\n";
    assert.equal(problems(text).length, 2);
    assert.throws(() => parseRoomsFile(text), (error: Error) => {
      assert.match(error.message, /^rooms\.yaml has 2 problems:\n {2}rooms\.yaml:3:18: rooms\.a\.guestAccess: .*\n {2}rooms\.yaml:5:20: rooms\.b\.e2eEncryption: /);
      return true;
    });
  });
});
