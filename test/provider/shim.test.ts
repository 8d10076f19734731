// The serialized providers (`__provider`): what Pulumi stores for OpenTalkRoom and OpenTalkInvite, and that the
// stored text runs when loaded the way the dynamic-provider host loads it. Serialization is the SDK's own
// (pulumi.runtime.serializeFunction, as pulumi.dynamic.Resource calls it); loading is require-from-string with the
// host's Config class; the provider talks real HTTP to the sandbox.
//
// Not covered here: the gRPC host itself (host-lifecycle.test.ts), state files and their encryption, previews
// beyond check/diff, and resource options — see the header of test/harness/engine.ts.
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { serializeProvider } from "../harness/provider-serialization";
import { DEFAULT_USERS, type Sandbox } from "../sandbox";
import { installPackage, inviteCodeOf, leakedSecrets, loadSerializedProvider, stackConfig, verifyInvite, type InstalledPackage } from "../support/host-fixture";
import { useSandbox } from "../support/sandbox-fixture";

const REPO_ROOT = path.resolve(__dirname, "..", "..");

/**
 * The state of every stack that installed pulumi-opentalk refers to these texts. Changing them costs every user one
 * update per resource, and the module paths in them must keep working forever.
 */
const GOLDEN_INSTALLED = {
  room: `exports.handler = __f0;
const provider = require("pulumi-opentalk/dist/shims/room.js");

function __f0() {
  return (function() {
    with({ this: undefined, arguments: undefined }) {

return () => provider;

    }
  }).apply(undefined, undefined).apply(this, arguments);
}
`,
  invite: `exports.handler = __f0;
const provider = require("pulumi-opentalk/dist/shims/invite.js");

function __f0() {
  return (function() {
    with({ this: undefined, arguments: undefined }) {

return () => provider;

    }
  }).apply(undefined, undefined).apply(this, arguments);
}
`,
};

const INSTALLED_BUDGET = 400;
const BY_VALUE_BUDGET = 3 * 1024;

/** Serializes without the per-object cache, so the result reflects the cwd and the object as they are now. */
async function serializeNow(provider: object): Promise<string> {
  return (await pulumi.runtime.serializeFunction(() => provider, { allowSecrets: true })).text;
}

function secretsOf(sandbox: Sandbox): string[] {
  return [sandbox.password, ...DEFAULT_USERS.map((user) => user.password)];
}

