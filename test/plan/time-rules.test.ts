import assert from "node:assert/strict";
import { ianaTimeZone, rfc3339Instant } from "../../provider/plan/time-rules";

describe("rfc3339Instant", () => {
  describe("accepts an RFC 3339 time that the runtime's new Date(value).toISOString() takes as written", () => {
    const valid = [
      "2027-01-31T18:00:00Z",
      "2027-01-31T18:00:00z",
      "2027-01-31t18:00:00Z",
      "2027-01-31 18:00:00Z",
      "2027-01-31T18:00:00+01:00",
      "2027-01-31T18:00:00-05:30",
      "2027-01-31T18:00:00+00:00",
      "2027-01-31T18:00:00-00:00",
      "2027-01-31T18:00:00+23:59",
      "2027-01-31T18:00:00-23:59",
      "2027-01-31T18:00:00.5Z",
      "2027-01-31T18:00:00.123456789+02:00",
      "2028-02-29T12:00:00Z",
      "2000-02-29T12:00:00Z",
      "2027-12-31T23:59:59Z",
      "0000-01-01T00:00:00Z",
      "0000-02-29T00:00:00Z",
      "9999-12-31T23:59:59Z",
    ];
    for (const value of valid) {
      it(value, () => {
        assert.equal(rfc3339Instant(value), undefined);
        assert.doesNotThrow(() => new Date(value).toISOString());
      });
    }
  });

  describe("refuses, saying why", () => {
    const refused: Array<[string, unknown, string]> = [
      ["an offset hour of 99 (once \"Invalid time value\" at create)", "2031-01-31T18:00:00+99:99",
        '"2031-01-31T18:00:00+99:99" has the offset +99:99, but an offset is at most ±23:59 (hours 00–23, minutes 00–59)'],
      ["an offset of +24:00", "2031-01-31T18:00:00+24:00",
        '"2031-01-31T18:00:00+24:00" has the offset +24:00, but an offset is at most ±23:59 (hours 00–23, minutes 00–59)'],
      ["offset minutes of 60", "2031-01-31T18:00:00-01:60",
        '"2031-01-31T18:00:00-01:60" has the offset -01:60, but an offset is at most ±23:59 (hours 00–23, minutes 00–59)'],
      ["February 30", "2031-02-30T18:00:00Z", '"2031-02-30T18:00:00Z" is not a day of the calendar: February 2031 has 28 days'],
      ["February 29 outside a leap year", "2027-02-29T18:00:00Z", '"2027-02-29T18:00:00Z" is not a day of the calendar: February 2027 has 28 days'],
      ["February 29 of 1900 (no leap year)", "1900-02-29T18:00:00Z", '"1900-02-29T18:00:00Z" is not a day of the calendar: February 1900 has 28 days'],
      ["April 31", "2027-04-31T18:00:00Z", '"2027-04-31T18:00:00Z" is not a day of the calendar: April 2027 has 30 days'],
      ["day 0", "2027-04-00T18:00:00Z", '"2027-04-00T18:00:00Z" is not a day of the calendar: April 2027 has 30 days'],
      ["a leap second", "2031-12-31T23:59:60Z", '"2031-12-31T23:59:60Z" is a leap second, which JavaScript dates cannot hold: use :59 instead'],
      ["second 61", "2031-12-31T23:59:61Z", '"2031-12-31T23:59:61Z" is not an RFC 3339 time such as "2027-01-31T18:00:00Z"'],
      ["hour 24", "2031-01-31T24:00:00Z", '"2031-01-31T24:00:00Z" is not an RFC 3339 time such as "2027-01-31T18:00:00Z"'],
      ["minute 60", "2031-01-31T18:60:00Z", '"2031-01-31T18:60:00Z" is not an RFC 3339 time such as "2027-01-31T18:00:00Z"'],
      ["month 13", "2031-13-01T18:00:00Z", '"2031-13-01T18:00:00Z" is not an RFC 3339 time such as "2027-01-31T18:00:00Z"'],
      ["an offset without a colon", "2031-01-31T18:00:00+0100", '"2031-01-31T18:00:00+0100" is not an RFC 3339 time such as "2027-01-31T18:00:00Z"'],
      ["a date alone", "2031-01-31", '"2031-01-31" is not an RFC 3339 time such as "2027-01-31T18:00:00Z"'],
      ["no zone", "2031-01-31T18:00:00", '"2031-01-31T18:00:00" has no time zone: add Z (UTC) or an offset such as +01:00'],
      ["no seconds and no zone", "2031-01-31T18:00", '"2031-01-31T18:00" has no time zone: add Z (UTC) or an offset such as +01:00'],
      ["a year that becomes 10000 in UTC", "9999-12-31T23:00:00-05:00", '"9999-12-31T23:00:00-05:00" falls outside the years 0000–9999 in UTC, which RFC 3339 cannot write'],
      ["a year that becomes -1 in UTC", "0000-01-01T00:30:00+01:00", '"0000-01-01T00:30:00+01:00" falls outside the years 0000–9999 in UTC, which RFC 3339 cannot write'],
      ["a number", 1_924_992_000, 'must be an RFC 3339 time such as "2027-01-31T18:00:00Z", got number 1924992000'],
      ["a string of 3 MB, by its length alone", "2".repeat(3 * 1024 * 1024), 'must be an RFC 3339 time such as "2027-01-31T18:00:00Z", got a string of 3145728 characters'],
      ["a valid time padded to 65 characters", `2031-01-31T18:00:00.${"0".repeat(44)}Z`, 'must be an RFC 3339 time such as "2027-01-31T18:00:00Z", got a string of 65 characters'],
    ];
    for (const [name, value, reason] of refused) {
      it(name, () => assert.equal(rfc3339Instant(value), reason));
    }
  });

  it("refuses a 3 MB string quickly, before any pattern looks at it", () => {
    const huge = "2031-01-31T18:00:00Z".repeat(160_000);
    const started = process.hrtime.bigint();
    for (let i = 0; i < 1000; i++) rfc3339Instant(huge);
    assert.ok(process.hrtime.bigint() - started < 50_000_000n, "1000 checks took over 50 ms");
  });
});

describe("ianaTimeZone", () => {
  for (const zone of ["UTC", "Europe/Berlin", "America/Argentina/ComodRivadavia"]) {
    it(`accepts ${zone}`, () => assert.equal(ianaTimeZone(zone), undefined));
  }
  const refused: Array<[unknown, string]> = [
    ["Mars/Olympus", '"Mars/Olympus" is not an IANA time zone such as "Europe/Berlin" or "UTC"'],
    ["x".repeat(65), 'must be an IANA time zone such as "Europe/Berlin", got a string of 65 characters'],
    [1, 'must be an IANA time zone such as "Europe/Berlin", got number 1'],
  ];
  for (const [zone, reason] of refused) {
    it(`refuses ${typeof zone === "string" && zone.length > 40 ? "a very long name" : JSON.stringify(zone)}`, () => assert.equal(ianaTimeZone(zone), reason));
  }
});
