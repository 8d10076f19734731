// Whole Pulumi programs using OpenTalkRoom and OpenTalkInvite, run in-process under pulumi.runtime.setMocks with
// mocks that forward every dynamic resource to its real serialized provider, which talks real HTTP to the sandbox.
//
// Not covered (see test/harness/mocks.ts and engine.ts): the gRPC host and its error mapping (host-lifecycle.test.ts),
// state and therefore no-change, update, refresh or destroy runs (every run creates), previews beyond check/diff,
// state files, and resource options other than additionalSecretOutputs, which the SDK's mock monitor ignores and
// this file applies as the engine would.
import * as assert from "assert";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { OpenTalkInvite, OpenTalkRoom } from "../../provider";
import { forwardingMocks, runProgram } from "../harness/mocks";
import { serializeProvider } from "../harness/provider-serialization";
import { sdkRequire, Struct } from "../harness/sdk-modules";
import { isWrappedSecret, wrapSecret } from "../harness/wire-values";
import { installPackage, inviteCodeOf, PROJECT, stackConfig, verifyInvite, type InstalledPackage } from "../support/host-fixture";
import { useSandbox } from "../support/sandbox-fixture";

const ROOM_LINK = /^http:\/\/127\.0\.0\.1:\d+\/room\/[0-9a-f-]{36}$/;

describe("a Pulumi program with OpenTalk rooms and guest links", () => {
  const sandbox = useSandbox({ controllerVersion: "0.34" }); // invite codes with an expiry: the guest-link form up to 0.34
  let pkg: InstalledPackage;
  let restoreMonitor: (() => void) | undefined;

  before(() => {
    pkg = installPackage("provider-program");
    restoreMonitor = honorAdditionalSecretOutputs();
  });
  after(async () => {
    restoreMonitor?.();
    await pkg?.closeSharedClients();
  });
  afterEach(() => {
    const bot = sandbox().store.user(sandbox().username);
    for (const room of bot ? sandbox().store.roomsOwnedBy(bot.id) : []) sandbox().store.deleteRoom(room.id);
  });

  it("exports a room link and guest links that OpenTalk accepts, keeping links, codes and the password secret", async () => {
    const s = sandbox();
    const mocks = forwardingMocks({ config: stackConfig(s), cwd: pkg.dir });
    const result = await runProgram(() => {
      const room = new OpenTalkRoom("standup", { password: "Program-Room-Pw-88", waitingRoom: true, guestAccess: "waiting_room" });
      const guests = new OpenTalkInvite("guests", { roomId: room.roomId });
      const partners = new OpenTalkInvite("partners", { roomId: room.roomId, expiresAt: "2031-03-01T09:00:00+01:00" });
      return {
        roomLink: room.roomLink,
        guestLinks: pulumi.all([guests.guestLink, partners.guestLink]),
        inviteCode: guests.inviteCode,
        password: room.password,
      };
    }, { project: PROJECT, config: stackConfig(s), mocks });

    assert.deepStrictEqual(result.secretOutputs, ["guestLinks", "inviteCode", "password"]);
    const roomLink = result.outputs.roomLink as string;
    assert.match(roomLink, ROOM_LINK);
    assert.ok(roomLink.startsWith(`${s.url}/room/`));
    const roomId = roomLink.split("/").pop()!;
    const live = s.store.room(roomId)!;
    assert.deepStrictEqual([live.password, live.waitingRoom, live.guestAccess], ["Program-Room-Pw-88", true, "waiting_room"]);
    assert.strictEqual(result.outputs.password, "Program-Room-Pw-88");

    const guestLinks = result.outputs.guestLinks as string[];
    assert.strictEqual(guestLinks.length, 2);
    assert.strictEqual(inviteCodeOf(guestLinks[0]), result.outputs.inviteCode);
    for (const link of guestLinks) {
      assert.ok(link.startsWith(`${roomLink}?invite=`), link);
      assert.strictEqual(await verifyInvite(s, inviteCodeOf(link)), 200, `the controller accepts ${link}`);
    }
    assert.strictEqual(Date.parse(s.store.invite(roomId, inviteCodeOf(guestLinks[1]))!.expiration!), Date.parse("2031-03-01T08:00:00Z"));

    // The classes serialize their shims as pulumi.dynamic.Resource does; from this repo (not node_modules) by value.
    assert.deepStrictEqual(mocks.forwarded.map((r) => r.type),
      ["pulumi-nodejs:dynamic/opentalk:Room", "pulumi-nodejs:dynamic/opentalk:Invite", "pulumi-nodejs:dynamic/opentalk:Invite"]);
    const byValue = (await serializeProvider(require("../../provider/shims/room.js"))).text;
    assert.strictEqual(mocks.forwarded[0].inputs.__provider, byValue);
  });

  it("stores only a require of the installed shim when the program uses the installed package", async () => {
    const s = sandbox();
    const installed = require(path.join(pkg.packageDir, "dist", "index.js")) as typeof import("../../provider");
    const mocks = forwardingMocks({ config: stackConfig(s), cwd: pkg.dir });
    const result = await runProgram(() => {
      const room = new installed.OpenTalkRoom("installed", { waitingRoom: false });
      const invite = new installed.OpenTalkInvite("installed-guests", { roomId: room.roomId });
      return { guestLink: invite.guestLink };
    }, { project: PROJECT, config: stackConfig(s), mocks });

    assert.deepStrictEqual(result.secretOutputs, ["guestLink"]);
    assert.strictEqual(await verifyInvite(s, inviteCodeOf(result.outputs.guestLink as string)), 200);
    const [room, invite] = mocks.forwarded;
    assert.strictEqual(room.inputs.__provider, (await serializeProvider(pkg.shims.room)).text);
    assert.strictEqual(invite.inputs.__provider, (await serializeProvider(pkg.shims.invite)).text);
    assert.match(String(room.inputs.__provider), /^const provider = require\("pulumi-opentalk\/dist\/shims\/room\.js"\);$/m);
    assert.ok(String(room.inputs.__provider).length < 400);
  });

  it("fails with the property and the reason when an input is invalid, before calling OpenTalk", async () => {
    const s = sandbox();
    s.clearRequests();
    const mocks = forwardingMocks({ config: stackConfig(s), cwd: pkg.dir });
    await assert.rejects(
      runProgram(() => {
        const room = new OpenTalkRoom("invalid", { password: "", guestAccess: "everyone" as never });
        return { roomLink: room.roomLink };
      }, { project: PROJECT, config: stackConfig(s), mocks, timeoutMs: 10_000 }),
      (error: Error) => {
        assert.match(error.message, /pulumi-nodejs:dynamic\/opentalk:Room "invalid" has check errors/);
        assert.match(error.message, /password: must be 1–255 bytes \(UTF-8\), got 0; omit the password for a room without one/);
        assert.match(error.message, /guestAccess: must be one of "disabled", "waiting_room", "direct_access", got "everyone"/);
        return true;
      },
    );
    assert.deepStrictEqual(s.requests(), []);
  });
});

