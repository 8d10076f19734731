import assert from "node:assert/strict";
import { planRoomUpdate, type CurrentRoom, type RoomPlan } from "../../provider/plan/room-plan";
import type { RoomInputs } from "../../provider/plan/room-state";
import { desiredRoomSettings, roomLink } from "../../provider/plan/room-state";
import { UNKNOWN } from "../../provider/plan/unknown";

const MANAGED_ID = "11111111-2222-4333-8444-555555555555";
const OTHER_ID = "99999999-8888-4777-8666-555555555555";

/** A room as the controller creates it with no settings: what omitted inputs mean. */
const DEFAULT_ROOM: CurrentRoom = {
  roomId: MANAGED_ID,
  adoptRoomId: null,
  password: null,
  waitingRoom: false,
  guestAccess: null,
  e2eEncryption: false,
  sip: { enabled: false, lobby: false },
};

const room = (changes: Partial<CurrentRoom>): CurrentRoom => ({ ...DEFAULT_ROOM, ...changes });
/** Inputs as a provider receives them (unknown values are the sentinel string wherever they appear). */
const inputs = (value: Record<string, unknown>): RoomInputs => value as RoomInputs;

/** Like a RoomPlan, but a patch may hold the sentinel where a preview value is unknown. */
interface ExpectedPlan {
  replaces?: string[];
  changes?: string[];
  patch?: Record<string, unknown>;
  sip?: RoomPlan["sip"];
}

interface Row {
  it: string;
  current: CurrentRoom;
  inputs: RoomInputs;
  expected: ExpectedPlan;
}

/** Expected plans name only what is not empty: an absent `changes` means none, an absent `patch` means no PATCH. */
function expectPlan(actual: RoomPlan, expected: ExpectedPlan): void {
  assert.deepEqual(
    { replaces: actual.replaces, changes: actual.changes, patch: actual.patch, sip: actual.sip },
    { replaces: expected.replaces ?? [], changes: expected.changes ?? [], patch: expected.patch, sip: expected.sip },
  );
}

