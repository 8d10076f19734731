import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { Event, Room } from "../../provider/client";
import { StackExportError, readStackExport } from "../../provider/cli/stack-export";
import { unmanagedObjects } from "../../provider/cli/unmanaged-command";
import { PROFILES, type ControllerVersion } from "../sandbox";
import { forEachRelease } from "../support/releases";
import { inviteToMeeting, newClient, sandboxEnv, useSandboxWithClient } from "../support/sandbox-fixture";
import { csvRecords, json, opentalk, runCli } from "./run-cli";

const PROJECT = "standing-rooms";
const urn = (type: string, name: string) => `urn:pulumi:dev::${PROJECT}::${type}::${name}`;
/** A secret value as `pulumi stack export` writes it: encrypted, under Pulumi's secret signature key. */
const encrypted = (ciphertext: string) => ({ "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", ciphertext });

/**
 * A state as `pulumi stack export` writes it: Pulumi's UntypedDeployment `{version, deployment}` around a
 * DeploymentV3 `{manifest, secrets_providers, resources, pending_operations}` of ResourceV3 records
 * (pulumi/pulumi sdk/go/common/apitype/core.go).
 */
function stackExport(resources: object[], extra: Record<string, unknown> = {}): string {
  return JSON.stringify(
    {
      version: 3,
      deployment: {
        manifest: { time: "2026-05-04T09:00:00.000000+02:00", magic: "0c8f5f6a5e0d2c7a", version: "v3.250.0" },
        secrets_providers: { type: "passphrase", state: { salt: "v1:c2FsdHNhbHQ=:v1:Zm9vYmFyYmF6:cXV4" } },
        resources: [
          { urn: urn("pulumi:pulumi:Stack", `${PROJECT}-dev`), custom: false, type: "pulumi:pulumi:Stack", outputs: { rooms: "…" } },
          ...resources,
        ],
        ...extra,
      },
    },
    null,
    4,
  );
}

function roomResource(name: string, room: Room, extra: object = {}): object {
  return {
    urn: urn("pulumi-nodejs:dynamic/opentalk:Room", name),
    custom: true,
    id: room.id,
    type: "pulumi-nodejs:dynamic/opentalk:Room",
    inputs: { __provider: 'exports.handler = require("pulumi-opentalk/dist/shims/room.js")', waitingRoom: false },
    outputs: { roomId: room.id, roomLink: `…/room/${room.id}`, password: encrypted("v1:AAAA:BBBB"), waitingRoom: false },
    parent: urn("pulumi:pulumi:Stack", `${PROJECT}-dev`),
    ...extra,
  };
}

function meetingResource(name: string, event: Event): object {
  return {
    urn: urn("pulumi-nodejs:dynamic/opentalk:Meeting", name),
    custom: true,
    id: event.id,
    type: "pulumi-nodejs:dynamic/opentalk:Meeting",
    inputs: { __provider: 'exports.handler = require("pulumi-opentalk/dist/shims/meeting.js")', title: event.title },
    outputs: { eventId: event.id, roomId: event.room!.id, title: event.title, sipPin: encrypted("v1:CCCC:DDDD") },
  };
}

function inviteResource(name: string, roomId: string): object {
  return {
    urn: urn("pulumi-nodejs:dynamic/opentalk:Invite", name),
    custom: true,
    id: `invite-${name}`,
    type: "pulumi-nodejs:dynamic/opentalk:Invite",
    outputs: { roomId, inviteCode: encrypted("v1:EEEE:FFFF"), guestLink: encrypted("v1:GGGG:HHHH") },
  };
}

const ALICE = { OPENTALK_USERNAME: "alice@example.org", OPENTALK_PASSWORD: "alice-password-123" };
const standing = (title: string) => ({ title, description: "", is_time_independent: true, is_adhoc: false });

/** A sandbox of the release for one describe, a fresh client of its user for each test, and a folder for state files. */
function unmanagedFixture(release: ControllerVersion) {
  const { sandbox, client } = useSandboxWithClient({ controllerVersion: release });
  let dir: string;
  before(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), "opentalk-cli-unmanaged-"));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));
  return {
    sandbox,
    client,
    dir: () => dir,
    write(name: string, text: string): string {
      const file = path.join(dir, name);
      writeFileSync(file, text);
      return file;
    },
  };
}