type MonitorCallback = (error: Error | null, response?: { getObject(): { toJavaScript(): Record<string, unknown> }; setObject(s: unknown): void }) => void;
interface RegisterRequest {
  getAdditionalsecretoutputsList(): string[];
}

/**
 * The engine marks the outputs named in `additionalSecretOutputs` secret; the SDK's MockMonitor drops that option
 * (runtime/mocks.ts), so without this a mocked program would see inviteCode and guestLink as plain values. Reads the
 * option from the real registration request, so it still checks that the classes ask for it.
 */
function honorAdditionalSecretOutputs(): () => void {
  const { MockMonitor } = sdkRequire("./runtime/mocks") as {
    MockMonitor: { prototype: { registerResource(req: RegisterRequest, callback: MonitorCallback): Promise<void> } };
  };
  const original = MockMonitor.prototype.registerResource;
  MockMonitor.prototype.registerResource = function (req, callback) {
    const secretOutputs = req.getAdditionalsecretoutputsList();
    return original.call(this, req, (error, response) => {
      if (!error && response && secretOutputs.length > 0) {
        const state = response.getObject().toJavaScript();
        for (const key of secretOutputs) {
          if (key in state && !isWrappedSecret(state[key])) state[key] = wrapSecret(state[key]);
        }
        response.setObject(Struct.fromJavaScript(state as Parameters<typeof Struct.fromJavaScript>[0]));
      }
      callback(error, response);
    });
  };
  return () => {
    MockMonitor.prototype.registerResource = original;
  };
}