describe("serialized providers (__provider)", () => {
  const sandbox = useSandbox({ controllerVersion: "0.34" }); // invite codes with an expiry: the guest-link form up to 0.34
  let pkg: InstalledPackage;

  before(() => {
    pkg = installPackage("provider-shim");
  });
  after(async () => {
    await pkg?.closeSharedClients();
  });

  describe("from a program that installed pulumi-opentalk in node_modules", () => {
    it("is a require of the installed shim module, byte for byte the golden text", async () => {
      for (const kind of ["room", "invite"] as const) {
        const serialized = await serializeProvider(pkg.shims[kind]);
        assert.strictEqual(serialized.text, GOLDEN_INSTALLED[kind]);
        assert.strictEqual(serialized.containsSecrets, false);
        assert.ok(Buffer.byteLength(serialized.text) < INSTALLED_BUDGET, `${kind}: ${serialized.text.length} bytes`);
      }
    });

    it("counts as installed only when the module's path relative to the cwd runs through node_modules", async () => {
      // The serializer names a module by its require.cache path relative to process.cwd(): with a node_modules
      // segment it emits require("<package>/<subpath>"), otherwise ("./dist/shims/room.js") it copies the code.
      // A copy of its own: by value, the serializer would also copy whatever state a configured shim holds.
      const fresh = installPackage("provider-shim-cwd");
      assert.strictEqual(await serializeNow(fresh.shims.room), GOLDEN_INSTALLED.room);
      const cwd = process.cwd();
      process.chdir(fresh.packageDir);
      let fromInsideThePackage: string;
      try {
        fromInsideThePackage = await serializeNow(fresh.shims.room);
      } finally {
        process.chdir(cwd);
      }
      assert.doesNotMatch(fromInsideThePackage, /require\("pulumi-opentalk\/dist\/shims\/room\.js"\)/);
      assert.match(fromInsideThePackage, /kind: "room"/);
    });

    it("stays the same text when the implementation behind it changes", async () => {
      let transformed = 0;
      const upgraded = installPackage("provider-shim-upgraded", {
        transform: (relativePath, text) => {
          if (!relativePath.startsWith("dist/runtime/") || !relativePath.endsWith(".js")) return text;
          transformed++;
          return `${text}\n// upgraded implementation ${Date.now()}\nexports.upgradedImplementation = true;\n`;
        },
      });
      try {
        assert.ok(transformed >= 3, "the transform rewrote the runtime");
        assert.strictEqual(require(path.join(upgraded.packageDir, "dist/runtime/entry.js")).upgradedImplementation, true);
        assert.notStrictEqual(upgraded.shims.room, pkg.shims.room, "a different copy of the package");
        assert.strictEqual(await serializeNow(upgraded.shims.room), GOLDEN_INSTALLED.room);
        assert.strictEqual(await serializeNow(upgraded.shims.invite), GOLDEN_INSTALLED.invite);
      } finally {
        await upgraded.closeSharedClients();
      }
    });

    it("loads, in the host's way, as the installed module itself", async () => {
      const loaded = await loadSerializedProvider(GOLDEN_INSTALLED.room, pkg.dir, stackConfig(sandbox()));
      assert.strictEqual(loaded, pkg.shims.room);
    });

    it("runs configure, check, create, read and delete against OpenTalk", async () => {
      await roundTrip(sandbox(), pkg, GOLDEN_INSTALLED);
    });
  });

  describe("from a program that links pulumi-opentalk from outside node_modules (npm link, this repo)", () => {
    let byValue: { room: string; invite: string };

    before(async () => {
      byValue = {
        room: (await serializeProvider(require("../../provider/shims/room.js"))).text,
        invite: (await serializeProvider(require("../../provider/shims/invite.js"))).text,
      };
    });

    it("copies the shim by value, within budget and without absolute paths", async () => {
      for (const kind of ["room", "invite"] as const) {
        const text = byValue[kind];
        assert.ok(Buffer.byteLength(text) < BY_VALUE_BUDGET, `${kind}: ${text.length} bytes`);
        assert.match(text, new RegExp(`kind: "${kind}"`));
        assert.doesNotMatch(text, /require\("pulumi-opentalk\/dist\/shims\//);
        // The implementation is still loaded by package specifier, inside each method, at call time.
        assert.strictEqual(text.match(/require\("pulumi-opentalk\/dist\/runtime\/entry\.js"\)/g)?.length, 7);
        for (const local of [REPO_ROOT, os.homedir(), os.tmpdir()]) assert.ok(!text.includes(local), `${kind} contains ${local}`);
        // The built copy is the same code: the build copies the shims verbatim.
        assert.strictEqual(await serializeNow(require(`../../dist/shims/${kind}.js`)), text);
      }
    });

    it("runs configure, check, create, read and delete against OpenTalk", async () => {
      await roundTrip(sandbox(), pkg, byValue);
    });

    // Catches a state written by a newer pulumi-opentalk (a kind or method this install does not have) failing with
    // "implementation[method] is not a function" instead of telling the user what to install.
    it("tells the user to install the newer version when the state was written by one with a kind this one lacks", async () => {
      const newer = byValue.room.replace(/kind: "room"/g, 'kind: "recording"');
      assert.notStrictEqual(newer, byValue.room);
      const provider = await loadSerializedProvider(newer, pkg.dir, stackConfig(sandbox()));
      await assert.rejects(
        provider.read!("0f0e0d0c-0b0a-4908-8706-050403020100", {}),
        /^Error: pulumi-opentalk cannot read a "recording": the installed version is older than the one that wrote this stack's state\. Install the newer pulumi-opentalk in the program's node_modules\.$/,
      );
    });

    it("needs pulumi-opentalk installed in the program directory to run", async () => {
      const bare = fs.mkdtempSync(path.join(os.tmpdir(), "program-without-package-"));
      try {
        await assert.rejects(loadSerializedProvider(byValue.room, bare, stackConfig(sandbox())), /Cannot find module 'pulumi-opentalk\/dist\/runtime\/entry\.js'/);
      } finally {
        fs.rmSync(bare, { recursive: true, force: true });
      }
    });
  });

  describe("in every form", () => {
    it("contains no credential, even once the installed shims in this process have been configured", async () => {
      const credentials = secretsOf(sandbox());
      // Loading the installed text configures the very module objects that are serialized.
      await loadSerializedProvider(GOLDEN_INSTALLED.room, pkg.dir, stackConfig(sandbox()));
      await loadSerializedProvider(GOLDEN_INSTALLED.invite, pkg.dir, stackConfig(sandbox()));
      assert.deepStrictEqual(Object.keys(pkg.shims.room).filter((key) => typeof (pkg.shims.room as Record<string, unknown>)[key] !== "function"), ["kind"],
        "configure() stores nothing on the shim: the config lives in the implementation module");
      const texts = [
        await serializeNow(pkg.shims.room),
        await serializeNow(pkg.shims.invite),
        await serializeNow(require("../../provider/shims/room.js")),
        await serializeNow(require("../../provider/shims/invite.js")),
      ];
      for (const text of texts) {
        assert.deepStrictEqual(leakedSecrets(text, credentials), []);
        assert.ok(!text.includes(sandbox().url), "no connection setting either");
      }
      assert.deepStrictEqual(texts.slice(0, 2), [GOLDEN_INSTALLED.room, GOLDEN_INSTALLED.invite]);
    });
  });
});

/**
 * Loads both texts from the fixture's program directory and takes a room and a guest link through
 * configure → check → create → read → delete, checking the sandbox after each write.
 */
async function roundTrip(sandbox: Sandbox, pkg: InstalledPackage, texts: { room: string; invite: string }): Promise<void> {
  const config = stackConfig(sandbox);
  const room = await loadSerializedProvider(texts.room, pkg.dir, config);
  const invite = await loadSerializedProvider(texts.invite, pkg.dir, config);
  const roomPassword = "shim-round-trip-Pw1";

  const checkedRoom = await room.check!({}, { __provider: texts.room, password: roomPassword, waitingRoom: true });
  assert.deepStrictEqual(checkedRoom.failures, []);
  const created = await room.create(checkedRoom.inputs);
  assert.strictEqual(created.outs.roomId, created.id);
  const live = sandbox.store.room(created.id);
  assert.ok(live, "the room exists in OpenTalk");
  assert.deepStrictEqual([live.password, live.waitingRoom], [roomPassword, true]);

  const checkedInvite = await invite.check!({}, { __provider: texts.invite, roomId: created.id, expiresAt: "2031-05-01T12:00:00Z" });
  assert.deepStrictEqual(checkedInvite.failures, []);
  const link = await invite.create(checkedInvite.inputs);
  assert.strictEqual(await verifyInvite(sandbox, inviteCodeOf(link.outs.guestLink)), 200);

  const readRoom = await room.read!(created.id, { ...created.outs, __provider: texts.room });
  assert.strictEqual(readRoom.id, created.id);
  assert.strictEqual(readRoom.props!.waitingRoom, true);
  const readInvite = await invite.read!(link.id, { ...link.outs, __provider: texts.invite });
  assert.strictEqual(readInvite.id, link.id);
  assert.strictEqual(Date.parse(readInvite.props!.expiresAt), Date.parse("2031-05-01T12:00:00Z"));

  await invite.delete!(link.id, link.outs);
  assert.strictEqual(await verifyInvite(sandbox, inviteCodeOf(link.outs.guestLink)), 404);
  await room.delete!(created.id, created.outs);
  assert.strictEqual(sandbox.store.room(created.id), undefined);
}