describe("opentalk rooms unmanaged", () => {
  // Which rooms and meetings a user owns is read from listings whose answers differ by release.
  forEachRelease((release) => {
    const { sandbox, client, write } = unmanagedFixture(release);

    it("lists the user's rooms and meetings that no resource of the state manages, with the line that takes each over", async () => {
      const s = sandbox();
      const managedRoom = await client().createRoom({});
      const looseRoom = await client().createRoom({ waiting_room: true });
      const managedMeeting = await client().createEvent(standing("Stand-up"));
      const looseMeeting = await client().createEvent(standing("Made in the web app"));
      const meetingOfManagedRoom = await client().createEvent(standing("Adopted as a room"));
      const retiring = await client().createRoom({});
      const invitedRoom = await client().createRoom({});
      s.store.createRoom("alice@example.org", {});
      s.store.createEvent("alice@example.org", { title: "Alice's" });
      const state = write(
        "state.json",
        stackExport(
          [
            roomResource("lobby", managedRoom),
            meetingResource("standup", managedMeeting),
            roomResource("adopted", { ...managedRoom, id: meetingOfManagedRoom.room!.id }),
            roomResource("retiring", retiring, { delete: true }),
            inviteResource("guests", invitedRoom.id),
          ],
          { pending_operations: [{ resource: { urn: urn("pulumi-nodejs:dynamic/opentalk:Room", "half-made"), custom: true, type: "pulumi-nodejs:dynamic/opentalk:Room" }, type: "creating" }] },
        ),
      );

      const run = await runCli(["rooms", "unmanaged", "--state", state], sandboxEnv(s));
      assert.equal(run.stderr, "");
      assert.deepEqual(json(run), [
        {
          kind: "room",
          id: looseRoom.id,
          roomId: looseRoom.id,
          title: null,
          createdAt: looseRoom.created_at,
          roomLink: `${s.url}/room/${looseRoom.id}`,
          adopt: `adoptRoomId: ${looseRoom.id}`,
        },
        {
          kind: "meeting",
          id: looseMeeting.id,
          roomId: looseMeeting.room!.id,
          title: "Made in the web app",
          createdAt: looseMeeting.created_at,
          roomLink: `${s.url}/room/${looseMeeting.room!.id}`,
          adopt: `adoptEventId: ${looseMeeting.id}`,
        },
        {
          kind: "room",
          id: invitedRoom.id,
          roomId: invitedRoom.id,
          title: null,
          createdAt: invitedRoom.created_at,
          roomLink: `${s.url}/room/${invitedRoom.id}`,
          adopt: `adoptRoomId: ${invitedRoom.id}`,
        },
      ]);
      assert.doesNotMatch(run.stdout, /ciphertext|v1:/);
    });

    it("leaves out a meeting of someone else's that the user is invited to, and its room", async () => {
      // Catches unmanagedObjects without its owner filters: the events listing holds alice's meeting, and the rooms
      // listing its room, since bot is invited — neither is bot's to adopt or delete.
      const s = sandbox();
      const alices = await newClient(s, ALICE).createEvent(standing("Alice's planning"));
      await inviteToMeeting(s, alices.id);
      const own = await client().createEvent(standing("Bot's own"));
      const listed = await Promise.all([client().listEvents(), client().listRooms()]);
      assert.ok(listed[0].some((e) => e.id === alices.id) && listed[1].some((r) => r.id === alices.room!.id), "the controller lists both to bot");

      const run = await runCli(["rooms", "unmanaged", "--state", write("invited.json", stackExport([]))], sandboxEnv(s));
      assert.deepEqual(json<{ id: string }[]>(run).map((row) => row.id), [own.id]);
      assert.ok(!run.stdout.includes(alices.id) && !run.stdout.includes(alices.room!.id), run.stdout);
    });
  });

  // Output formats and reading the state file do not depend on the release: one release, through the built command line.
  describe(`on one release (OpenTalk ${PROFILES["0.35"].release}): output and state files`, () => {
    const { sandbox, client, dir, write } = unmanagedFixture("0.35");

    it("reads the export from standard input with --state -", async () => {
      const s = sandbox();
      const loose = await client().createEvent(standing("Loose"));
      const run = await opentalk(["rooms", "unmanaged", "--state", "-", "--csv"], sandboxEnv(s), undefined, stackExport([]));
      assert.equal(run.status, 0, run.stderr);
      assert.deepEqual(csvRecords(run.stdout).map((row) => [row.kind, row.id, row.adopt]), [["meeting", loose.id, `adoptEventId: ${loose.id}`]]);
    });

    it("prints a table with --table", async () => {
      const s = sandbox();
      const loose = await client().createRoom({});
      const run = await opentalk(["rooms", "unmanaged", "--state", write("t.json", stackExport([])), "--table"], sandboxEnv(s));
      const lines = run.stdout.split("\n");
      assert.match(lines[0]!, /^kind +id +roomId +title +createdAt +roomLink +adopt$/);
      assert.match(lines[1]!, new RegExp(`^room +${loose.id} +${loose.id} +- +\\S+ +\\S+/room/${loose.id} +adoptRoomId: ${loose.id}$`));
    });

    it("prints an empty list when the state manages everything, and warns when the state manages nothing", async () => {
      const s = sandbox();
      const room = await client().createRoom({});
      const all = await opentalk(["rooms", "unmanaged", "--state", write("all.json", stackExport([roomResource("lobby", room)]))], sandboxEnv(s));
      assert.equal(all.stdout, "[]\n");
      assert.equal(all.stderr, "");

      const empty = write("empty.json", JSON.stringify({ version: 3, deployment: { manifest: { time: "0001-01-01T00:00:00Z", magic: "", version: "" } } }));
      const none = await opentalk(["rooms", "unmanaged", "--state", empty], sandboxEnv(s));
      assert.equal(none.status, 0, none.stderr);
      assert.deepEqual(json<{ id: string }[]>(none).map((row) => row.id), [room.id]);
      assert.equal(
        none.stderr,
        `warning: the state file ${empty} records no OpenTalkRoom or OpenTalkMeeting, so every room and meeting of yours is listed: ` +
          "check that it is the export of the right stack.\n",
      );
    });

    it("says what is wrong with a file that is not a stack export, before asking OpenTalk anything (exit status 1)", async () => {
      const s = sandbox();
      s.clearRequests();
      const cases: [string, RegExp][] = [
        [path.join(dir(), "missing.json"), /^Cannot read the state file .*missing\.json: ENOENT.*\. Give the output of "pulumi stack export" as a file, or - to read it from standard input\.\n$/],
        [write("empty.txt", ""), /^The state file .*empty\.txt is not JSON \(it is empty\): give the output of "pulumi stack export", e\.g\. opentalk rooms unmanaged --state <\(pulumi stack export\)\.\n$/],
        [write("yaml.txt", "config:\n  opentalk:password: s3cret-Value\n"), /^The state file .*yaml\.txt is not JSON \(it goes wrong at line 1, column 1\): give the output of "pulumi stack export"/],
        [write("cut.json", '{"version": 3,\n "deployment": {'), /^The state file .*cut\.json is not JSON \(it goes wrong at line 2, column 17\)/],
        [write("list.json", "[]"), /^The state file .*list\.json is not a Pulumi stack export: it has no "deployment" map\. Give the output of "pulumi stack export"/],
        [write("config.json", '{"config": {"opentalk:url": "x"}}'), /is not a Pulumi stack export: it has no "deployment" map/],
        [write("v4.json", '{"version": 4, "deployment": {}}'), /^The state file .*v4\.json is a stack export of version 4, and this reads versions 1 to 3 .*: export it with a Pulumi CLI of the same major version, or upgrade pulumi-opentalk\.\n$/],
        [write("odd.json", '{"version": 3, "deployment": {"resources": {}}}'), /^The state file .*odd\.json is not a Pulumi stack export: its "deployment\.resources" is not a list\./],
      ];
      for (const [file, message] of cases) {
        const run = await opentalk(["rooms", "unmanaged", "--state", file], sandboxEnv(s));
        assert.equal(run.status, 1, file);
        assert.equal(run.stdout, "");
        assert.match(run.stderr, message);
        assert.doesNotMatch(run.stderr, /s3cret/, "the file's text is not quoted");
      }
      const stdin = await opentalk(["rooms", "unmanaged", "--state", "-"], sandboxEnv(s), undefined, "not json");
      assert.match(stdin.stderr, /^The state file on standard input is not JSON/);
      assert.equal(s.requests({ service: "controller" }).length, 0, "nothing was asked of the controller");
    });
  });
});

