// Every argument of OpenTalkRoom, OpenTalkMeeting and OpenTalkInvite, given a value it must refuse: the refusal comes from Check,
// through Pulumi's real dynamic-provider host, names the property, and costs not a single request to OpenTalk or
// Keycloak. A value that is merely unknown during a preview (the engine's sentinel) is not refused: Check and Diff
// accept it and the preview shows the step it would take. The same table also runs through whole programs under
// pulumi.runtime.setMocks, where the classes' own argument handling (secret wrapping, output placeholders) is in play.
import * as assert from "assert";
import { randomUUID } from "crypto";
import { OpenTalkInvite, OpenTalkMeeting, OpenTalkRoom } from "../../provider";
import type { DynamicHost, PropertyMap } from "../harness/dynamic-host";
import { HostEngine } from "../harness/engine";
import { serializeProvider } from "../harness/provider-serialization";
import { forwardingMocks, runProgram } from "../harness/mocks";
import { UNKNOWN_VALUE } from "../harness/wire-values";
import { installPackage, inviteGoal, meetingGoal, PROJECT, roomGoal, stackConfig, startHostIn, type InstalledPackage } from "../support/host-fixture";
import { rejection, useSandbox } from "../support/sandbox-fixture";

type Kind = "room" | "invite" | "meeting";

const LABEL: Record<Kind, string> = { room: "OpenTalkRoom", invite: "OpenTalkInvite", meeting: "OpenTalkMeeting" };

interface BadInput {
  kind: Kind;
  /** The argument as a user writes it: `password`, `sip.enabled`. */
  arg: string;
  problem: string;
  /** The arguments given (an invite row gets a valid roomId, a meeting row a title, unless the row is about it). */
  props: PropertyMap;
  /** The property Check names, and what it says. */
  property: string;
  reason: RegExp;
  /**
   * Only through the host: the row holds the engine's unknown sentinel where a list item sits, and a program under
   * setMocks runs as an update, where the SDK turns that sentinel into undefined — nothing is unknown there.
   */
  previewOnly?: true;
}

const A_ROOM = "6f1c2b1e-3d4a-4f5b-8c6d-7e8f9a0b1c2d";
const FUTURE = "2031-01-31T18:00:00Z";
const TITLE = "Weekly";
const DATED = { startsAt: "2031-01-06T09:00:00+01:00", endsAt: "2031-01-06T09:30:00+01:00" };

const room = (arg: string, problem: string, props: PropertyMap, reason: RegExp, property = arg.split(".")[0]): BadInput =>
  ({ kind: "room", arg, problem, props, property, reason });
const invite = (arg: string, problem: string, props: PropertyMap, reason: RegExp, property = arg): BadInput =>
  ({ kind: "invite", arg, problem, props: { roomId: A_ROOM, ...props }, property, reason });
const meeting = (arg: string, problem: string, props: PropertyMap, reason: RegExp, property = arg.split(".")[0]): BadInput =>
  ({ kind: "meeting", arg, problem, props: { title: TITLE, ...props }, property, reason });

const UUID_ROOM = /^must be the id of an existing room you own, as `opentalk rooms list` shows it \(a UUID\), got /;
const ROOM_ID = /^must be a room id, typically room\.roomId \(a UUID\), got /;
const BOOLEAN = /^must be true or false, got /;
const GUEST_ACCESS = /^must be one of "disabled", "waiting_room", "direct_access", got /;
const NOT_RFC3339 = /is not an RFC 3339 time such as "2027-01-31T18:00:00Z"$/;

