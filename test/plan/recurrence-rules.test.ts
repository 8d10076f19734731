import assert from "node:assert/strict";
import { recurrenceRule, untilBeforeStart } from "../../provider/plan/recurrence-rules";
import { UNKNOWN } from "../../provider/plan/unknown";

// What the controller accepts and refuses in `recurrence_pattern`: its rrule parser and its own rules (see the
// header of provider/plan/recurrence-rules.ts for the sources).
describe("recurrenceRule", () => {
  describe("accepts what the controller accepts", () => {
    const accepted: string[][] = [
      ["RRULE:FREQ=WEEKLY;BYDAY=MO"],
      ["FREQ=WEEKLY;INTERVAL=1;BYDAY=MO"],
      ["RRULE:FREQ=DAILY;COUNT=10"],
      ["RRULE:freq=weekly;byday=mo,we"],
      ["RRULE:FREQ=MONTHLY;BYDAY=-1FR"],
      ["RRULE:FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1"],
      ["RRULE:FREQ=MONTHLY;BYMONTHDAY=15,-1"],
      ["RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=4TH"],
      ["RRULE:FREQ=YEARLY;BYWEEKNO=20;BYDAY=MO"],
      ["RRULE:FREQ=YEARLY;BYYEARDAY=1,-1"],
      ["RRULE:FREQ=WEEKLY;INTERVAL=2;WKST=SU;BYDAY=TU,TH"],
      ["RRULE:FREQ=DAILY;UNTIL=20271231T235959Z"],
      ["RRULE:FREQ=DAILY;BYHOUR=9;BYMINUTE=30;BYSECOND=0"],
      ["RRULE:FREQ=WEEKLY;BYWEEKDAY=FR"],
      ["RRULE:FREQ=WEEKLY;BYDAY=MO", "EXDATE:20270104T090000Z,20270111T090000Z"],
      ["RRULE:FREQ=WEEKLY;BYDAY=MO", "EXDATE;TZID=Europe/Berlin:20270104T100000"],
      ["RRULE:FREQ=WEEKLY;BYDAY=MO", "RDATE;VALUE=DATE:20270106"],
      ["RDATE:20270104T090000Z,20270301T090000Z"],
      ["RRULE:FREQ=DAILY", "RRULE:FREQ=WEEKLY", "EXDATE:20270104T090000Z", "RDATE:20270105T090000Z"],
      [`RRULE:FREQ=DAILY;BYMONTHDAY=${Array(20).fill("1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31").join(",")}`.slice(0, 1024).replace(/,\d*$/, "")],
    ];
    for (const lines of accepted) {
      it(lines.join(" | ").slice(0, 100), () => assert.equal(recurrenceRule(lines), undefined));
    }
  });

  describe("refuses what the controller refuses, saying why", () => {
    const refused: Array<[string, unknown, string]> = [
      ["HOURLY (the controller: \"Frequencies below 'DAILY' are not supported\")", ["RRULE:FREQ=HOURLY"],
        'line 1 "RRULE:FREQ=HOURLY": FREQ=HOURLY is not supported: OpenTalk repeats a meeting at most daily; use DAILY, WEEKLY, MONTHLY or YEARLY'],
      ["MINUTELY", ["RRULE:FREQ=MINUTELY;BYSECOND=0"], 'line 1 "RRULE:FREQ=MINUTELY;BYSECOND=0": FREQ=MINUTELY is not supported: OpenTalk repeats a meeting at most daily; use DAILY, WEEKLY, MONTHLY or YEARLY'],
      ["SECONDLY", ["FREQ=SECONDLY"], 'line 1 "FREQ=SECONDLY": FREQ=SECONDLY is not supported: OpenTalk repeats a meeting at most daily; use DAILY, WEEKLY, MONTHLY or YEARLY'],
      ["an unknown frequency", ["RRULE:FREQ=BOGUS"], 'line 1 "RRULE:FREQ=BOGUS": FREQ=BOGUS is not a frequency: use DAILY, WEEKLY, MONTHLY or YEARLY'],
      ["no frequency", ["RRULE:INTERVAL=2"], 'line 1 "RRULE:INTERVAL=2": needs FREQ, such as FREQ=WEEKLY'],
      ["free text", ["every monday"], 'line 1 "every monday": "every monday" is not a part of a rule: write NAME=VALUE, such as FREQ=WEEKLY'],
      ["an unknown part", ["RRULE:FREQ=DAILY;BYEASTER=1"],
        'line 1 "RRULE:FREQ=DAILY;BYEASTER=1": BYEASTER is not a part of an RRULE: use FREQ, INTERVAL, COUNT, UNTIL, BYDAY, BYMONTHDAY, BYMONTH, BYYEARDAY, BYWEEKNO, BYSETPOS, BYHOUR, BYMINUTE, BYSECOND or WKST'],
      ["a part given twice", ["RRULE:FREQ=DAILY;COUNT=2;COUNT=3"], 'line 1 "RRULE:FREQ=DAILY;COUNT=2;COUNT=3": COUNT is given twice'],
      ["BYDAY and BYWEEKDAY together (one part to the parser)", ["RRULE:FREQ=WEEKLY;BYDAY=MO;BYWEEKDAY=TU"], 'line 1 "RRULE:FREQ=WEEKLY;BYDAY=MO;BYWEEKDAY=TU": BYWEEKDAY is given twice'],
      ["a line over 1024 bytes", [`RRULE:FREQ=DAILY;BYMONTHDAY=${"1,".repeat(600)}1`], "line 1: it is 1229 characters long; OpenTalk takes at most 1024 bytes per line"],
      ["a line of 525 characters, 1026 bytes in UTF-8", [`RRULE:FREQ=DAILY;X-NOTE=${"ü".repeat(501)}`], "line 1: it is 1026 bytes long in UTF-8; OpenTalk takes at most 1024 bytes per line"],
      ["a line break inside a line", ["RRULE:FREQ=DAILY\nRRULE:FREQ=WEEKLY"], 'line 1 "RRULE:FREQ=DAILY\\nRRULE:FREQ=WEEKLY": it contains a line break: give each rule as its own item of the list'],
      ["EXRULE, which the controller's parser drops", ["RRULE:FREQ=DAILY", "EXRULE:FREQ=WEEKLY;BYDAY=SA,SU"],
        'line 2 "EXRULE:FREQ=WEEKLY;BYDAY=SA,SU": EXRULE is ignored by OpenTalk (its recurrence library is built without EXRULE): list the dates to leave out with EXDATE'],
      ["a DTSTART, which the controller's own replaces", ["DTSTART:20270104T090000Z", "RRULE:FREQ=DAILY"], 'line 1 "DTSTART:20270104T090000Z": DTSTART comes from startsAt and timeZone; remove this line'],
      ["another property", ["VEVENT:FREQ=DAILY"], 'line 1 "VEVENT:FREQ=DAILY": VEVENT is not a recurrence property: use RRULE, RDATE or EXDATE'],
      ["a property name in lower case", ["exdate:20270104T090000Z", "RRULE:FREQ=DAILY"], 'line 1 "exdate:20270104T090000Z": its property name must be in capitals before the ":": write RRULE:, RDATE: or EXDATE:'],
      ["parameters on an RRULE", ["RRULE;X-A=1:FREQ=DAILY"], 'line 1 "RRULE;X-A=1:FREQ=DAILY": RRULE takes no parameters before its ":": write RRULE:FREQ=DAILY'],
      ["only exceptions, nothing that makes dates", ["EXDATE:20270104T090000Z"], "needs an RRULE or RDATE line to make dates, such as RRULE:FREQ=WEEKLY;BYDAY=MO"],
      ["INTERVAL=0", ["RRULE:FREQ=DAILY;INTERVAL=0"], 'line 1 "RRULE:FREQ=DAILY;INTERVAL=0": INTERVAL=0 makes no dates: give 1 or more'],
      ["INTERVAL of words", ["RRULE:FREQ=DAILY;INTERVAL=two"], 'line 1 "RRULE:FREQ=DAILY;INTERVAL=two": INTERVAL=two is not a whole number from 1 to 65535'],
      ["COUNT=0", ["RRULE:FREQ=DAILY;COUNT=0"], 'line 1 "RRULE:FREQ=DAILY;COUNT=0": COUNT=0 makes no dates: give 1 or more'],
      ["an UNTIL without Z", ["RRULE:FREQ=DAILY;UNTIL=20271231T235959"],
        'line 1 "RRULE:FREQ=DAILY;UNTIL=20271231T235959": UNTIL=20271231T235959 must be a UTC time such as 20271231T235959Z (OpenTalk reads UNTIL only in UTC)'],
      ["an UNTIL date", ["RRULE:FREQ=DAILY;UNTIL=20271231"], 'line 1 "RRULE:FREQ=DAILY;UNTIL=20271231": UNTIL=20271231 must be a UTC time such as 20271231T235959Z (OpenTalk reads UNTIL only in UTC)'],
      ["an UNTIL on February 30", ["RRULE:FREQ=DAILY;UNTIL=20270230T000000Z"],
        'line 1 "RRULE:FREQ=DAILY;UNTIL=20270230T000000Z": UNTIL=20270230T000000Z must be a UTC time such as 20271231T235959Z (OpenTalk reads UNTIL only in UTC)'],
      ["BYMONTH 13", ["RRULE:FREQ=YEARLY;BYMONTH=13"], 'line 1 "RRULE:FREQ=YEARLY;BYMONTH=13": BYMONTH=13: each item must be a whole number from 1 to 12'],
      ["BYMONTHDAY 0", ["RRULE:FREQ=MONTHLY;BYMONTHDAY=0"], 'line 1 "RRULE:FREQ=MONTHLY;BYMONTHDAY=0": BYMONTHDAY=0: each item must be a whole number from -31 to 31 other than 0'],
      ["BYMONTHDAY with WEEKLY", ["RRULE:FREQ=WEEKLY;BYMONTHDAY=1"], 'line 1 "RRULE:FREQ=WEEKLY;BYMONTHDAY=1": BYMONTHDAY does not work with FREQ=WEEKLY'],
      ["BYYEARDAY with MONTHLY", ["RRULE:FREQ=MONTHLY;BYYEARDAY=100"], 'line 1 "RRULE:FREQ=MONTHLY;BYYEARDAY=100": BYYEARDAY works only with FREQ=YEARLY'],
      ["BYWEEKNO 54", ["RRULE:FREQ=YEARLY;BYWEEKNO=54"], 'line 1 "RRULE:FREQ=YEARLY;BYWEEKNO=54": BYWEEKNO=54: each item must be a whole number from -53 to 53 other than 0'],
      ["BYHOUR 24", ["RRULE:FREQ=DAILY;BYHOUR=24"], 'line 1 "RRULE:FREQ=DAILY;BYHOUR=24": BYHOUR=24: each item must be a whole number from 0 to 23'],
      ["BYMINUTE 60", ["RRULE:FREQ=DAILY;BYMINUTE=60"], 'line 1 "RRULE:FREQ=DAILY;BYMINUTE=60": BYMINUTE=60: each item must be a whole number from 0 to 59'],
      ["BYSECOND 60", ["RRULE:FREQ=DAILY;BYSECOND=60"], 'line 1 "RRULE:FREQ=DAILY;BYSECOND=60": BYSECOND=60: each item must be a whole number from 0 to 59'],
      ["BYSETPOS beyond the month", ["RRULE:FREQ=MONTHLY;BYDAY=MO;BYSETPOS=32"], 'line 1 "RRULE:FREQ=MONTHLY;BYDAY=MO;BYSETPOS=32": BYSETPOS=32: each item must be a whole number from -31 to 31 other than 0'],
      ["BYSETPOS alone", ["RRULE:FREQ=MONTHLY;BYSETPOS=1"], 'line 1 "RRULE:FREQ=MONTHLY;BYSETPOS=1": BYSETPOS needs another BY… part to pick from, such as BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1'],
      ["a weekday that is not one", ["RRULE:FREQ=WEEKLY;BYDAY=MONDAY"], 'line 1 "RRULE:FREQ=WEEKLY;BYDAY=MONDAY": BYDAY=MONDAY: each item must be a weekday such as MO, 2TU or -1FR'],
      ["a sixth Friday of the month", ["RRULE:FREQ=MONTHLY;BYDAY=6FR"], 'line 1 "RRULE:FREQ=MONTHLY;BYDAY=6FR": BYDAY=6FR: with FREQ=MONTHLY the number before a day must be from -4 to 5'],
      ["a WKST that is not a weekday", ["RRULE:FREQ=WEEKLY;WKST=XX"], 'line 1 "RRULE:FREQ=WEEKLY;WKST=XX": WKST=XX is not a weekday: use MO, TU, WE, TH, FR, SA or SU'],
      ["an EXDATE in ISO form", ["RRULE:FREQ=DAILY", "EXDATE:2027-01-04"], 'line 2 "EXDATE:2027-01-04": "2027-01-04" is not a date such as 20270104 or a time such as 20270104T090000Z'],
      ["an EXDATE on February 30", ["RRULE:FREQ=DAILY", "EXDATE:20270230"], 'line 2 "EXDATE:20270230": "20270230" is not a date such as 20270104 or a time such as 20270104T090000Z'],
      ["an EXDATE with an unknown zone", ["RRULE:FREQ=DAILY", "EXDATE;TZID=Mars/Olympus:20270104T090000"], 'line 2 "EXDATE;TZID=Mars/Olympus:20270104T090000": TZID=Mars/Olympus is not an IANA time zone such as Europe/Berlin'],
      ["an EXDATE with another parameter", ["RRULE:FREQ=DAILY", "EXDATE;X=1:20270104"], 'line 2 "EXDATE;X=1:20270104": EXDATE takes only the parameters TZID=… and VALUE=…, got "X=1"'],
      ["an RDATE without a colon", ["RDATE;VALUE=DATE"], 'line 1 "RDATE;VALUE=DATE": needs a ":" between RDATE and its value, such as RDATE:…'],
      ["a line that is not a string", ["RRULE:FREQ=DAILY", 42], "line 2: it must be a string, got number 42"],
      ["an empty item (an Output that resolved to nothing)", ["RRULE:FREQ=DAILY", undefined], "line 2: it must be a string, got nothing"],
      ["a null item", ["RRULE:FREQ=DAILY", null], "line 2: it must be a string, got null"],
      ["five lines", Array(5).fill("RRULE:FREQ=DAILY"), "must have 1 to 4 lines, got 5"],
      ["no lines", [], "must have 1 to 4 lines, got 0"],
      ["a single string instead of a list", "RRULE:FREQ=DAILY", 'must be a list of RFC 5545 lines such as ["RRULE:FREQ=WEEKLY;BYDAY=MO"], got "RRULE:FREQ=DAILY"'],
    ];
    for (const [name, value, reason] of refused) {
      it(name, () => assert.equal(recurrenceRule(value), reason));
    }
  });

  it("repeats at most 40 characters of a line or part in a reason", () => {
    const lines = [[`RRULE:${"X".repeat(1000)}`], [`RRULE:FREQ=${"Y".repeat(1000)}`], [`RRULE:FREQ=DAILY;UNTIL=${"9".repeat(900)}`], ["RRULE:FREQ=DAILY", `EXDATE:${"1".repeat(1000)}`]];
    for (const value of lines) {
      const reason = recurrenceRule(value)!;
      assert.ok(reason.length < 200 && !/(.)\1{40}/.test(reason), reason);
    }
    assert.equal(recurrenceRule([`RRULE:FREQ=${"Y".repeat(100)}`]), `line 1: FREQ=${"Y".repeat(39)}… is not a frequency: use DAILY, WEEKLY, MONTHLY or YEARLY`);
  });

  describe("during preview", () => {
    it("checks the known lines of a partly unknown list", () => {
      assert.equal(recurrenceRule([UNKNOWN, "garbage"]), 'line 2 "garbage": "garbage" is not a part of a rule: write NAME=VALUE, such as FREQ=WEEKLY');
    });
    it("lets an unknown line be the one that makes dates", () => {
      assert.equal(recurrenceRule([UNKNOWN, "EXDATE:20270104T090000Z"]), undefined);
    });
  });
});

describe("untilBeforeStart", () => {
  const start = Date.parse("2027-01-04T09:00:00Z");
  it("refuses an UNTIL before the start, as the controller's parser does", () => {
    assert.equal(
      untilBeforeStart(["RRULE:FREQ=DAILY;UNTIL=20270101T000000Z"], start),
      'line 1 "RRULE:FREQ=DAILY;UNTIL=20270101T000000Z": UNTIL is before startsAt, so the series would end before it begins: give a later UNTIL',
    );
  });
  it("accepts an UNTIL at or after the start, and lines without UNTIL", () => {
    assert.equal(untilBeforeStart(["RRULE:FREQ=DAILY;UNTIL=20270104T090000Z", "RRULE:FREQ=WEEKLY", UNKNOWN], start), undefined);
  });
});
