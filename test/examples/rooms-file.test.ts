import assert from "node:assert/strict";
import * as path from "node:path";
import { loadRoomsFile, parseRoomsFile, RoomsFileError } from "../../examples/standing-rooms/rooms-file";
import type { CheckFailure } from "../../provider/plan/check-failures";
import { checkInviteInputs, INVITE_RULES } from "../../provider/plan/invite-inputs";
import { checkMeetingInputs, MEETING_RULES } from "../../provider/plan/meeting-inputs";
import { checkRoomInputs, guestLinkConflicts, ROOM_RULES } from "../../provider/plan/room-inputs";

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

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

describe("the rooms file", () => {
  it("accepts the example file shipped with the stack", () => {
    const file = loadRoomsFile(path.join(__dirname, "../../examples/standing-rooms/rooms.yaml"));
    assert.deepEqual(Object.keys(file.rooms), ["weekly", "all-hands", "board"]);
    assert.deepEqual(Object.keys(file.rooms.weekly!.guestLinks), ["customer-acme", "partners"]);
    assert.deepEqual(file.rooms["all-hands"]!.guestLinks, {});
  });

  it("accepts a guest link whose expiry has passed, and returns the warning preview would give, with its place", () => {
    const file = parseRoomsFile("rooms:\n  weekly:\n    guestLinks:\n      acme:\n        expiresAt: '2020-01-31T18:00:00Z'\n", "rooms.yaml", NOW);
    assert.equal(file.rooms.weekly!.guestLinks.acme!.expiresAt, "2020-01-31T18:00:00Z");
    assert.deepEqual(file.warnings, [
      'rooms.yaml:5:20: rooms.weekly.guestLinks.acme.expiresAt: "2020-01-31T18:00:00Z" has passed: this guest link no longer admits anyone — give a later time to use it again, or remove the link',
    ]);
  });

  it("accepts rooms and links written as empty entries", () => {
    const file = parseRoomsFile("rooms:\n  lobby:\n  demo:\n    guestLinks:\n      anyone:\n");
    assert.deepEqual(file.rooms.lobby!.guestLinks, {});
    assert.deepEqual(file.rooms.demo!.guestLinks, { anyone: {} });
    assert.deepEqual(file.warnings, []);
  });

  it("accepts a room name (OpenTalk 0.35) on rooms and meetings", () => {
    const file = parseRoomsFile("rooms:\n  lobby:\n    name: team.lobby\n  weekly:\n    title: Weekly\n    name: weekly-sync\n");
    assert.deepEqual([file.rooms.lobby!.name, file.rooms.weekly!.name], ["team.lobby", "weekly-sync"]);
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
        "rooms.yaml:3:5: rooms.weekly.colour: unknown setting; a room has: title, description, name, passwordConfig, waitingRoom, guestAccess, e2eEncryption, sip, adoptRoomId, adoptEventId, guestLinks",
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

  // One set of rules: for each reason the providers' checks give, a rooms file that breaks it is refused with the
  // provider's words, at the provider's property. The expected words come from the check functions themselves.
  describe("applies the providers' check rules, in their words", () => {
    type Kind = "room" | "meeting" | "invite" | "guest links";
    interface Row {
      kind: Kind;
      /** The arguments that break the rule, as the provider's check gets them. */
      args: Record<string, unknown>;
      /** A rooms file with the same mistake, and the YAML path of the entry the failure belongs to. */
      yaml: string;
      entry: string;
    }
    const room = (args: Record<string, unknown>, settings: string): Row =>
      ({ kind: "room", args, yaml: `rooms:\n  weekly:\n${settings}`, entry: "rooms.weekly" });
    const meeting = (args: Record<string, unknown>, settings: string): Row =>
      ({ kind: "meeting", args: { title: "Weekly", ...args }, yaml: `rooms:\n  weekly:\n    title: Weekly\n${settings}`, entry: "rooms.weekly" });
    const link = (expiresAt: unknown, yamlValue: string): Row =>
      ({ kind: "invite", args: { roomId: "00000000-0000-4000-8000-000000000000", expiresAt }, yaml: `rooms:\n  weekly:\n    guestLinks:\n      acme:\n        expiresAt: ${yamlValue}\n`, entry: "rooms.weekly.guestLinks.acme" });
    const guests = (args: Record<string, unknown>, settings: string): Row =>
      ({ kind: "guest links", args, yaml: `rooms:\n  weekly:\n${settings}    guestLinks:\n      acme: {}\n`, entry: "rooms.weekly" });

    const ROWS: Record<string, Row> = {
      "OpenTalkRoom: an argument it does not have": room({ description: "Agenda" }, "    description: Agenda\n"),
      "waitingRoom: not true or false": room({ waitingRoom: "yes please" }, "    waitingRoom: yes please\n"),
      "guestAccess: not one of the values": room({ guestAccess: "everyone" }, "    guestAccess: everyone\n"),
      "e2eEncryption: not true or false": room({ e2eEncryption: 1 }, "    e2eEncryption: 1\n"),
      "sip: not a map": room({ sip: "on" }, "    sip: on\n"),
      "sip: an unknown key": room({ sip: { enabled: true, pin: 1234 } }, "    sip: { enabled: true, pin: 1234 }\n"),
      "sip: without enabled": room({ sip: { lobby: true } }, "    sip: { lobby: true }\n"),
      "sip.enabled: not true or false": room({ sip: { enabled: "yes" } }, "    sip: { enabled: yes }\n"),
      "sip.lobby: not true or false": room({ sip: { enabled: true, lobby: "no" } }, "    sip: { enabled: true, lobby: no }\n"),
      "adoptRoomId: not a UUID": room({ adoptRoomId: "my-room" }, "    adoptRoomId: my-room\n"),
      "name: not a room name": room({ name: "My Room" }, '    name: "My Room"\n'),
      "SIP together with end-to-end encryption": room({ e2eEncryption: true, sip: { enabled: true } }, "    e2eEncryption: true\n    sip: { enabled: true }\n"),
      "guest access together with end-to-end encryption (room)": room({ e2eEncryption: true, guestAccess: "waiting_room" }, "    e2eEncryption: true\n    guestAccess: waiting_room\n"),
      "OpenTalkMeeting: an argument it does not have": meeting({ adoptRoomId: "00000000-0000-4000-8000-000000000000" }, "    adoptRoomId: 00000000-0000-4000-8000-000000000000\n"),
      "title: required (blank)": { kind: "meeting", args: { title: "  " }, yaml: "rooms:\n  weekly:\n    title: '  '\n", entry: "rooms.weekly" },
      "title: not a string": { kind: "meeting", args: { title: 42 }, yaml: "rooms:\n  weekly:\n    title: 42\n", entry: "rooms.weekly" },
      "title: over 255 bytes in fewer characters": { kind: "meeting", args: { title: "ä".repeat(200) }, yaml: `rooms:\n  weekly:\n    title: ${"ä".repeat(200)}\n`, entry: "rooms.weekly" },
      "title: far too long, by its length": { kind: "meeting", args: { title: "x".repeat(2000) }, yaml: `rooms:\n  weekly:\n    title: ${"x".repeat(2000)}\n`, entry: "rooms.weekly" },
      "description: over 4096 bytes": meeting({ description: "d".repeat(4097) }, `    description: ${"d".repeat(4097)}\n`),
      "adoptEventId: not a UUID": meeting({ adoptEventId: "weekly" }, "    adoptEventId: weekly\n"),
      "meeting waitingRoom: not true or false": meeting({ waitingRoom: "yes" }, "    waitingRoom: yes\n"),
      "meeting name: not a room name": meeting({ name: "ab" }, "    name: ab\n"),
      "SIP together with end-to-end encryption (meeting)": meeting({ e2eEncryption: true, sip: { enabled: true } }, "    e2eEncryption: true\n    sip: { enabled: true }\n"),
      "guest access together with end-to-end encryption (meeting)": meeting({ e2eEncryption: true, guestAccess: "direct_access" }, "    e2eEncryption: true\n    guestAccess: direct_access\n"),
      "expiresAt: not a string": link(1924992000, "1924992000"),
      "expiresAt: no time zone": link("2030-01-31T18:00", "'2030-01-31T18:00'"),
      "expiresAt: not RFC 3339": link("next friday", "next friday"),
      "expiresAt: not a day of the calendar": link("2031-02-30T18:00:00Z", "2031-02-30T18:00:00Z"),
      "expiresAt: an offset beyond ±23:59": link("2031-01-31T18:00:00+99:99", "'2031-01-31T18:00:00+99:99'"),
      "expiresAt: a leap second": link("2031-12-31T23:59:60Z", "2031-12-31T23:59:60Z"),
      "expiresAt: outside four-digit years in UTC": link("9999-12-31T23:00:00-05:00", "'9999-12-31T23:00:00-05:00'"),
      "expiresAt: far too long, by its length": link("2".repeat(100), "'" + "2".repeat(100) + "'"),
      "guest links on an end-to-end encrypted room": guests({ e2eEncryption: true }, "    e2eEncryption: true\n"),
      "guest links on a room with guest access disabled": guests({ guestAccess: "disabled" }, "    guestAccess: disabled\n"),
    };

    /**
     * What the file cannot express, so cannot break: it is the file's design, not a gap in the check. The
     * password comes from the stack's secret config; a standing room has no times; the invite's room is the
     * entry it sits in; and a key the file does not know is refused in the file's own words (see above).
     */
    const OUT_OF_THE_FILE: Record<string, string> = {
      password: "comes from the stack's config (passwordConfig), which the file check cannot read",
      startsAt: "standing rooms are time-independent: the file has no times",
      endsAt: "standing rooms are time-independent: the file has no times",
      timeZone: "standing rooms are time-independent: the file has no times",
      recurrence: "standing rooms are time-independent: the file has no times",
      roomId: "a guest link's room is the entry it is written under",
    };

    const check: Record<Kind, (args: Record<string, unknown>) => CheckFailure[]> = {
      room: (args) => checkRoomInputs(args).failures,
      meeting: (args) => checkMeetingInputs(args).failures,
      invite: (args) => checkInviteInputs(args, NOW).failures,
      "guest links": (args) => guestLinkConflicts(args),
    };

    for (const [rule, row] of Object.entries(ROWS)) {
      it(rule, () => {
        const expected = check[row.kind](row.args);
        assert.equal(expected.length, 1, `the row should break exactly one rule: ${JSON.stringify(expected)}`);
        const { property, reason } = expected[0]!;
        const found = problems(row.yaml);
        const wanted = new RegExp(`^rooms\\.yaml:\\d+:\\d+: ${escape(`${row.entry}.${property}: ${reason}`)}$`);
        assert.ok(found.some((p) => wanted.test(p)), `expected "${row.entry}.${property}: ${reason}", got:\n${found.join("\n")}`);
      });
    }

    it("has a row for every argument of every resource's rule table, or a reason the file cannot hold it", () => {
      const covered = new Set(Object.values(ROWS).map((row) => check[row.kind](row.args)[0]!.property));
      const missing = [...Object.keys(ROOM_RULES), ...Object.keys(MEETING_RULES), ...Object.keys(INVITE_RULES)]
        .filter((property) => !covered.has(property) && !(property in OUT_OF_THE_FILE));
      assert.deepEqual(missing, []);
    });
  });
});