const BAD_INPUTS: BadInput[] = [
  room("password", "wrong type", { password: 12345 }, /^must be a string, got number$/),
  room("password", "wrong type (a list)", { password: ["Pw-1"] }, /^must be a string, got a list$/),
  room("password", "empty", { password: "" }, /^must be 1–255 bytes \(UTF-8\), got 0; omit the password for a room without one$/),
  room("password", "too long", { password: "x".repeat(256) }, /^must be 1–255 bytes \(UTF-8\), got 256;/),
  room("password", "too long in UTF-8 bytes, though 128 characters", { password: "ä".repeat(128) }, /^must be 1–255 bytes \(UTF-8\), got 256;/),
  room("waitingRoom", "wrong type", { waitingRoom: "yes" }, new RegExp(`${BOOLEAN.source}"yes"$`)),
  room("waitingRoom", "wrong type (a number)", { waitingRoom: 1 }, new RegExp(`${BOOLEAN.source}number 1$`)),
  room("waitingRoom", "empty", { waitingRoom: "" }, new RegExp(`${BOOLEAN.source}""$`)),
  room("guestAccess", "unknown enum value", { guestAccess: "everyone" }, new RegExp(`${GUEST_ACCESS.source}"everyone"$`)),
  room("guestAccess", "unknown enum value (wrong case)", { guestAccess: "Direct_Access" }, new RegExp(`${GUEST_ACCESS.source}"Direct_Access"$`)),
  room("guestAccess", "empty", { guestAccess: "" }, new RegExp(`${GUEST_ACCESS.source}""$`)),
  room("guestAccess", "wrong type", { guestAccess: true }, new RegExp(`${GUEST_ACCESS.source}boolean true$`)),
  room("e2eEncryption", "wrong type", { e2eEncryption: "true" }, new RegExp(`${BOOLEAN.source}"true"$`)),
  room("e2eEncryption", "empty", { e2eEncryption: "" }, new RegExp(`${BOOLEAN.source}""$`)),
  room("sip", "wrong type", { sip: "on" }, /^must be an object \{ enabled: boolean; lobby\?: boolean \}, got "on"$/),
  room("sip", "wrong type (a list)", { sip: [true] }, /^must be an object \{ enabled: boolean; lobby\?: boolean \}, got a list$/),
  room("sip", "empty", { sip: {} }, /^needs enabled: true or false$/),
  room("sip", "unknown field", { sip: { enabled: true, pin: "1234" } }, /^has no property "pin"; allowed: enabled, lobby$/),
  room("sip", "on with end-to-end encryption", { e2eEncryption: true, sip: { enabled: true } }, /^SIP dial-in is not available for end-to-end encrypted rooms/),
  room("sip", "unknown field while enabled is unknown (preview)", { sip: { enabled: UNKNOWN_VALUE, pin: "1234" } }, /^has no property "pin"; allowed: enabled, lobby$/),
  room("guestAccess", "guests in an end-to-end encrypted room", { e2eEncryption: true, guestAccess: "waiting_room" }, /^must be "disabled" for an end-to-end encrypted room \(OpenTalk refuses guests there\)$/),
  room("sip.enabled", "wrong type", { sip: { enabled: "yes" } }, /^enabled must be true or false, got "yes"$/),
  room("sip.enabled", "empty", { sip: { enabled: "" } }, /^enabled must be true or false, got ""$/),
  room("sip.lobby", "wrong type", { sip: { enabled: true, lobby: "no" } }, /^lobby must be true or false, got "no"$/),
  room("sip.lobby", "empty", { sip: { enabled: true, lobby: "" } }, /^lobby must be true or false, got ""$/),
  room("adoptRoomId", "not a UUID", { adoptRoomId: "room-1" }, new RegExp(`${UUID_ROOM.source}"room-1"$`)),
  room("adoptRoomId", "empty", { adoptRoomId: "" }, new RegExp(`${UUID_ROOM.source}""$`)),
  room("adoptRoomId", "too long", { adoptRoomId: `${A_ROOM}0` }, new RegExp(`${UUID_ROOM.source}"${A_ROOM}0"$`)),
  room("adoptRoomId", "wrong type", { adoptRoomId: 42 }, new RegExp(`${UUID_ROOM.source}number 42$`)),
  room("name", "capitals and a space", { name: "My Room" }, /^must be 3–40 characters of a–z, 0–9, "\." and "-", and not a UUID, got "My Room"$/),
  room("name", "too short", { name: "ab" }, /^must be 3–40 characters of a–z, 0–9, "\." and "-", and not a UUID, got "ab"$/),
  room("name", "a UUID", { name: A_ROOM }, new RegExp(`^must be 3–40 characters of a–z, 0–9, "\\." and "-", and not a UUID, got "${A_ROOM}"$`)),
  room("passwrd", "unknown argument (a typo)", { passwrd: "Pw-1" }, /^OpenTalkRoom has no property "passwrd"; allowed: password, waitingRoom, guestAccess, e2eEncryption, sip, adoptRoomId, name$/),

  meeting("title", "missing", { title: undefined }, /^is required: the name people see in their OpenTalk dashboard$/),
  meeting("title", "wrong type", { title: 42 }, /^must be a string, got number 42$/),
  meeting("title", "250 characters with umlauts, over 255 bytes", { title: "Prüfung der Änderungen ".repeat(11).slice(0, 250) },
    /^must be at most 255 bytes in UTF-8 \(OpenTalk's limit for titles\), got 272 bytes in 250 characters: shorten it — letters such as ä, é or ß take 2 bytes, emoji 4$/),
  meeting("description", "over 4096 bytes", { description: "d".repeat(4097) }, /^must be at most 4096 bytes in UTF-8 \(OpenTalk's limit for descriptions\), got 4097 bytes in 4097 characters: shorten it$/),
  meeting("startsAt", "an offset of +99:00", { startsAt: "2031-01-06T09:00:00+99:00", endsAt: DATED.endsAt }, /^"2031-01-06T09:00:00\+99:00" has the offset \+99:00, but an offset is at most ±23:59/),
  meeting("endsAt", "missing while startsAt is given", { startsAt: DATED.startsAt }, /^a dated meeting needs both startsAt and endsAt; omit both for a standing, time-independent meeting$/),
  meeting("endsAt", "before startsAt", { ...DATED, endsAt: "2031-01-06T08:00:00+01:00" }, /^must be after startsAt \(2031-01-06T09:00:00\+01:00\)$/),
  meeting("timeZone", "not an IANA zone", { ...DATED, timeZone: "CET+1" }, /^"CET\+1" is not an IANA time zone such as "Europe\/Berlin" or "UTC"$/),
  meeting("recurrence", "hourly", { ...DATED, recurrence: ["RRULE:FREQ=HOURLY"] }, /^line 1 "RRULE:FREQ=HOURLY": FREQ=HOURLY is not supported: OpenTalk repeats a meeting at most daily; use DAILY, WEEKLY, MONTHLY or YEARLY$/),
  meeting("recurrence", "an unknown frequency", { ...DATED, recurrence: ["RRULE:FREQ=BOGUS"] }, /^line 1 "RRULE:FREQ=BOGUS": FREQ=BOGUS is not a frequency: use DAILY, WEEKLY, MONTHLY or YEARLY$/),
  meeting("recurrence", "a line over 1024 bytes", { ...DATED, recurrence: [`RRULE:FREQ=DAILY;BYMONTHDAY=${"1,".repeat(600)}1`] }, /^line 1: it is 1229 characters long; OpenTalk takes at most 1024 bytes per line$/),
  meeting("recurrence", "five lines", { ...DATED, recurrence: Array(5).fill("RRULE:FREQ=DAILY") }, /^must have 1 to 4 lines, got 5$/),
  meeting("recurrence", "an EXRULE, which OpenTalk ignores", { ...DATED, recurrence: ["RRULE:FREQ=DAILY", "EXRULE:FREQ=WEEKLY;BYDAY=SA,SU"] }, /^line 2 "EXRULE:FREQ=WEEKLY;BYDAY=SA,SU": EXRULE is ignored by OpenTalk/),
  meeting("recurrence", "an UNTIL before startsAt", { ...DATED, recurrence: ["RRULE:FREQ=DAILY;UNTIL=20301231T000000Z"] }, /^line 1 "RRULE:FREQ=DAILY;UNTIL=20301231T000000Z": UNTIL is before startsAt/),
  { ...meeting("recurrence", "garbage next to a line unknown during preview", { ...DATED, recurrence: [UNKNOWN_VALUE, "garbage"] }, /^line 2 "garbage": "garbage" is not a part of a rule: write NAME=VALUE, such as FREQ=WEEKLY$/), previewOnly: true },
  meeting("recurrence", "without startsAt", { recurrence: ["RRULE:FREQ=DAILY"] }, /^needs startsAt and endsAt: a recurrence repeats a dated meeting$/),
  meeting("name", "capitals and a space", { name: "My Room" }, /^must be 3–40 characters of a–z, 0–9, "\." and "-", and not a UUID, got "My Room"$/),
  meeting("guestAccess", "guests in an end-to-end encrypted meeting", { e2eEncryption: true, guestAccess: "direct_access" }, /^must be "disabled" for an end-to-end encrypted meeting \(OpenTalk refuses guests there\)$/),
  meeting("adoptEventId", "not a UUID", { adoptEventId: "weekly" }, /^must be the id of an existing meeting you own, as `opentalk events list` shows it \(a UUID\), got "weekly"$/),
  meeting("titel", "unknown argument (a typo)", { titel: "Weekly" }, /^OpenTalkMeeting has no property "titel"; allowed: title, description, startsAt, endsAt, timeZone, recurrence, password, waitingRoom, guestAccess, e2eEncryption, sip, name, adoptEventId$/),

  invite("roomId", "missing", { roomId: undefined }, /^is required: the room the guest link opens, typically room\.roomId$/),
  invite("roomId", "empty", { roomId: "" }, /^is required: the room the guest link opens, typically room\.roomId$/),
  invite("roomId", "not a UUID", { roomId: "standup" }, new RegExp(`${ROOM_ID.source}"standup"$`)),
  invite("roomId", "too long", { roomId: `${A_ROOM}0` }, new RegExp(`${ROOM_ID.source}"${A_ROOM}0"$`)),
  invite("roomId", "wrong type", { roomId: 42 }, new RegExp(`${ROOM_ID.source}number 42$`)),
  invite("expiresAt", "wrong type (seconds since 1970)", { expiresAt: 1_924_992_000 }, /^must be an RFC 3339 time such as "2027-01-31T18:00:00Z", got number 1924992000$/),
  invite("expiresAt", "empty", { expiresAt: "" }, new RegExp(`^""\\s${NOT_RFC3339.source}`)),
  invite("expiresAt", "3 MB (once a 6 MB check response)", { expiresAt: "2".repeat(3 * 1024 * 1024) }, /^must be an RFC 3339 time such as "2027-01-31T18:00:00Z", got a string of 3145728 characters$/),
  invite("expiresAt", "malformed timestamp (words)", { expiresAt: "tomorrow" }, new RegExp(`^"tomorrow" ${NOT_RFC3339.source}`)),
  invite("expiresAt", "malformed timestamp (US notation)", { expiresAt: "01/31/2031 18:00" }, new RegExp(`^"01/31/2031 18:00" ${NOT_RFC3339.source}`)),
  invite("expiresAt", "malformed timestamp (no time zone)", { expiresAt: "2031-01-31T18:00" }, /^"2031-01-31T18:00" has no time zone: add Z \(UTC\) or an offset such as \+01:00$/),
  invite("expiresAt", "malformed timestamp (a day that does not exist)", { expiresAt: "2031-02-30T18:00:00Z" }, /^"2031-02-30T18:00:00Z" is not a day of the calendar: February 2031 has 28 days$/),
  invite("expiresAt", "malformed timestamp (February 29 outside a leap year)", { expiresAt: "2031-02-29T18:00:00Z" }, /^"2031-02-29T18:00:00Z" is not a day of the calendar: February 2031 has 28 days$/),
  invite("expiresAt", "an offset hour of 99 (once \"Invalid time value\" at create)", { expiresAt: "2031-01-31T18:00:00+99:99" }, /^"2031-01-31T18:00:00\+99:99" has the offset \+99:99, but an offset is at most ±23:59 \(hours 00–23, minutes 00–59\)$/),
  invite("expiresAt", "an offset of +24:00", { expiresAt: "2031-01-31T18:00:00+24:00" }, /^"2031-01-31T18:00:00\+24:00" has the offset \+24:00, but an offset is at most ±23:59/),
  invite("expiresAt", "a leap second", { expiresAt: "2031-12-31T23:59:60Z" }, /^"2031-12-31T23:59:60Z" is a leap second, which JavaScript dates cannot hold: use :59 instead$/),
  invite("expiresAt", "malformed timestamp (hour 25)", { expiresAt: "2031-01-31T25:00:00Z" }, new RegExp(`^"2031-01-31T25:00:00Z" ${NOT_RFC3339.source}`)),
  invite("expiry", "unknown argument (a typo)", { expiry: FUTURE }, /^OpenTalkInvite has no property "expiry"; allowed: roomId, expiresAt$/),
];

/** Every argument, as unknown as a preview can make it: the whole value, or one field of `sip`. */
const UNKNOWN_ARGS: { kind: "room" | "invite"; arg: string; props: PropertyMap; onExisting: "update" | "replace" }[] = [
  { kind: "room", arg: "password", props: { password: UNKNOWN_VALUE }, onExisting: "update" },
  { kind: "room", arg: "waitingRoom", props: { waitingRoom: UNKNOWN_VALUE }, onExisting: "update" },
  { kind: "room", arg: "guestAccess", props: { guestAccess: UNKNOWN_VALUE }, onExisting: "update" },
  { kind: "room", arg: "e2eEncryption", props: { e2eEncryption: UNKNOWN_VALUE }, onExisting: "update" },
  { kind: "room", arg: "sip", props: { sip: UNKNOWN_VALUE }, onExisting: "update" },
  { kind: "room", arg: "sip.enabled", props: { sip: { enabled: UNKNOWN_VALUE } }, onExisting: "update" },
  { kind: "room", arg: "sip.lobby", props: { sip: { enabled: true, lobby: UNKNOWN_VALUE } }, onExisting: "update" },
  { kind: "room", arg: "adoptRoomId", props: { adoptRoomId: UNKNOWN_VALUE }, onExisting: "replace" },
  { kind: "invite", arg: "roomId", props: { roomId: UNKNOWN_VALUE }, onExisting: "replace" },
  { kind: "invite", arg: "expiresAt", props: { expiresAt: UNKNOWN_VALUE }, onExisting: "update" },
];

function show(props: PropertyMap): string {
  return Object.entries(props)
    .filter(([key]) => !(key === "roomId" && props.roomId === A_ROOM) && !(key === "title" && props.title === TITLE))
    .map(([key, value]) => `${key}: ${value === undefined ? "undefined" : typeof value === "string" && value.length > 40 ? `"${value.slice(0, 12)}…" (${value.length})` : JSON.stringify(value)}`)
    .join(", ");
}

describe("bad input to OpenTalkRoom, OpenTalkMeeting and OpenTalkInvite", () => {
  const sandbox = useSandbox({ controllerVersion: "0.34" }); // the preview rows create invites with an expiry (up to 0.34)
  let pkg: InstalledPackage;
  let host: DynamicHost;

  before(async () => {
    pkg = installPackage("bad-input");
    host = await startHostIn(pkg.dir);
  });
  after(async () => {
    await host?.close();
    await pkg?.closeSharedClients();
  });

  const goal = (kind: Kind, name: string, props: PropertyMap) =>
    kind === "room" ? roomGoal(pkg.shims, name, props) : kind === "meeting" ? meetingGoal(pkg.shims, name, props) : inviteGoal(pkg.shims, name, props);

  describe("through the dynamic-provider host: refused at Check, naming the property, before any request", () => {
    let engine: HostEngine;
    before(() => {
      engine = new HostEngine(host, { project: PROJECT, config: stackConfig(sandbox()) });
    });
    beforeEach(() => sandbox().clearRequests());

    BAD_INPUTS.forEach((row, i) => {
      it(`${LABEL[row.kind]} ${row.arg}, ${row.problem}: ${show(row.props)}`, async () => {
        const step = await engine.register(goal(row.kind, `bad-${i}`, row.props));
        assert.deepStrictEqual([step.op, step.ok], ["check", false], step.error?.message);
        assert.strictEqual(step.checkFailures!.length, 1, JSON.stringify(step.checkFailures));
        const [failure] = step.checkFailures!;
        assert.strictEqual(failure.property, row.property);
        assert.match(failure.reason, row.reason);
        assert.ok(step.error!.message.includes(`${row.property}: ${failure.reason}`), step.error!.message);
        assert.deepStrictEqual(sandbox().requests(), [], "no request to OpenTalk or Keycloak");
        assert.deepStrictEqual(engine.resources(), []);
      });
    });

    it("echoes nothing of a refused resource's inputs: no password, no 3 MB value, only short reasons", async () => {
      const huge = "2".repeat(3 * 1024 * 1024);
      const password = "Bad-Input-Secret-Pw-1";
      const goal = roomGoal(pkg.shims, "echo", { password, guestAccess: huge, waitingRoom: huge });
      const step = await engine.register(goal);
      assert.deepStrictEqual(step.checkFailures, [
        { property: "waitingRoom", reason: "must be true or false, got a string of 3145728 characters" },
        { property: "guestAccess", reason: 'must be one of "disabled", "waiting_room", "direct_access", got a string of 3145728 characters' },
      ]);
      // The response itself, as the engine receives it: the host adds only __provider to the inputs check returned.
      const provider = await serializeProvider(goal.provider);
      const response = await host.check(engine.urnOf(goal), {}, { password, guestAccess: huge, waitingRoom: huge, __provider: provider.text });
      assert.deepStrictEqual(Object.keys(response.inputs), ["__provider"]);
      const size = JSON.stringify(response).length - provider.text.length;
      assert.ok(size < 1000, `check response of ${size} characters besides __provider`);
      assert.ok(!JSON.stringify(response).includes(password));
      assert.deepStrictEqual(sandbox().requests(), []);
    });

    it("reports every bad argument of a resource at once", async () => {
      const step = await engine.register(roomGoal(pkg.shims, "bad-all", {
        password: "", waitingRoom: "yes", guestAccess: "everyone", e2eEncryption: 1, sip: { enabled: "on" }, adoptRoomId: "r1",
      }));
      assert.deepStrictEqual(step.checkFailures!.map((f) => f.property), ["password", "waitingRoom", "guestAccess", "e2eEncryption", "sip", "adoptRoomId"]);
      assert.deepStrictEqual(sandbox().requests(), []);
    });
  });

  describe("a value unknown during preview is accepted by Check and Diff", () => {
    let engine: HostEngine;
    const BASE: Record<"room" | "invite", PropertyMap> = { room: { password: "Bad-Input-Pw-1", waitingRoom: true }, invite: { expiresAt: FUTURE } };

    before(async () => {
      engine = new HostEngine(host, { project: PROJECT, config: stackConfig(sandbox()) });
      const created = await engine.register(roomGoal(pkg.shims, "existing", BASE.room));
      assert.ok(created.ok, created.error?.message);
      const linked = await engine.register(inviteGoal(pkg.shims, "existing", { ...BASE.invite, roomId: created.id }));
      assert.ok(linked.ok, linked.error?.message);
      BASE.invite.roomId = created.id;
    });
    after(async () => {
      await engine?.destroy();
    });
    beforeEach(() => sandbox().clearRequests());

    for (const { kind, arg, props, onExisting } of UNKNOWN_ARGS) {
      const label = LABEL[kind];
      it(`${label} ${arg}: a new resource previews as a create`, async () => {
        const [step] = await engine.preview([goal(kind, `new-${kind}-${arg}`, { ...(kind === "invite" ? { roomId: A_ROOM } : {}), ...props })]);
        assert.deepStrictEqual([step.op, step.ok, step.checkFailures], ["create", true, undefined], step.error?.message);
        assert.deepStrictEqual(sandbox().requests(), []);
      });

      it(`${label} ${arg}: an existing resource previews as ${onExisting === "update" ? "an update" : "a replacement"}`, async () => {
        const steps = await engine.preview([goal(kind, "existing", { ...BASE[kind], ...props })]);
        const step = steps.find((s) => s.urn.endsWith(`:${kind === "room" ? "Room" : "Invite"}::existing`))!;
        assert.deepStrictEqual([step.op, step.ok], [onExisting, true], step.error?.message);
        assert.deepStrictEqual(sandbox().requests(), []);
      });
    }
  });

  describe("an expiry that has passed is a warning, not a refusal: it never stops the stack at Check", () => {
    let engine: HostEngine;
    before(() => {
      engine = new HostEngine(host, { project: PROJECT, config: stackConfig(sandbox()) });
    });
    beforeEach(() => sandbox().clearRequests());

    it("OpenTalkInvite expiresAt in the past: a new link previews as a create", async () => {
      const [step] = await engine.preview([inviteGoal(pkg.shims, "expired", { roomId: A_ROOM, expiresAt: "2020-01-01T00:00:00Z" })]);
      assert.deepEqual([step!.op, step!.ok, step!.checkFailures], ["create", true, undefined], step!.error?.message);
      assert.deepStrictEqual(sandbox().requests(), []);
    });
  });

  describe("through a program under setMocks: the registration fails with the property named, before any request", () => {
    // runProgram keeps its unhandledRejection listener for 100 ms after a failed program; rows follow faster.
    const maxListeners = process.getMaxListeners();
    before(() => process.setMaxListeners(maxListeners + BAD_INPUTS.length));
    after(() => process.setMaxListeners(maxListeners));
    beforeEach(() => sandbox().clearRequests());

    BAD_INPUTS.filter((row) => !row.previewOnly).forEach((row) => {
      it(`${LABEL[row.kind]} ${row.arg}, ${row.problem}`, async () => {
        const s = sandbox();
        const mocks = forwardingMocks({ config: stackConfig(s), cwd: pkg.dir });
        const args = row.props as never;
        const error = await rejection(runProgram(() => {
          const name = `bad-${randomUUID()}`;
          const resource = row.kind === "room" ? new OpenTalkRoom(name, args) : row.kind === "meeting" ? new OpenTalkMeeting(name, args) : new OpenTalkInvite(name, args);
          return { id: resource.id };
        }, { project: PROJECT, config: stackConfig(s), mocks, timeoutMs: 5_000 }));
        const message = String((error as Error).message ?? error);
        const reasons = /has check errors: (.*)$/s.exec(message)?.[1];
        assert.ok(reasons, message);
        assert.ok(reasons.startsWith(`${row.property}: `), reasons);
        assert.match(reasons.slice(row.property.length + 2), row.reason);
        assert.deepStrictEqual(mocks.forwarded, []);
        assert.deepStrictEqual(s.requests(), []);
      });
    });
  });
});
