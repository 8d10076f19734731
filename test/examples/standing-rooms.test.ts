import assert from "node:assert/strict";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { loadRoomsFile } from "../../examples/standing-rooms/rooms-file";
import { declareStandingRooms } from "../../examples/standing-rooms/standing-rooms";
import { prepareInstalledPackage } from "../harness/fixture";
import { runProgram } from "../harness/mocks";
import { closeSharedClients } from "../support/provider-fixture";
import { useSandbox } from "../support/sandbox-fixture";
import type { Sandbox } from "../sandbox";

/**
 * The standing-rooms program, run in-process under pulumi.runtime.setMocks with a mock that hands every resource
 * to the real provider, against the sandbox. Not covered here (see test/provider/host-lifecycle.test.ts): the
 * engine's state, diffs across runs, previews and resource options.
 */
describe("the standing-rooms stack", () => {
  let fixtureDir: string;
  before(() => {
    fixtureDir = prepareInstalledPackage("standing-rooms-example").dir;
  });
  after(closeSharedClients);

  async function provision(s: Sandbox) {
    const file = loadRoomsFile(path.join(__dirname, "../../examples/standing-rooms/rooms.yaml"));
    return runProgram(() => declareStandingRooms(file, new pulumi.Config()) as unknown as Record<string, unknown>, {
      project: "opentalk-rooms",
      stack: "sandbox",
      cwd: fixtureDir,
      config: {
        "opentalk:url": s.url,
        "opentalk:username": s.username,
        "opentalk:password": { secret: s.password },
        "opentalk-rooms:boardPassword": { secret: "board-room-pass" },
      },
    });
  }

  function assertRoomsAsDeclared(s: Sandbox, roomLinks: Record<string, string>): void {
    assert.deepEqual(Object.keys(roomLinks).sort(), ["all-hands", "board", "weekly"]);
    const meetings = s.store.events().map((event) => event.title).sort();
    assert.deepEqual(meetings, ["All hands", "Weekly customer sync"], "entries with a title are meetings");
    const weeklyRoom = roomLinks.weekly!.split("/").pop()!;
    assert.equal(s.store.eventForRoom(weeklyRoom)!.description, "Agenda and notes in the team wiki.");
    const board = s.store.room(roomLinks.board!.split("/").pop()!)!;
    assert.equal(board.eventId, null, "an entry without a title is a plain room");
    assert.equal(board.password, "board-room-pass", "the password came from the stack's secret config");
    assert.equal(board.guestAccess, "disabled");
    const allHands = roomLinks["all-hands"]!.split("/").pop()!;
    assert.equal(s.store.sipConfig(allHands)!.lobby, true);
  }

  describe("on OpenTalk 0.34 (guest links are invite codes)", () => {
    const sandbox = useSandbox({ controllerVersion: "0.34" });

    it("provisions the rooms file and exports room links and guest links that OpenTalk accepts", async function () {
      this.timeout(30_000);
      const s = sandbox();
      const result = await provision(s);
      const roomLinks = result.outputs.roomLinks as Record<string, string>;
      const guestLinks = result.outputs.guestLinks as Record<string, Record<string, string>>;
      assert.deepEqual(result.secretOutputs, ["guestLinks", "roomGuestLinks"], "guest links are secret, room links are not");
      assert.deepEqual(Object.keys(guestLinks.weekly!).sort(), ["customer-acme", "partners"]);
      for (const link of Object.values(guestLinks.weekly!)) {
        const url = new URL(link);
        assert.equal(url.origin, s.url);
        const code = url.searchParams.get("invite")!;
        const verified = await fetch(`${s.controllerUrl}/v1/invite/verify`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ invite_code: code }),
        });
        assert.equal(verified.status, 200, `${link} is accepted by POST /v1/invite/verify`);
        assert.equal(((await verified.json()) as { room_id: string }).room_id, url.pathname.split("/").pop());
      }
      assert.deepEqual(result.outputs.roomGuestLinks, { weekly: null, "all-hands": null, board: null }, "before 0.35 a room's own link admits no guest");
      assertRoomsAsDeclared(s, roomLinks);
    });
  });

  describe("on OpenTalk 0.35 (the room link is the guest link)", () => {
    const sandbox = useSandbox({ controllerVersion: "0.35" });

    it("provisions the rooms file; its guest links let a guest in, and a room that shuts guests out has none", async function () {
      this.timeout(30_000);
      const s = sandbox();
      const result = await provision(s);
      const roomLinks = result.outputs.roomLinks as Record<string, string>;
      const guestLinks = result.outputs.guestLinks as Record<string, Record<string, string>>;
      const roomGuestLinks = result.outputs.roomGuestLinks as Record<string, string | null>;
      const weeklyRoom = roomLinks.weekly!.split("/").pop()!;
      assert.deepEqual(guestLinks.weekly, { "customer-acme": roomLinks.weekly, partners: roomLinks.weekly }, "each named link is the room link");
      assert.equal(s.guestCanJoin(weeklyRoom), true, "and it lets a guest in (the sandbox's guest check)");
      assert.equal(roomGuestLinks.weekly, roomLinks.weekly);
      assert.equal(roomGuestLinks["all-hands"], roomLinks["all-hands"]);
      assert.equal(s.guestCanJoin(roomLinks["all-hands"]!.split("/").pop()!), true);
      assert.equal(roomGuestLinks.board, null, "the board shuts guests out: no guest link");
      assert.equal(s.guestCanJoin(roomLinks.board!.split("/").pop()!), false);
      assert.deepEqual(s.requests({ service: "controller" }).filter((r) => r.path.includes("/invites")), [], "the removed invite API is never asked");
      assertRoomsAsDeclared(s, roomLinks);
    });
  });
});
