import assert from "node:assert/strict";
import { planMeetingUpdate, timingBody, type CurrentMeeting } from "../../provider/plan/meeting-plan";
import type { MeetingInputs } from "../../provider/plan/meeting-state";
import { UNKNOWN } from "../../provider/plan/unknown";

const EVENT_ID = "5c1d2e3f-4a5b-4c6d-8e7f-901a2b3c4d5e";

const standing: CurrentMeeting = {
  eventId: "e1",
  adoptEventId: null,
  title: "Team sync",
  description: "",
  startsAt: null,
  endsAt: null,
  timeZone: null,
  recurrence: [],
  password: null,
  waitingRoom: false,
  guestAccess: "waiting_room",
  e2eEncryption: false,
  sip: { enabled: true, lobby: false },
};

const dated: CurrentMeeting = {
  ...standing,
  startsAt: "2027-01-04T08:00:00Z",
  endsAt: "2027-01-04T08:30:00Z",
  timeZone: "Europe/Berlin",
  recurrence: ["RRULE:FREQ=WEEKLY;BYDAY=MO"],
};
const datedInputs: MeetingInputs = {
  title: "Team sync",
  startsAt: "2027-01-04T09:00:00+01:00",
  endsAt: "2027-01-04T09:30:00+01:00",
  timeZone: "Europe/Berlin",
  recurrence: ["RRULE:FREQ=WEEKLY;BYDAY=MO"],
};

describe("planMeetingUpdate", () => {
  const cases: Array<[string, CurrentMeeting, MeetingInputs, Partial<ReturnType<typeof planMeetingUpdate>>]> = [
    ["nothing changed (SIP left as OpenTalk made it)", standing, { title: "Team sync" }, { changes: [], replaces: [], roomPatch: undefined, eventPatch: undefined, sip: undefined }],
    ["a new title", standing, { title: "Daily" }, { changes: ["title"], eventPatch: { title: "Daily" }, roomPatch: undefined }],
    ["a description added", standing, { title: "Team sync", description: "Agenda in the wiki" }, { changes: ["description"], eventPatch: { description: "Agenda in the wiki" } }],
    ["a password and a waiting room", standing, { title: "Team sync", password: "pw-1234", waitingRoom: true }, { changes: ["password", "waitingRoom"], roomPatch: { password: "pw-1234", waiting_room: true }, eventPatch: undefined }],
    ["SIP turned off explicitly", standing, { title: "Team sync", sip: { enabled: false } }, { changes: ["sip"], roomPatch: undefined, eventPatch: undefined, sip: { action: "delete" } }],
    ["guest access disabled travels with every room patch", { ...standing, guestAccess: "disabled" }, { title: "Team sync", guestAccess: "disabled", waitingRoom: true }, { changes: ["waitingRoom"], roomPatch: { waiting_room: true, guest_access: "disabled" } }],
    ["a title change goes to the event alone", { ...standing, guestAccess: "disabled" }, { title: "New", guestAccess: "disabled" }, { changes: ["title"], eventPatch: { title: "New" }, roomPatch: undefined }],
    ["encryption turned on shuts guests out when guest access is not declared", standing, { title: "Team sync", e2eEncryption: true, sip: { enabled: false } }, { roomPatch: { e2e_encryption: true, guest_access: "disabled" } }],
    ["the same times written in another offset", dated, datedInputs, { changes: [], eventPatch: undefined }],
    ["a moved start sends the whole timing", dated, { ...datedInputs, startsAt: "2027-01-04T10:00:00+01:00", endsAt: "2027-01-04T10:30:00+01:00" }, {
      changes: ["startsAt", "endsAt"],
      eventPatch: {
        is_time_independent: false,
        is_all_day: false,
        starts_at: { datetime: "2027-01-04T09:00:00Z", timezone: "Europe/Berlin" },
        ends_at: { datetime: "2027-01-04T09:30:00Z", timezone: "Europe/Berlin" },
        recurrence_pattern: ["RRULE:FREQ=WEEKLY;BYDAY=MO"],
      },
    }],
    ["a new title of a dated meeting carries the whole timing (0.29/0.30 drop a recurrence a PATCH leaves out)", dated, { ...datedInputs, title: "Weekly" }, {
      changes: ["title"],
      eventPatch: {
        title: "Weekly",
        is_time_independent: false,
        is_all_day: false,
        starts_at: { datetime: "2027-01-04T08:00:00Z", timezone: "Europe/Berlin" },
        ends_at: { datetime: "2027-01-04T08:30:00Z", timezone: "Europe/Berlin" },
        recurrence_pattern: ["RRULE:FREQ=WEEKLY;BYDAY=MO"],
      },
    }],
    ["a room setting of a dated meeting touches the room alone", dated, { ...datedInputs, waitingRoom: true }, { changes: ["waitingRoom"], roomPatch: { waiting_room: true }, eventPatch: undefined }],
    ["times removed makes it time-independent", dated, { title: "Team sync" }, { changes: ["startsAt", "endsAt", "recurrence"], eventPatch: { is_time_independent: true } }],
    ["another meeting to adopt", standing, { title: "Team sync", adoptEventId: "e2" }, { replaces: ["adoptEventId"] }],
    ["the managed meeting's own id to adopt", standing, { title: "Team sync", adoptEventId: "e1" }, { replaces: [], changes: [] }],
    ["the managed meeting's own id in capitals to adopt", { ...standing, eventId: EVENT_ID }, { title: "Team sync", adoptEventId: EVENT_ID.toUpperCase() }, { replaces: [], changes: [] }],
    ["the adopted meeting's id in capitals", { ...standing, eventId: EVENT_ID, adoptEventId: EVENT_ID }, { title: "Team sync", adoptEventId: EVENT_ID.toUpperCase() }, { replaces: [], changes: [] }],
    ["another meeting's id to adopt, in capitals", { ...standing, eventId: EVENT_ID }, { title: "Team sync", adoptEventId: "0A0B0C0D-1E1F-4A2B-8C3D-4E5F60718293" }, { replaces: ["adoptEventId"] }],
    ["an unknown title during preview", standing, { title: UNKNOWN }, { changes: ["title"] }],
  ];
  for (const [what, current, inputs, expected] of cases) {
    it(`plans ${what}`, () => {
      const plan = planMeetingUpdate(current, inputs);
      for (const [key, value] of Object.entries(expected)) {
        assert.deepEqual((plan as unknown as Record<string, unknown>)[key], value, `${key} of ${JSON.stringify(plan)}`);
      }
    });
  }
});

describe("timingBody", () => {
  it("makes a meeting without times time-independent", () => {
    assert.deepEqual(timingBody({ title: "t" }), { is_time_independent: true });
  });
  it("sends times in UTC with the meeting's zone, UTC by default, is_all_day and an explicit (empty) recurrence", () => {
    assert.deepEqual(timingBody({ title: "t", startsAt: "2027-01-04T09:00:00+01:00", endsAt: "2027-01-04T10:00:00+01:00" }), {
      is_time_independent: false,
      is_all_day: false,
      starts_at: { datetime: "2027-01-04T08:00:00Z", timezone: "UTC" },
      ends_at: { datetime: "2027-01-04T09:00:00Z", timezone: "UTC" },
      recurrence_pattern: [],
    });
  });
});
