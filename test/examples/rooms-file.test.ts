import assert from "node:assert/strict";
import * as path from "node:path";
import { loadRoomsFile, parseRoomsFile, RoomsFileError } from "../../examples/standing-rooms/rooms-file";

function problems(text: string): string[] {
  try {
    parseRoomsFile(text);
  } catch (error) {
    assert.ok(error instanceof RoomsFileError, String(error));
    return error.problems.map((p) => `rooms.yaml: ${p}`);
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
    const file = parseRoomsFile("rooms:\n  weekly:\n    guestLinks:\n      acme:\n        expiresAt: '2020-01-31T18:00:00Z'\n");
    assert.equal(file.rooms.weekly!.guestLinks.acme!.expiresAt, "2020-01-31T18:00:00Z");
  });

  it("accepts rooms and links written as empty entries", () => {
    const file = parseRoomsFile("rooms:\n  lobby:\n  demo:\n    guestLinks:\n      anyone:\n");
    assert.deepEqual(file.rooms.lobby!.guestLinks, {});
    assert.deepEqual(file.rooms.demo!.guestLinks, { anyone: {} });
  });

  const bad: Array<[string, string, RegExp]> = [
    ["an unknown guest access", "rooms:\n  weekly:\n    guestAccess: everyone\n", /^rooms\.yaml: rooms\.weekly\.guestAccess: must be one of "disabled", "waiting_room", "direct_access", got "everyone"$/],
    ["a misspelt setting", "rooms:\n  weekly:\n    waitingroom: true\n", /^rooms\.yaml: rooms\.weekly: Unrecognized key: "waitingroom"$/],
    ["a setting of the wrong type", "rooms:\n  weekly:\n    waitingRoom: yes please\n", /^rooms\.yaml: rooms\.weekly\.waitingRoom: must be true or false, got "yes please"$/],
    ["a guest link expiry without a time zone", "rooms:\n  weekly:\n    guestLinks:\n      acme:\n        expiresAt: '2030-01-31T18:00'\n", /^rooms\.yaml: rooms\.weekly\.guestLinks\.acme\.expiresAt: "2030-01-31T18:00" has no time zone/],
    ["SIP together with end-to-end encryption", "rooms:\n  weekly:\n    e2eEncryption: true\n    sip: { enabled: true }\n", /^rooms\.yaml: rooms\.weekly\.sip: SIP dial-in is not available for end-to-end encrypted rooms/],
    ["an adopted room id that is not an id", "rooms:\n  weekly:\n    adoptRoomId: my-room\n", /^rooms\.yaml: rooms\.weekly\.adoptRoomId: must be the id of an existing room/],
    ["a room name that cannot be a resource name", "rooms:\n  Weekly Sync:\n", /^rooms\.yaml: rooms\.Weekly Sync: the name must be 1–63 lower-case letters/],
    ["a file without rooms", "room:\n  weekly: {}\n", /^rooms\.yaml: (rooms: Invalid input|\(top level\): Unrecognized key)/],
    ["broken YAML", "rooms:\n  weekly: [\n", /^rooms\.yaml: not valid YAML/],
    ["a meeting title over 255 bytes", `rooms:\n  weekly:\n    title: ${"x".repeat(256)}\n`, /^rooms\.yaml: rooms\.weekly\.title: must be at most 255 bytes in UTF-8/],
    ["a meeting title of 250 characters with umlauts, over 255 bytes", `rooms:\n  weekly:\n    title: ${"ä".repeat(250)}\n`, /^rooms\.yaml: rooms\.weekly\.title: must be at most 255 bytes in UTF-8 \(OpenTalk's limit for titles\), got 500 bytes in 250 characters/],
    ["a description on a room without a title", "rooms:\n  weekly:\n    description: hello\n", /^rooms\.yaml: rooms\.weekly\.description: OpenTalkRoom has no property "description"/],
    ["adoptRoomId on a meeting", "rooms:\n  weekly:\n    title: Weekly\n    adoptRoomId: 00000000-0000-4000-8000-000000000000\n", /^rooms\.yaml: rooms\.weekly\.adoptRoomId: OpenTalkMeeting has no property "adoptRoomId"/],
  ];
  for (const [what, text, expected] of bad) {
    it(`rejects ${what}, naming the file and the YAML path`, () => {
      const found = problems(text);
      assert.ok(found.some((p) => expected.test(p)), `expected ${expected}, got:\n${found.join("\n")}`);
    });
  }

  it("reports problems of structure and of values together", () => {
    const found = problems("rooms:\n  weekly:\n    guestAccess: everyone\n  board:\n    waitingroom: true\n");
    assert.deepEqual(found.sort(), [
      'rooms.yaml: rooms.board: Unrecognized key: "waitingroom"',
      'rooms.yaml: rooms.weekly.guestAccess: must be one of "disabled", "waiting_room", "direct_access", got "everyone"',
    ]);
  });

  it("reports every problem of a file at once", () => {
    const found = problems("rooms:\n  a:\n    guestAccess: open\n  b:\n    e2eEncryption: maybe\n");
    assert.equal(found.length, 2, found.join("\n"));
    const error = (() => {
      try {
        parseRoomsFile("rooms:\n  a:\n    guestAccess: open\n  b:\n    e2eEncryption: maybe\n");
      } catch (e) {
        return e as Error;
      }
    })()!;
    assert.match(error.message, /^rooms\.yaml has 2 problems:\n  rooms\.yaml: rooms\.a\.guestAccess/);
  });
});
