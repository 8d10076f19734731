import assert from "node:assert/strict";
import { checkMeetingInputs } from "../../provider/plan/meeting-inputs";
import { UNKNOWN } from "../../provider/plan/unknown";

const failuresOf = (news: Record<string, unknown>) => checkMeetingInputs(news).failures;
const properties = (news: Record<string, unknown>) => failuresOf(news).map((f) => f.property);

describe("checkMeetingInputs", () => {
  it("accepts a standing meeting with only a title", () => {
    assert.deepEqual(failuresOf({ title: "Team sync", __provider: "x" }), []);
  });

  it("accepts a dated, recurring meeting in a time zone", () => {
    assert.deepEqual(
      failuresOf({
        title: "Weekly",
        startsAt: "2027-01-04T09:00:00+01:00",
        endsAt: "2027-01-04T09:30:00+01:00",
        timeZone: "Europe/Berlin",
        recurrence: ["RRULE:FREQ=WEEKLY;BYDAY=MO"],
      }),
      [],
    );
  });

  const rejected: Array<[string, Record<string, unknown>, string, RegExp]> = [
    ["a missing title", {}, "title", /is required/],
    ["a blank title", { title: "  " }, "title", /is required/],
    ["a title over 255 bytes", { title: "x".repeat(256) }, "title", /^must be at most 255 bytes in UTF-8 \(OpenTalk's limit for titles\), got 256 bytes in 256 characters: shorten it$/],
    ["a description over 4096 bytes", { title: "t", description: "d".repeat(4097) }, "description", /^must be at most 4096 bytes in UTF-8 \(OpenTalk's limit for descriptions\), got 4097 bytes/],
    ["a description of 3000 characters, 6000 bytes", { title: "t", description: "ö".repeat(3000) }, "description", /got 6000 bytes in 3000 characters: shorten it/],
    ["a title of 3 MB, by its length alone", { title: "x".repeat(3 * 1024 * 1024) }, "title", /^must be at most 255 bytes in UTF-8 \(OpenTalk's limit for titles\), got a string of 3145728 characters: shorten it$/],
    ["a start without an end", { title: "t", startsAt: "2027-01-04T09:00:00Z" }, "endsAt", /needs both startsAt and endsAt/],
    ["an end before the start", { title: "t", startsAt: "2027-01-04T09:00:00Z", endsAt: "2027-01-04T08:00:00Z" }, "endsAt", /must be after startsAt/],
    ["a start without a zone", { title: "t", startsAt: "2027-01-04T09:00", endsAt: "2027-01-04T10:00:00Z" }, "startsAt", /no time zone/],
    ["a start at an offset new Date() cannot read", { title: "t", startsAt: "2027-01-04T09:00:00+99:00", endsAt: "2027-01-04T10:00:00Z" }, "startsAt", /has the offset \+99:00, but an offset is at most ±23:59/],
    ["an unknown time zone", { title: "t", startsAt: "2027-01-04T09:00:00Z", endsAt: "2027-01-04T10:00:00Z", timeZone: "Mars/Olympus" }, "timeZone", /not an IANA time zone/],
    ["a recurrence without times", { title: "t", recurrence: ["RRULE:FREQ=DAILY"] }, "recurrence", /needs startsAt/],
    ["a recurrence that is not RFC 5545", { title: "t", startsAt: "2027-01-04T09:00:00Z", endsAt: "2027-01-04T10:00:00Z", recurrence: ["every monday"] }, "recurrence", /^line 1 "every monday": "every monday" is not a part of a rule/],
    ["an hourly recurrence", { title: "t", startsAt: "2027-01-04T09:00:00Z", endsAt: "2027-01-04T10:00:00Z", recurrence: ["RRULE:FREQ=HOURLY"] }, "recurrence", /FREQ=HOURLY is not supported: OpenTalk repeats a meeting at most daily/],
    ["a recurrence ending before the start", { title: "t", startsAt: "2027-01-04T09:00:00Z", endsAt: "2027-01-04T10:00:00Z", recurrence: ["RRULE:FREQ=DAILY;UNTIL=20261231T000000Z"] }, "recurrence", /UNTIL is before startsAt/],
    ["five recurrence lines", { title: "t", startsAt: "2027-01-04T09:00:00Z", endsAt: "2027-01-04T10:00:00Z", recurrence: Array(5).fill("RRULE:FREQ=DAILY") }, "recurrence", /1 to 4 lines/],
    ["a room name with capitals and a space", { title: "t", name: "My Room" }, "name", /^must be 3–40 characters of a–z, 0–9, "\." and "-", and not a UUID, got "My Room"$/],
    ["guests in an encrypted meeting", { title: "t", e2eEncryption: true, guestAccess: "waiting_room" }, "guestAccess", /must be "disabled" for an end-to-end encrypted meeting/],
    ["SIP in an encrypted meeting", { title: "t", e2eEncryption: true, sip: { enabled: true } }, "sip", /not available for end-to-end encrypted rooms/],
    ["a password over 255 bytes", { title: "t", password: "é".repeat(128) }, "password", /1–255 bytes/],
    ["an adoptEventId that is not an id", { title: "t", adoptEventId: "weekly" }, "adoptEventId", /a UUID/],
    ["an adoptRoomId (a room property)", { title: "t", adoptRoomId: "00000000-0000-4000-8000-000000000000" }, "adoptRoomId", /OpenTalkMeeting has no property "adoptRoomId"/],
  ];
  for (const [what, news, property, reason] of rejected) {
    it(`rejects ${what}, naming ${property}`, () => {
      const failure = failuresOf(news).find((f) => f.property === property);
      assert.ok(failure, `no failure for ${property}: ${JSON.stringify(failuresOf(news))}`);
      assert.match(failure.reason, reason);
    });
  }

  it("refuses a 250-character title with umlauts, 300 bytes, giving both counts", () => {
    const title = "Wöchentliche Abstimmung über Änderungen ".repeat(7).slice(0, 250);
    assert.equal([...title].length, 250);
    const failure = failuresOf({ title }).find((f) => f.property === "title");
    assert.equal(
      failure?.reason,
      `must be at most 255 bytes in UTF-8 (OpenTalk's limit for titles), got ${Buffer.byteLength(title)} bytes in 250 characters: shorten it — letters such as ä, é or ß take 2 bytes, emoji 4`,
    );
  });

  it("accepts a title of exactly 255 bytes in fewer characters", () => {
    assert.deepEqual(failuresOf({ title: "ä".repeat(127) + "x" }), []);
  });

  it("records nothing of the inputs when it refuses them", () => {
    assert.deepEqual(checkMeetingInputs({ title: "t", password: "pw-1", waitingRoom: "yes" }).inputs, {});
  });

  it("accepts values unknown during preview", () => {
    assert.deepEqual(
      properties({ title: UNKNOWN, description: UNKNOWN, startsAt: UNKNOWN, endsAt: UNKNOWN, timeZone: UNKNOWN, recurrence: UNKNOWN, password: UNKNOWN, sip: UNKNOWN }),
      [],
    );
    assert.deepEqual(properties({ title: "t", startsAt: UNKNOWN, endsAt: "2027-01-04T10:00:00Z" }), []);
    assert.deepEqual(properties({ title: "t", e2eEncryption: true, guestAccess: UNKNOWN }), []);
    assert.deepEqual(properties({ title: "t", e2eEncryption: UNKNOWN, guestAccess: "waiting_room" }), []);
  });

  it("checks the known parts of values that are partly unknown during preview", () => {
    const dated = { title: "t", startsAt: "2027-01-04T09:00:00Z", endsAt: "2027-01-04T10:00:00Z" };
    assert.deepEqual(failuresOf({ ...dated, recurrence: [UNKNOWN, "garbage"] }), [
      { property: "recurrence", reason: 'line 2 "garbage": "garbage" is not a part of a rule: write NAME=VALUE, such as FREQ=WEEKLY' },
    ]);
    assert.deepEqual(failuresOf({ ...dated, sip: { enabled: UNKNOWN, pin: "1234" } }), [
      { property: "sip", reason: 'has no property "pin"; allowed: enabled, lobby' },
    ]);
  });

  it("still needs an end when the start is unknown and the end is left out", () => {
    assert.deepEqual(properties({ title: "t", startsAt: UNKNOWN }), ["endsAt"]);
  });

  it("never shows the password", () => {
    const secret = "s".repeat(300);
    assert.ok(failuresOf({ title: "t", password: secret }).every((f) => !f.reason.includes(secret)));
  });
});