describe("readStackExport", () => {
  const room = (id: string, extra: object = {}) => ({ urn: `urn:…::${id}`, type: "pulumi-nodejs:dynamic/opentalk:Room", id, ...extra });

  it("collects room ids of rooms and of meetings, and event ids of meetings", () => {
    const managed = readStackExport(
      JSON.stringify({
        version: 3,
        deployment: {
          resources: [
            room("r1"),
            { type: "pulumi-nodejs:dynamic/opentalk:Meeting", id: "e1", outputs: { roomId: "r2" } },
            { type: "pulumi-nodejs:dynamic/opentalk:Meeting", id: "e2", outputs: { roomId: { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", ciphertext: "x" } } },
            { type: "pulumi-nodejs:dynamic/opentalk:Invite", id: "i1", outputs: { roomId: "r3" } },
            { type: "pulumi-nodejs:dynamic/other:Room", id: "x1" },
            room(""),
          ],
        },
      }),
      "s.json",
    );
    assert.deepEqual([...managed.roomIds], ["r1", "r2"]);
    assert.deepEqual([...managed.eventIds], ["e1", "e2"]);
    assert.equal(managed.resources, 3);
  });

  it("takes a stack that was never deployed (no resources) as managing nothing", () => {
    for (const deployment of [{}, { resources: null }, { resources: [] }]) {
      assert.equal(readStackExport(JSON.stringify({ version: 3, deployment }), "s.json").resources, 0);
    }
  });

  it("throws a StackExportError for what is not an export", () => {
    assert.throws(() => readStackExport("{}", "s.json"), StackExportError);
  });
});

describe("unmanagedObjects", () => {
  const me = { id: "me", email: "bot@example.org" };
  const alice = { id: "alice", email: "alice@example.org" };
  const room = (id: string, createdAt: string, owner = me): Room => ({ id, created_by: owner, created_at: createdAt, waiting_room: false });
  const event = (id: string, roomId: string, createdAt: string, owner = me): Event => ({ id, title: id, created_by: owner, created_at: createdAt, room: { id: roomId, waiting_room: false } });
  const nothing = { roomIds: new Set<string>(), eventIds: new Set<string>(), resources: 0 };

  it("reports a meeting's room as the meeting, only what the user owns, each meeting once, oldest first", () => {
    const rows = unmanagedObjects(
      "https://ot.example",
      nothing,
      [room("r-meeting", "2026-01-02T00:00:00Z"), room("r-loose", "2026-01-03T00:00:00Z"), room("r-alice", "2026-01-01T00:00:00Z", alice)],
      [
        event("e-mine", "r-meeting", "2026-01-02T00:00:00Z"),
        event("e-mine", "r-meeting", "2026-01-02T00:00:00Z"), // a recurrence exception listed again
        event("e-invited", "r-invited", "2026-01-01T00:00:00Z", alice),
      ],
      "me",
    );
    assert.deepEqual(rows.map((row) => [row.kind, row.id, row.adopt]), [
      ["meeting", "e-mine", "adoptEventId: e-mine"],
      ["room", "r-loose", "adoptRoomId: r-loose"],
    ]);
  });

  it("counts a meeting as managed when the state holds it or its room", () => {
    const rooms = [room("r1", "2026-01-01T00:00:00Z"), room("r2", "2026-01-01T00:00:00Z")];
    const events = [event("e1", "r1", "2026-01-01T00:00:00Z"), event("e2", "r2", "2026-01-01T00:00:00Z")];
    assert.deepEqual(unmanagedObjects("https://ot.example", { roomIds: new Set(["r2"]), eventIds: new Set(["e1"]), resources: 2 }, rooms, events, "me"), []);
  });
});
