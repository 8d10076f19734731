import assert from "node:assert/strict";
import type { CheckFailure } from "../../provider/plan/check-failures";
import { checkRoomInputs, guestLinkConflicts } from "../../provider/plan/room-inputs";
import { UNKNOWN } from "../../provider/plan/unknown";

const ROOM_ID = "8f2e1a3c-5b7d-4e9f-a1b2-c3d4e5f60718";

/** The failures of a check, as `property: reason` lines: what Pulumi shows the user. */
function failuresOf(news: Record<string, unknown>): CheckFailure[] {
  return checkRoomInputs(news).failures;
}

function onlyFailure(news: Record<string, unknown>): CheckFailure {
  const failures = failuresOf(news);
  assert.equal(failures.length, 1, `expected exactly one failure, got ${JSON.stringify(failures)}`);
  return failures[0]!;
}

describe("checkRoomInputs", () => {
  it("accepts a room with every property set to a valid value", () => {
    const news = {
      password: "correct horse",
      waitingRoom: true,
      guestAccess: "waiting_room",
      e2eEncryption: false,
      sip: { enabled: true, lobby: true },
      adoptRoomId: ROOM_ID,
      name: "team.weekly-2",
    };
    assert.deepEqual(checkRoomInputs(news), { inputs: news, failures: [] });
  });

  it("accepts a room without any property (all controller defaults)", () => {
    assert.deepEqual(checkRoomInputs({}), { inputs: {}, failures: [] });
  });

  it("records the inputs without the keys left out (undefined or null)", () => {
    const { inputs, failures } = checkRoomInputs({ password: undefined, waitingRoom: null, e2eEncryption: true });
    assert.deepEqual(failures, []);
    assert.deepEqual(inputs, { e2eEncryption: true });
  });

  it("ignores the reserved __provider property", () => {
    assert.deepEqual(failuresOf({ __provider: "serialized-provider-code", waitingRoom: true }), []);
  });

  it("accepts each valid guestAccess value", () => {
    for (const guestAccess of ["disabled", "waiting_room", "direct_access"]) {
      assert.deepEqual(failuresOf({ guestAccess }), [], guestAccess);
    }
  });

  it("accepts a password of exactly 255 bytes and one of a single byte", () => {
    assert.deepEqual(failuresOf({ password: "p".repeat(255) }), []);
    assert.deepEqual(failuresOf({ password: "p" }), []);
  });

  describe("rejects a wrong value, naming the property", () => {
    const rows: Array<{ name: string; news: Record<string, unknown>; property: string; reason: RegExp }> = [
      { name: "a password that is a number", news: { password: 1234 }, property: "password", reason: /must be a string/ },
      { name: "a password that is a list", news: { password: ["a"] }, property: "password", reason: /must be a string/ },
      { name: "an empty password", news: { password: "" }, property: "password", reason: /1–255 bytes.*got 0; omit the password/ },
      { name: "a password of 256 ASCII bytes", news: { password: "p".repeat(256) }, property: "password", reason: /1–255 bytes.*got 256/ },
      {
        name: "a password of 128 two-byte characters (256 bytes, fewer than 255 characters)",
        news: { password: "é".repeat(128) },
        property: "password",
        reason: /1–255 bytes \(UTF-8\), got 256/,
      },
      { name: "a waitingRoom that is a string", news: { waitingRoom: "yes" }, property: "waitingRoom", reason: /must be true or false, got "yes"/ },
      { name: "a waitingRoom that is a number", news: { waitingRoom: 1 }, property: "waitingRoom", reason: /must be true or false, got number 1/ },
      { name: "an e2eEncryption that is a string", news: { e2eEncryption: "true" }, property: "e2eEncryption", reason: /must be true or false/ },
      { name: "an e2eEncryption that is an object", news: { e2eEncryption: {} }, property: "e2eEncryption", reason: /must be true or false, got an object/ },
      {
        name: "an unknown guestAccess",
        news: { guestAccess: "public" },
        property: "guestAccess",
        reason: /must be one of "disabled", "waiting_room", "direct_access", got "public"/,
      },
      { name: "an empty guestAccess", news: { guestAccess: "" }, property: "guestAccess", reason: /must be one of/ },
      { name: "a guestAccess that is a boolean", news: { guestAccess: true }, property: "guestAccess", reason: /must be one of .*got boolean true/ },
      { name: "a sip that is a boolean", news: { sip: true }, property: "sip", reason: /must be an object \{ enabled: boolean; lobby\?: boolean \}/ },
      { name: "a sip that is a list", news: { sip: [true] }, property: "sip", reason: /must be an object.*got a list/ },
      { name: "a sip without enabled", news: { sip: { lobby: true } }, property: "sip", reason: /needs enabled: true or false/ },
      { name: "a sip with an extra key", news: { sip: { enabled: true, pin: "1234" } }, property: "sip", reason: /has no property "pin"; allowed: enabled, lobby/ },
      { name: "a sip whose enabled is a string", news: { sip: { enabled: "yes" } }, property: "sip", reason: /enabled must be true or false, got "yes"/ },
      { name: "a sip whose lobby is not a boolean", news: { sip: { enabled: true, lobby: "on" } }, property: "sip", reason: /lobby must be true or false, got "on"/ },
      { name: "an adoptRoomId that is not a UUID", news: { adoptRoomId: "my-room" }, property: "adoptRoomId", reason: /a UUID\), got "my-room"/ },
      { name: "an empty adoptRoomId", news: { adoptRoomId: "" }, property: "adoptRoomId", reason: /a UUID/ },
      { name: "an adoptRoomId that is a number", news: { adoptRoomId: 42 }, property: "adoptRoomId", reason: /a UUID\), got number 42/ },
      {
        name: "a property OpenTalkRoom does not have",
        news: { waitingroom: true },
        property: "waitingroom",
        reason: /^OpenTalkRoom has no property "waitingroom"; allowed: password, waitingRoom, guestAccess, e2eEncryption, sip, adoptRoomId, name$/,
      },
      {
        name: "a property named like a method every object has",
        news: { toString: "x" },
        property: "toString",
        reason: /^OpenTalkRoom has no property "toString"; allowed: /,
      },
      {
        name: "a property name of 3 MB, cut short and not repeated",
        news: { ["k".repeat(3 * 1024 * 1024)]: true },
        property: `${"k".repeat(40)}…`,
        reason: /^OpenTalkRoom has no property named by 3145728 characters; allowed: /,
      },
      {
        name: "end-to-end encryption together with guest access",
        news: { e2eEncryption: true, guestAccess: "waiting_room" },
        property: "guestAccess",
        reason: /^must be "disabled" for an end-to-end encrypted room \(OpenTalk refuses guests there\)$/,
      },
      { name: "a room name with capitals and a space", news: { name: "My Room" }, property: "name", reason: /^must be 3–40 characters of a–z, 0–9, "\." and "-", and not a UUID, got "My Room"$/ },
      { name: "a room name of 2 characters", news: { name: "ab" }, property: "name", reason: /, got "ab"$/ },
      { name: "a room name of 41 characters", news: { name: "a".repeat(41) }, property: "name", reason: /, got a string of 41 characters$/ },
      { name: "a room name with an underscore", news: { name: "team_weekly" }, property: "name", reason: /, got "team_weekly"$/ },
      { name: "a room name that is a UUID", news: { name: ROOM_ID }, property: "name", reason: new RegExp(`and not a UUID, got "${ROOM_ID}"$`) },
      { name: "a room name that is a number", news: { name: 42 }, property: "name", reason: /, got number 42$/ },
      { name: "a sip with an extra key while enabled is unknown (preview)", news: { sip: { enabled: UNKNOWN, pin: "1234" } }, property: "sip", reason: /^has no property "pin"; allowed: enabled, lobby$/ },
      { name: "a sip whose lobby is wrong while enabled is unknown (preview)", news: { sip: { enabled: UNKNOWN, lobby: "on" } }, property: "sip", reason: /^lobby must be true or false, got "on"$/ },
      {
        name: "end-to-end encryption together with SIP dial-in",
        news: { e2eEncryption: true, sip: { enabled: true } },
        property: "sip",
        reason: /SIP dial-in is not available for end-to-end encrypted rooms/,
      },
    ];
    for (const row of rows) {
      it(`rejects ${row.name}`, () => {
        const failure = onlyFailure(row.news);
        assert.equal(failure.property, row.property);
        assert.match(failure.reason, row.reason);
      });
    }
  });

  it("accepts room names of 3 and 40 characters of a–z, 0–9, dots and dashes", () => {
    for (const name of ["abc", "a".repeat(40), "team.weekly-2", "2027", "...", "0f1c2b1e-3d4a-4f5b-8c6d-7e8f9a0b1c2"]) {
      assert.deepEqual(failuresOf({ name }), [], name);
    }
  });

  it("allows end-to-end encryption with guest access disabled", () => {
    assert.deepEqual(failuresOf({ e2eEncryption: true, guestAccess: "disabled" }), []);
  });

  it("records nothing of the inputs when it refuses them: no password goes back in the check response", () => {
    assert.deepEqual(checkRoomInputs({ password: "Sup3r-secret", waitingRoom: "yes" }), {
      inputs: {},
      failures: [{ property: "waitingRoom", reason: 'must be true or false, got "yes"' }],
    });
  });

  it("allows end-to-end encryption with SIP dial-in switched off", () => {
    assert.deepEqual(failuresOf({ e2eEncryption: true, sip: { enabled: false, lobby: true } }), []);
  });

  it("reports every wrong property at once, not only the first", () => {
    const failures = failuresOf({ waitingRoom: "no", guestAccess: "everyone", colour: "blue" });
    assert.deepEqual(failures.map((f) => f.property).sort(), ["colour", "guestAccess", "waitingRoom"]);
  });

  it("describes a long rejected value by its length instead of quoting it", () => {
    const reason = onlyFailure({ guestAccess: "x".repeat(60) }).reason;
    assert.match(reason, /got a string of 60 characters/);
    assert.doesNotMatch(reason, /x{41}/);
  });

  describe("during preview (values unknown)", () => {
    const properties = ["password", "waitingRoom", "guestAccess", "e2eEncryption", "sip", "adoptRoomId", "name"];
    for (const property of properties) {
      it(`accepts an unknown ${property}`, () => {
        assert.deepEqual(checkRoomInputs({ [property]: UNKNOWN }), { inputs: { [property]: UNKNOWN }, failures: [] });
      });
    }

    it("accepts unknown values inside sip", () => {
      assert.deepEqual(failuresOf({ sip: { enabled: UNKNOWN } }), []);
      assert.deepEqual(failuresOf({ sip: { enabled: true, lobby: UNKNOWN } }), []);
    });

    it("accepts every property unknown at once", () => {
      assert.deepEqual(failuresOf(Object.fromEntries(properties.map((p) => [p, UNKNOWN]))), []);
    });

    it("does not report the e2ee and SIP conflict while either is unknown", () => {
      assert.deepEqual(failuresOf({ e2eEncryption: UNKNOWN, sip: { enabled: true } }), []);
      assert.deepEqual(failuresOf({ e2eEncryption: true, sip: { enabled: UNKNOWN } }), []);
    });

    it("does not report the e2ee and guest access conflict while either is unknown", () => {
      assert.deepEqual(failuresOf({ e2eEncryption: UNKNOWN, guestAccess: "direct_access" }), []);
      assert.deepEqual(failuresOf({ e2eEncryption: true, guestAccess: UNKNOWN }), []);
    });
  });

  describe("never shows the password in a failure reason", () => {
    const secret = "hunter2-Sup3rSecret";
    const passwords: Array<[string, unknown]> = [
      ["a valid-looking password among other failures", secret],
      ["a password of 256 bytes", secret.repeat(14)],
      ["a short multi-byte password over 255 bytes", "ü".repeat(120) + secret],
      ["a numeric password", 90210417],
      ["a password in a list", [secret]],
      ["a password in an object", { value: secret }],
    ];
    for (const [name, password] of passwords) {
      it(`for ${name}`, () => {
        const { failures } = checkRoomInputs({ password, waitingRoom: "maybe", colour: "blue" });
        const shown = String(password);
        for (const failure of failures) {
          assert.ok(!failure.reason.includes(shown), `"${failure.property}: ${failure.reason}" shows the password`);
          assert.ok(!failure.reason.includes(secret), `"${failure.property}: ${failure.reason}" shows the password`);
        }
      });
    }
  });
});

describe("guestLinkConflicts", () => {
  const rows: Array<[string, Record<string, unknown>, CheckFailure[]]> = [
    ["a room that lets guests in", { guestAccess: "waiting_room" }, []],
    ["a room with the server's default guest access", {}, []],
    ["a room whose settings are unknown (preview)", { e2eEncryption: UNKNOWN, guestAccess: UNKNOWN }, []],
    ["an end-to-end encrypted room", { e2eEncryption: true }, [
      { property: "e2eEncryption", reason: "guest links need a room that lets guests in, and an end-to-end encrypted room does not: remove e2eEncryption or the guest links" },
    ]],
    ["a room with guest access disabled", { guestAccess: "disabled" }, [
      { property: "guestAccess", reason: 'guest links need a room that lets guests in: set guestAccess to "waiting_room" or "direct_access", or remove the guest links' },
    ]],
  ];
  for (const [name, args, expected] of rows) {
    it(`for ${name}: ${expected.length === 0 ? "none" : expected.map((f) => f.property).join(", ")}`, () => {
      assert.deepEqual(guestLinkConflicts(args), expected);
    });
  }
});
