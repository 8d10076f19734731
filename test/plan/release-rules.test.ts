import assert from "node:assert/strict";
import { capabilitiesOf } from "../../provider/client/capabilities";
import { releaseProblems, roomGuestLink, type ReleaseNeeds } from "../../provider/plan/release-rules";

const ON = { "0.29": capabilitiesOf("0.29.6"), "0.30": capabilitiesOf("0.30.1"), "0.34": capabilitiesOf("0.34.0"), "0.35": capabilitiesOf("0.35.0") };
const room = (needs: Partial<ReleaseNeeds>): ReleaseNeeds => ({ kind: "room", operation: "create", ...needs });

describe("releaseProblems: what a release cannot do, refused before any change", () => {
  const rows: Array<[string, keyof typeof ON, ReleaseNeeds, RegExp | null]> = [
    ["a plain room anywhere", "0.29", room({}), null],
    ["a room name on 0.35", "0.35", room({ name: "board" }), null],
    ["a room name on 0.34", "0.34", room({ name: "board" }), /^name: room names need OpenTalk 0\.35 or newer, and OpenTalk 0\.34\.0 has none — remove name$/],
    ["a rename on 0.34 (update)", "0.34", room({ operation: "update", name: "board", nameChanges: true }), /^name: room names need OpenTalk 0\.35/],
    ["no name on 0.34 (update, unchanged)", "0.34", room({ operation: "update", name: null, nameChanges: false }), null],
    ["guest access on 0.30", "0.30", room({ guestAccess: "disabled" }), /^guestAccess: guest access settings need OpenTalk 0\.34 or newer; on OpenTalk 0\.30\.1 guests join with guest links/],
    ["guest access on 0.34", "0.34", room({ guestAccess: "disabled" }), null],
    ["dial-in with a lobby at creation on 0.30", "0.30", room({ sip: { enabled: true, lobby: true } }), /^sip\.lobby: OpenTalk 0\.30\.1 does not let room owners change dial-in settings \(OpenTalk 0\.34\+ does\); dial-in can only be switched on when the room is made, without a lobby — remove lobby$/],
    ["dial-in without a lobby at creation on 0.30", "0.30", room({ sip: { enabled: true } }), null],
    ["switching dial-in off later on 0.29", "0.29", room({ operation: "update", sip: { enabled: false }, sipStep: { action: "delete" } }), /^sip: OpenTalk 0\.29\.6 does not let room owners change dial-in settings .*cannot be switched off/],
    ["switching dial-in on later on 0.34", "0.34", room({ operation: "update", sip: { enabled: true }, sipStep: { action: "put", lobby: false } }), null],
    ["a meeting's declared dial-in on 0.30", "0.30", { kind: "meeting", operation: "create", sip: { enabled: false } }, /^sip: OpenTalk 0\.30\.1 does not let room owners change dial-in settings .*a meeting's dial-in stays as OpenTalk makes it — remove sip$/],
    ["a meeting's declared dial-in on 0.34", "0.34", { kind: "meeting", operation: "create", sip: { enabled: false } }, null],
    ["dial-in with guests shut out on 0.34", "0.34", room({ guestAccess: "disabled", sip: { enabled: true } }), /^sip: OpenTalk 0\.34\.0 refuses dial-in for rooms that shut guests out/],
  ];
  for (const [what, release, needs, expected] of rows) {
    it(`${what}: ${expected ? "refused" : "fine"}`, () => {
      const problems = releaseProblems(ON[release], needs);
      if (expected === null) assert.deepEqual(problems, []);
      else assert.ok(problems.some((p) => expected.test(p)), `${expected} in ${JSON.stringify(problems)}`);
    });
  }
});

describe("roomGuestLink: the link guests use", () => {
  const LINK = "https://ot.example.org/room/r1";
  const open = { guestAccess: "waiting_room" as const, e2eEncryption: false };
  it("is none before 0.35: guests need an invite code there", () => assert.equal(roomGuestLink(ON["0.34"], LINK, open, true), null));
  it("is the room link on 0.35 when guests are let in", () => assert.equal(roomGuestLink(ON["0.35"], LINK, open, true), LINK));
  it("is none on 0.35 with guest access disabled", () => assert.equal(roomGuestLink(ON["0.35"], LINK, { ...open, guestAccess: "disabled" }, true), null));
  it("is none on 0.35 for an encrypted room", () => assert.equal(roomGuestLink(ON["0.35"], LINK, { ...open, e2eEncryption: true }, true), null));
  it("is none on 0.35 when the tariff has no guests", () => assert.equal(roomGuestLink(ON["0.35"], LINK, open, false), null));
});
