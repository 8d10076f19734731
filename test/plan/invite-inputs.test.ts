import assert from "node:assert/strict";
import { checkInviteInputs } from "../../provider/plan/invite-inputs";
import { UNKNOWN } from "../../provider/plan/unknown";

const ROOM_ID = "8f2e1a3c-5b7d-4e9f-a1b2-c3d4e5f60718";
/** The injected "now": 2026-06-01T12:00:00Z. */
const NOW = Date.parse("2026-06-01T12:00:00Z");

const failuresOf = (news: Record<string, unknown>) => checkInviteInputs(news, NOW).failures;

describe("checkInviteInputs", () => {
  it("accepts a room id alone (a link that never expires)", () => {
    assert.deepEqual(checkInviteInputs({ roomId: ROOM_ID }, NOW), { inputs: { roomId: ROOM_ID }, failures: [], warnings: [] });
  });

  it("ignores the reserved __provider property", () => {
    assert.deepEqual(failuresOf({ roomId: ROOM_ID, __provider: "serialized" }), []);
  });

  it("records the inputs without an expiry left out (null)", () => {
    assert.deepEqual(checkInviteInputs({ roomId: ROOM_ID, expiresAt: null }, NOW).inputs, { roomId: ROOM_ID });
  });

  describe("accepts an RFC 3339 expiry in the future", () => {
    const valid = [
      "2027-01-31T18:00:00Z",
      "2027-01-31T18:00:00z",
      "2027-01-31t18:00:00Z",
      "2027-01-31 18:00:00Z",
      "2027-01-31T18:00:00+01:00",
      "2027-01-31T18:00:00-05:30",
      "2027-01-31T18:00:00+00:00",
      "2027-01-31T18:00:00.5Z",
      "2027-01-31T18:00:00.123Z",
      "2027-01-31T18:00:00.123456+02:00",
      "2026-06-01T12:00:01Z",
    ];
    for (const expiresAt of valid) {
      it(expiresAt, () => assert.deepEqual(failuresOf({ roomId: ROOM_ID, expiresAt }), []));
    }
  });

  describe("rejects an expiry without a time zone, saying so", () => {
    for (const expiresAt of ["2027-01-31T18:00:00", "2027-01-31T18:00", "2027-01-31 18:00:00", "2027-01-31T18:00:00.250"]) {
      it(expiresAt, () => {
        const failures = failuresOf({ roomId: ROOM_ID, expiresAt });
        assert.equal(failures.length, 1);
        assert.equal(failures[0]!.property, "expiresAt");
        assert.match(failures[0]!.reason, /has no time zone: add Z \(UTC\) or an offset such as \+01:00/);
      });
    }
  });

  describe("rejects an expiry that is not an RFC 3339 time", () => {
    const garbage: Array<[string, unknown, RegExp]> = [
      ["free text", "next friday", /"next friday" is not an RFC 3339 time/],
      ["a date without a time", "2027-01-31", /is not an RFC 3339 time such as "2027-01-31T18:00:00Z"/],
      ["an offset without a colon", "2027-01-31T18:00:00+0100", /is not an RFC 3339 time/],
      ["a month 13", "2027-13-01T10:00:00Z", /is not an RFC 3339 time/],
      ["an hour 25", "2027-01-31T25:00:00Z", /is not an RFC 3339 time/],
      ["February 30", "2027-02-30T10:00:00Z", /is not a day of the calendar: February 2027 has 28 days/],
      ["an offset of +99:99, which new Date() cannot read", "2031-01-31T18:00:00+99:99", /has the offset \+99:99, but an offset is at most ±23:59/],
      ["an empty string", "", /is not an RFC 3339 time/],
      ["a number (epoch milliseconds)", 1801418400000, /must be an RFC 3339 time .*got number 1801418400000/],
      ["a Date-like object", { year: 2027 }, /must be an RFC 3339 time .*got an object/],
    ];
    for (const [name, expiresAt, reason] of garbage) {
      it(name, () => {
        const failures = failuresOf({ roomId: ROOM_ID, expiresAt });
        assert.equal(failures.length, 1, JSON.stringify(failures));
        assert.equal(failures[0]!.property, "expiresAt");
        assert.match(failures[0]!.reason, reason);
      });
    }
  });

  describe("warns of an expiry that has passed by the injected now, and refuses nothing for it", () => {
    for (const expiresAt of ["2026-06-01T11:59:59Z", "2026-06-01T12:00:00Z", "2026-06-01T13:00:00+02:00", "1999-12-31T23:59:59Z"]) {
      it(expiresAt, () => {
        const { failures, warnings, inputs } = checkInviteInputs({ roomId: ROOM_ID, expiresAt }, NOW);
        assert.deepEqual(failures, []);
        assert.deepEqual(inputs, { roomId: ROOM_ID, expiresAt });
        assert.deepEqual(warnings, [
          `expiresAt: "${expiresAt}" has passed: this guest link no longer admits anyone — give a later time to use it again, or remove the link`,
        ]);
      });
    }

    it("judges the past by the injected now, not the clock", () => {
      const expiresAt = "2026-06-01T12:30:00Z";
      assert.deepEqual(checkInviteInputs({ roomId: ROOM_ID, expiresAt }, NOW).warnings, []);
      assert.match(checkInviteInputs({ roomId: ROOM_ID, expiresAt }, NOW + 3_600_000).warnings[0]!, /has passed/);
    });

    it("warns whether the expiry is new, unchanged since the link was made, or the link was dropped by a refresh", () => {
      const expiresAt = "2026-01-01T00:00:00Z";
      for (const olds of [{}, { roomId: ROOM_ID, expiresAt }, { roomId: ROOM_ID, expiresAt: "2027-01-01T00:00:00Z" }]) {
        const outcome = checkInviteInputs({ roomId: ROOM_ID, expiresAt }, NOW, olds);
        assert.deepEqual([outcome.failures, outcome.warnings.length], [[], 1], JSON.stringify(olds));
      }
    });

    it("does not warn about a malformed or unknown expiry (the failure, or nothing yet, says enough)", () => {
      assert.deepEqual(checkInviteInputs({ roomId: ROOM_ID, expiresAt: "2020-02-30T00:00:00Z" }, NOW).warnings, []);
      assert.deepEqual(checkInviteInputs({ roomId: ROOM_ID, expiresAt: UNKNOWN }, NOW).warnings, []);
    });
  });

  describe("requires a room id", () => {
    for (const [name, news] of [
      ["missing", {}],
      ["undefined", { roomId: undefined }],
      ["null", { roomId: null }],
      ["empty", { roomId: "" }],
    ] as Array<[string, Record<string, unknown>]>) {
      it(`reports a ${name} roomId as required, once`, () => {
        assert.deepEqual(failuresOf(news), [
          { property: "roomId", reason: "is required: the room the guest link opens, typically room.roomId" },
        ]);
      });
    }
  });

  it("rejects a roomId that is not a UUID", () => {
    const failures = failuresOf({ roomId: "lobby" });
    assert.equal(failures.length, 1);
    assert.equal(failures[0]!.property, "roomId");
    assert.match(failures[0]!.reason, /must be a room id, typically room\.roomId \(a UUID\), got "lobby"/);
  });

  it("rejects a roomId that is not a string", () => {
    assert.match(failuresOf({ roomId: 7 })[0]!.reason, /\(a UUID\), got number 7/);
  });

  it("rejects a property OpenTalkInvite does not have, naming it", () => {
    assert.deepEqual(failuresOf({ roomId: ROOM_ID, expires: "2027-01-31T18:00:00Z" }), [
      { property: "expires", reason: 'OpenTalkInvite has no property "expires"; allowed: roomId, expiresAt' },
    ]);
  });

  describe("during preview (values unknown)", () => {
    it("accepts an unknown roomId", () => assert.deepEqual(failuresOf({ roomId: UNKNOWN }), []));
    it("accepts an unknown expiresAt", () => assert.deepEqual(failuresOf({ roomId: ROOM_ID, expiresAt: UNKNOWN }), []));
    it("accepts both unknown", () => {
      assert.deepEqual(checkInviteInputs({ roomId: UNKNOWN, expiresAt: UNKNOWN }, NOW), {
        inputs: { roomId: UNKNOWN, expiresAt: UNKNOWN },
        failures: [],
        warnings: [],
      });
    });
  });

  it("records nothing of the inputs when it refuses them", () => {
    assert.deepEqual(checkInviteInputs({ roomId: "lobby", expiresAt: "2027-01-31T18:00:00Z" }, NOW).inputs, {});
  });
});
