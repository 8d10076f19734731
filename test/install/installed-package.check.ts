// Run by .ci/install-check (not by `npm test`, which installs nothing): pulumi-opentalk installed the way a user
// installs an unpublished provider — from a tarball and from a git URL — into a scratch program, imported from there,
// and one room with a guest link taken through Pulumi's real dynamic-provider host against the sandbox, its providers
// serialized from the installed package (so the state refers to `pulumi-opentalk/dist/shims/…` by name).
import assert from "node:assert/strict";
import * as path from "node:path";
import { HostEngine } from "../harness/engine";
import { inviteGoal, PROJECT, roomGoal, stackConfig, startHostIn, type InstalledShims } from "../support/host-fixture";
import { useSandbox } from "../support/sandbox-fixture";

const dirs = (process.env.OPENTALK_INSTALLED_DIRS ?? "").split(",").filter(Boolean);
if (dirs.length === 0) throw new Error("OPENTALK_INSTALLED_DIRS names no scratch program: run this through .ci/install-check");

for (const dir of dirs) {
  describe(`pulumi-opentalk installed in ${path.basename(dir)}`, () => {
    const sandbox = useSandbox();
    const packageDir = path.join(dir, "node_modules", "pulumi-opentalk");

    it("imports, and takes a room and its guest link through the real host", async function () {
      this.timeout(60_000);
      const library = require(packageDir) as Record<string, unknown>;
      for (const name of ["OpenTalkRoom", "OpenTalkMeeting", "OpenTalkInvite", "listRooms"]) assert.equal(typeof library[name], "function", `exports ${name}`);
      const shims: InstalledShims = {
        room: require(path.join(packageDir, "dist/shims/room.js")),
        invite: require(path.join(packageDir, "dist/shims/invite.js")),
        meeting: require(path.join(packageDir, "dist/shims/meeting.js")),
      };
      // As every host of the tests: only the stack config configures it, never an OPENTALK_* variable of the shell.
      const host = await startHostIn(dir);
      try {
        const s = sandbox();
        const engine = new HostEngine(host, { project: PROJECT, config: stackConfig(s) });
        const room = await engine.register(roomGoal(shims, "lobby", { waitingRoom: true }));
        assert.ok(room.ok, room.error?.message);
        const link = await engine.register(inviteGoal(shims, "lobby/guests", { roomId: room.outputs!.roomId }));
        assert.ok(link.ok, link.error?.message);
        // The sandbox runs OpenTalk 0.35 by default: there the guest link is the room's own link.
        assert.match(String(link.outputs!.guestLink), /^https?:\/\//, "a guest link");
        assert.equal(link.outputs!.guestLink, room.outputs!.roomLink, "0.35: the room link is the guest link");
        assert.match(String(engine.get(room.urn)!.outputs.__provider), /require\("pulumi-opentalk\/dist\/shims\/room\.js"\)/);
        assert.equal(s.guestCanJoin(room.id!), true, "the guest link lets a guest in");
        const destroyed = await engine.destroy();
        assert.ok(destroyed.every((step) => step.ok));
        assert.equal(s.store.room(room.id!), undefined);
      } finally {
        await host.close();
      }
    });
  });
}