describe("planRoomUpdate", () => {
  const rows: Row[] = [
    // --- nothing to do ---------------------------------------------------------------------------------------------
    { it: "plans nothing for a default room with no inputs", current: DEFAULT_ROOM, inputs: {}, expected: {} },
    {
      it: "plans nothing (and no empty PATCH) when every setting is as wanted",
      current: room({ password: "s3cret", waitingRoom: true, guestAccess: "waiting_room", e2eEncryption: true }),
      inputs: { password: "s3cret", waitingRoom: true, guestAccess: "waiting_room", e2eEncryption: true },
      expected: {},
    },
    {
      it: "treats explicit defaults as equal to omitted ones",
      current: DEFAULT_ROOM,
      inputs: { waitingRoom: false, e2eEncryption: false, sip: { enabled: false } },
      expected: {},
    },

    // --- password -------------------------------------------------------------------------------------------------
    {
      it: "patches only the password when only the password changed",
      current: room({ password: "old-pass", waitingRoom: true }),
      inputs: { password: "new-pass", waitingRoom: true },
      expected: { changes: ["password"], patch: { password: "new-pass" } },
    },
    {
      it: "sets a password on a room without one",
      current: DEFAULT_ROOM,
      inputs: { password: "new-pass" },
      expected: { changes: ["password"], patch: { password: "new-pass" } },
    },
    {
      it: "removes the password with password: null when the input is dropped",
      current: room({ password: "old-pass" }),
      inputs: {},
      expected: { changes: ["password"], patch: { password: null } },
    },

    // --- waiting room and encryption ---------------------------------------------------------------------------------
    {
      it: "patches waiting_room when the waiting room is switched on",
      current: DEFAULT_ROOM,
      inputs: { waitingRoom: true },
      expected: { changes: ["waitingRoom"], patch: { waiting_room: true } },
    },
    {
      it: "switches the waiting room off when the input is dropped",
      current: room({ waitingRoom: true }),
      inputs: {},
      expected: { changes: ["waitingRoom"], patch: { waiting_room: false } },
    },
    {
      it: "patches e2e_encryption when encryption is switched on, shutting guests out (0.34+ refuses guests under encryption)",
      current: DEFAULT_ROOM,
      inputs: { e2eEncryption: true },
      expected: { changes: ["e2eEncryption"], patch: { e2e_encryption: true, guest_access: "disabled" } },
    },
    {
      it: "switches encryption on with a declared guest access as declared (check refuses one that is not disabled)",
      current: DEFAULT_ROOM,
      inputs: { e2eEncryption: true, guestAccess: "disabled" },
      expected: { changes: ["guestAccess", "e2eEncryption"], patch: { guest_access: "disabled", e2e_encryption: true } },
    },
    {
      it: "patches several settings in one PATCH",
      current: room({ password: "a-pass", e2eEncryption: true }),
      inputs: { waitingRoom: true },
      expected: {
        changes: ["password", "waitingRoom", "e2eEncryption"],
        patch: { password: null, waiting_room: true, e2e_encryption: false },
      },
    },

    // --- guest access ----------------------------------------------------------------------------------------------
    ...(["disabled", "waiting_room", "direct_access", null] as const).map((guestAccess) => ({
      it: `never changes guest access when the input is omitted (current ${JSON.stringify(guestAccess)})`,
      current: room({ guestAccess }),
      inputs: {},
      expected: {},
    })),
    {
      it: "patches guest_access when it is set on a controller that never reported it",
      current: room({ guestAccess: null }),
      inputs: { guestAccess: "direct_access" },
      expected: { changes: ["guestAccess"], patch: { guest_access: "direct_access" } },
    },
    {
      it: "patches guest_access when it changes",
      current: room({ guestAccess: "waiting_room" }),
      inputs: { guestAccess: "disabled" },
      expected: { changes: ["guestAccess"], patch: { guest_access: "disabled" } },
    },
    {
      it: 'carries guest_access: "disabled" in a PATCH that only changes the password',
      current: room({ guestAccess: "disabled", password: "old-pass" }),
      inputs: { guestAccess: "disabled", password: "new-pass" },
      expected: { changes: ["password"], patch: { password: "new-pass", guest_access: "disabled" } },
    },
    {
      it: 'carries guest_access: "disabled" in a PATCH that only changes the waiting room',
      current: room({ guestAccess: "disabled" }),
      inputs: { guestAccess: "disabled", waitingRoom: true },
      expected: { changes: ["waitingRoom"], patch: { waiting_room: true, guest_access: "disabled" } },
    },
    {
      it: 'does not PATCH at all when guest access stays "disabled" and nothing else changes',
      current: room({ guestAccess: "disabled" }),
      inputs: { guestAccess: "disabled" },
      expected: {},
    },
    {
      it: 'does not PATCH when guest access stays "disabled" and only SIP changes',
      current: room({ guestAccess: "disabled" }),
      inputs: { guestAccess: "disabled", sip: { enabled: true } },
      expected: { changes: ["sip"], sip: { action: "put", lobby: false } },
    },
    {
      it: "does not add guest_access to a PATCH when guest access is allowed",
      current: room({ guestAccess: "waiting_room" }),
      inputs: { guestAccess: "waiting_room", password: "new-pass" },
      expected: { changes: ["password"], patch: { password: "new-pass" } },
    },

    // --- SIP dial-in -----------------------------------------------------------------------------------------------
    {
      it: "puts the SIP config when SIP is enabled (lobby defaults to off)",
      current: DEFAULT_ROOM,
      inputs: { sip: { enabled: true } },
      expected: { changes: ["sip"], sip: { action: "put", lobby: false } },
    },
    {
      it: "puts the SIP config with the lobby when SIP is enabled with a lobby",
      current: DEFAULT_ROOM,
      inputs: { sip: { enabled: true, lobby: true } },
      expected: { changes: ["sip"], sip: { action: "put", lobby: true } },
    },
    {
      it: "deletes the SIP config when SIP is disabled",
      current: room({ sip: { enabled: true, lobby: true } }),
      inputs: { sip: { enabled: false } },
      expected: { changes: ["sip"], sip: { action: "delete" } },
    },
    {
      it: "deletes the SIP config when the sip input is dropped",
      current: room({ sip: { enabled: true, lobby: false } }),
      inputs: {},
      expected: { changes: ["sip"], sip: { action: "delete" } },
    },
    {
      it: "puts the SIP config again when only the lobby changes",
      current: room({ sip: { enabled: true, lobby: false } }),
      inputs: { sip: { enabled: true, lobby: true } },
      expected: { changes: ["sip"], sip: { action: "put", lobby: true } },
    },
    {
      it: "turns the lobby off when it is dropped from an enabled SIP",
      current: room({ sip: { enabled: true, lobby: true } }),
      inputs: { sip: { enabled: true } },
      expected: { changes: ["sip"], sip: { action: "put", lobby: false } },
    },
    {
      it: "ignores the lobby while SIP is off",
      current: room({ sip: { enabled: false, lobby: false } }),
      inputs: { sip: { enabled: false, lobby: true } },
      expected: {},
    },
    {
      it: "ignores a recorded lobby while SIP is off",
      current: room({ sip: { enabled: false, lobby: true } }),
      inputs: {},
      expected: {},
    },
    {
      it: "leaves SIP alone when it stays enabled with the same lobby",
      current: room({ sip: { enabled: true, lobby: true } }),
      inputs: { sip: { enabled: true, lobby: true } },
      expected: {},
    },
    {
      it: "moves a room from SIP to end-to-end encryption with a PATCH and a SIP delete",
      current: room({ sip: { enabled: true, lobby: false } }),
      inputs: { e2eEncryption: true },
      expected: { changes: ["e2eEncryption", "sip"], patch: { e2e_encryption: true, guest_access: "disabled" }, sip: { action: "delete" } },
    },

    // --- adoption --------------------------------------------------------------------------------------------------
    {
      it: "changes nothing when adoptRoomId is added with the managed room's own id",
      current: room({ adoptRoomId: null }),
      inputs: { adoptRoomId: MANAGED_ID },
      expected: {},
    },
    {
      it: "changes nothing when adoptRoomId stays the adopted room",
      current: room({ adoptRoomId: MANAGED_ID }),
      inputs: { adoptRoomId: MANAGED_ID },
      expected: {},
    },
    {
      it: "changes nothing when adoptRoomId is the managed room's own id in capitals",
      current: room({ adoptRoomId: null }),
      inputs: { adoptRoomId: MANAGED_ID.toUpperCase() },
      expected: {},
    },
    {
      it: "changes nothing when adoptRoomId is the adopted room in capitals",
      current: room({ roomId: MANAGED_ID, adoptRoomId: MANAGED_ID }),
      inputs: { adoptRoomId: MANAGED_ID.toUpperCase() },
      expected: {},
    },
    {
      it: "changes nothing when adoptRoomId is removed after adoption",
      current: room({ adoptRoomId: MANAGED_ID }),
      inputs: {},
      expected: {},
    },
    {
      it: "replaces the room when adoptRoomId names another room",
      current: room({ adoptRoomId: MANAGED_ID }),
      inputs: { adoptRoomId: OTHER_ID },
      expected: { replaces: ["adoptRoomId"] },
    },
    {
      it: "replaces a created room when adoptRoomId names another room",
      current: room({ adoptRoomId: null }),
      inputs: { adoptRoomId: OTHER_ID },
      expected: { replaces: ["adoptRoomId"] },
    },
    {
      it: "replaces the room and still plans the setting changes when adoptRoomId names another room",
      current: room({ adoptRoomId: null }),
      inputs: { adoptRoomId: OTHER_ID, waitingRoom: true },
      expected: { replaces: ["adoptRoomId"], changes: ["waitingRoom"], patch: { waiting_room: true } },
    },

    // --- unknown during preview ------------------------------------------------------------------------------------
    {
      it: "counts an unknown password as a change even when a password is set",
      current: room({ password: "s3cret" }),
      inputs: inputs({ password: UNKNOWN }),
      expected: { changes: ["password"], patch: { password: UNKNOWN } },
    },
    {
      it: "counts an unknown waitingRoom as a change",
      current: DEFAULT_ROOM,
      inputs: inputs({ waitingRoom: UNKNOWN }),
      expected: { changes: ["waitingRoom"], patch: { waiting_room: UNKNOWN } },
    },
    {
      it: "counts an unknown guestAccess as a change",
      current: room({ guestAccess: "waiting_room" }),
      inputs: inputs({ guestAccess: UNKNOWN }),
      expected: { changes: ["guestAccess"], patch: { guest_access: UNKNOWN } },
    },
    {
      it: "counts an unknown e2eEncryption as a change",
      current: DEFAULT_ROOM,
      inputs: inputs({ e2eEncryption: UNKNOWN }),
      expected: { changes: ["e2eEncryption"], patch: { e2e_encryption: UNKNOWN } },
    },
    {
      it: "counts an unknown adoptRoomId as a replacement",
      current: room({ adoptRoomId: MANAGED_ID }),
      inputs: inputs({ adoptRoomId: UNKNOWN }),
      expected: { replaces: ["adoptRoomId"] },
    },
    // --- names (OpenTalk 0.35) ----------------------------------------------------------------------------------------
    { it: "names a room in place", current: DEFAULT_ROOM, inputs: { name: "board" }, expected: { changes: ["name"], patch: { name: "board" } } },
    { it: "renames a room in place", current: room({ name: "board" }), inputs: { name: "board-2" }, expected: { changes: ["name"], patch: { name: "board-2" } } },
    { it: "keeps a name that is as wanted", current: room({ name: "board" }), inputs: { name: "board" }, expected: {} },
    { it: "removes the name (and its alias) when the input goes", current: room({ name: "board" }), inputs: {}, expected: { changes: ["name"], patch: { name: null } } },
    { it: "treats a room recorded before names existed as unnamed", current: DEFAULT_ROOM, inputs: {}, expected: {} },
  ];

  for (const row of rows) {
    it(row.it, () => expectPlan(planRoomUpdate(row.current, row.inputs), row.expected));
  }

  it("counts an unknown sip as a change", () => {
    assert.deepEqual(planRoomUpdate(DEFAULT_ROOM, inputs({ sip: UNKNOWN })).changes, ["sip"]);
  });

  it("counts an unknown value inside sip as a change", () => {
    const current = room({ sip: { enabled: true, lobby: true } });
    assert.deepEqual(planRoomUpdate(current, inputs({ sip: { enabled: true, lobby: UNKNOWN } })).changes, ["sip"]);
    assert.deepEqual(planRoomUpdate(current, inputs({ sip: { enabled: UNKNOWN } })).changes, ["sip"]);
  });

  it("never plans an empty PATCH, whatever the inputs", () => {
    const currents = [DEFAULT_ROOM, room({ guestAccess: "disabled" }), room({ sip: { enabled: true, lobby: true } })];
    const wanted: RoomInputs[] = [{}, { guestAccess: "disabled" }, { sip: { enabled: true, lobby: true } }, { adoptRoomId: OTHER_ID }];
    for (const current of currents) {
      for (const input of wanted) {
        const plan = planRoomUpdate(current, input);
        if (plan.patch !== undefined) assert.notDeepEqual(plan.patch, {}, JSON.stringify({ current, input }));
      }
    }
  });

  it("treats a room recorded without SIP data as SIP off", () => {
    const current = { ...DEFAULT_ROOM, sip: undefined } as unknown as CurrentRoom;
    expectPlan(planRoomUpdate(current, {}), {});
    expectPlan(planRoomUpdate(current, { sip: { enabled: true } }), { changes: ["sip"], sip: { action: "put", lobby: false } });
  });
});

describe("desiredRoomSettings", () => {
  it("maps omitted inputs to the controller's defaults, leaving guest access unmanaged", () => {
    assert.deepEqual(desiredRoomSettings({}), {
      password: null,
      name: null,
      waitingRoom: false,
      guestAccess: undefined,
      e2eEncryption: false,
      sip: { enabled: false, lobby: false },
    });
  });

  it("keeps the lobby only while SIP is enabled", () => {
    assert.deepEqual(desiredRoomSettings({ sip: { enabled: false, lobby: true } }).sip, { enabled: false, lobby: false });
    assert.deepEqual(desiredRoomSettings({ sip: { enabled: true, lobby: true } }).sip, { enabled: true, lobby: true });
  });
});

describe("roomLink", () => {
  it("is the web app's room address", () => {
    assert.equal(roomLink("https://opentalk.example.org", MANAGED_ID), `https://opentalk.example.org/room/${MANAGED_ID}`);
  });
});
