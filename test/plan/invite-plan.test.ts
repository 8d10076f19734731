import assert from "node:assert/strict";
import { planInviteUpdate, sameInstant, type InvitePlan } from "../../provider/plan/invite-plan";
import { guestLink, type InviteInputs, type InviteOutputs } from "../../provider/plan/invite-state";
import { UNKNOWN } from "../../provider/plan/unknown";

const ROOM_ID = "8f2e1a3c-5b7d-4e9f-a1b2-c3d4e5f60718";
const OTHER_ROOM_ID = "0a0b0c0d-1e1f-4a2b-8c3d-4e5f60718293";

type Recorded = Pick<InviteOutputs, "roomId" | "expiresAt">;

interface Row {
  it: string;
  current: Recorded;
  inputs: Record<string, unknown>;
  expected: InvitePlan;
}

describe("planInviteUpdate", () => {
  const rows: Row[] = [
    {
      it: "plans nothing when room and expiry are as wanted",
      current: { roomId: ROOM_ID, expiresAt: "2027-01-31T18:00:00Z" },
      inputs: { roomId: ROOM_ID, expiresAt: "2027-01-31T18:00:00Z" },
      expected: { replaces: [], changes: [], expiration: undefined },
    },
    {
      it: "plans nothing for a link that never expired and still should not",
      current: { roomId: ROOM_ID, expiresAt: null },
      inputs: { roomId: ROOM_ID },
      expected: { replaces: [], changes: [], expiration: undefined },
    },
    {
      it: "plans nothing when the same instant is written with another offset",
      current: { roomId: ROOM_ID, expiresAt: "2026-12-01T09:00:00Z" },
      inputs: { roomId: ROOM_ID, expiresAt: "2026-12-01T10:00:00+01:00" },
      expected: { replaces: [], changes: [], expiration: undefined },
    },
    {
      it: "plans nothing when the controller reports the instant with microseconds",
      current: { roomId: ROOM_ID, expiresAt: "2026-12-01T09:00:00.000000Z" },
      inputs: { roomId: ROOM_ID, expiresAt: "2026-12-01T04:00:00-05:00" },
      expected: { replaces: [], changes: [], expiration: undefined },
    },
    {
      it: "changes the expiry in place when one is added, with the full value as ISO",
      current: { roomId: ROOM_ID, expiresAt: null },
      inputs: { roomId: ROOM_ID, expiresAt: "2027-01-31T19:00:00+01:00" },
      expected: { replaces: [], changes: ["expiresAt"], expiration: "2027-01-31T18:00:00.000Z" },
    },
    {
      it: "changes the expiry in place to null when it is removed",
      current: { roomId: ROOM_ID, expiresAt: "2027-01-31T18:00:00Z" },
      inputs: { roomId: ROOM_ID },
      expected: { replaces: [], changes: ["expiresAt"], expiration: null },
    },
    {
      it: "changes the expiry in place when it moves, with the full value as ISO",
      current: { roomId: ROOM_ID, expiresAt: "2027-01-31T18:00:00Z" },
      inputs: { roomId: ROOM_ID, expiresAt: "2027-02-28T18:00:00.5Z" },
      expected: { replaces: [], changes: ["expiresAt"], expiration: "2027-02-28T18:00:00.500Z" },
    },
    {
      it: "plans nothing when the room id is the recorded one in capitals (the server reads ids case-insensitively)",
      current: { roomId: ROOM_ID, expiresAt: null },
      inputs: { roomId: ROOM_ID.toUpperCase() },
      expected: { replaces: [], changes: [], expiration: undefined },
    },
    {
      it: "plans nothing when the room id mixes cases and the expiry is as wanted",
      current: { roomId: ROOM_ID, expiresAt: "2027-01-31T18:00:00Z" },
      inputs: { roomId: "8F2E1A3C-5b7d-4E9F-a1b2-C3D4E5F60718", expiresAt: "2027-01-31T18:00:00Z" },
      expected: { replaces: [], changes: [], expiration: undefined },
    },
    {
      it: "replaces the invite when it is for another room",
      current: { roomId: ROOM_ID, expiresAt: null },
      inputs: { roomId: OTHER_ROOM_ID },
      expected: { replaces: ["roomId"], changes: [], expiration: undefined },
    },
    {
      it: "replaces the invite for another room and still reports the expiry change",
      current: { roomId: ROOM_ID, expiresAt: null },
      inputs: { roomId: OTHER_ROOM_ID, expiresAt: "2027-01-31T18:00:00Z" },
      expected: { replaces: ["roomId"], changes: ["expiresAt"], expiration: "2027-01-31T18:00:00.000Z" },
    },
    {
      it: "replaces the invite when the room id is unknown during preview",
      current: { roomId: ROOM_ID, expiresAt: null },
      inputs: { roomId: UNKNOWN },
      expected: { replaces: ["roomId"], changes: [], expiration: undefined },
    },
  ];

  for (const row of rows) {
    it(row.it, () => assert.deepEqual(planInviteUpdate(row.current, row.inputs as unknown as InviteInputs), row.expected));
  }

  // Pulumi calls diff during preview with unknown inputs (DYNAMIC-PROVIDERS §5): the plan must report a change,
  // not throw. The expiration itself is only carried out by update, which never sees unknown values.
  for (const current of [
    { roomId: ROOM_ID, expiresAt: null },
    { roomId: ROOM_ID, expiresAt: "2027-01-31T18:00:00Z" },
  ] as Recorded[]) {
    it(`counts an unknown expiresAt as a change (recorded expiry ${JSON.stringify(current.expiresAt)})`, () => {
      const plan = planInviteUpdate(current, { roomId: ROOM_ID, expiresAt: UNKNOWN });
      assert.deepEqual(plan.replaces, []);
      assert.deepEqual(plan.changes, ["expiresAt"]);
    });
  }
});

describe("sameInstant", () => {
  const rows: Array<[string | null | undefined, string | null | undefined, boolean]> = [
    ["2026-12-01T10:00:00+01:00", "2026-12-01T09:00:00Z", true],
    ["2026-12-01T09:00:00.000Z", "2026-12-01T09:00:00Z", true],
    ["2026-12-01T09:00:00Z", "2026-12-01T09:00:01Z", false],
    [null, null, true],
    [undefined, null, true],
    [undefined, undefined, true],
    ["2026-12-01T09:00:00Z", null, false],
    [null, "2026-12-01T09:00:00Z", false],
    [undefined, "2026-12-01T09:00:00Z", false],
  ];
  for (const [a, b, same] of rows) {
    it(`${same ? "equates" : "tells apart"} ${JSON.stringify(a)} and ${JSON.stringify(b)}`, () => {
      assert.equal(sameInstant(a, b), same);
    });
  }
});

describe("guestLink", () => {
  it("is the web app's room address with the invite code as a query parameter", () => {
    assert.equal(
      guestLink("https://opentalk.example.org", ROOM_ID, "c0de"),
      `https://opentalk.example.org/room/${ROOM_ID}?invite=c0de`,
    );
  });
});
