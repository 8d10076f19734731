import assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { closeSharedClients, isControllerError, isSettingsError, type ConfigSource } from "../../provider/client";
import { getRoom, listRooms } from "../../provider";
import { roomInfo } from "../../provider/lookups";
import { rejection, sandboxEnv, useSandbox } from "../support/sandbox-fixture";

const configOf = (values: Record<string, string>): ConfigSource => ({ get: (key) => values[key] });

describe("lookups: getRoom and listRooms", () => {
  const sandbox = useSandbox();
  beforeEach(() => sandbox().reset());
  afterEach(closeSharedClients);

  it("returns a room in OpenTalkRoom's vocabulary, with passwordRequired instead of the password", async () => {
    const s = sandbox();
    const room = s.store.createRoom(s.username, { password: "room-Secret-42", waitingRoom: true });
    const info = await getRoom(room.id, { env: sandboxEnv(s) });
    assert.deepEqual(info, {
      roomId: room.id,
      roomLink: `${s.url}/room/${room.id}`,
      name: null,
      alias: null,
      ownerId: s.store.user(s.username)!.id,
      ownerEmail: "bot@example.org",
      createdAt: room.createdAt,
      waitingRoom: true,
      guestAccess: "waiting_room",
      passwordRequired: true,
    });
    assert.ok(!JSON.stringify(info).includes("room-Secret-42"));
  });

  it("lists the configured user's rooms, oldest first", async () => {
    const s = sandbox();
    const first = s.store.createRoom(s.username, {});
    const second = s.store.createRoom(s.username, { guestAccess: "disabled" });
    s.store.createRoom("alice@example.org", {});
    const rooms = await listRooms({ env: sandboxEnv(s) });
    assert.deepEqual(rooms.map((room) => [room.roomId, room.guestAccess, room.passwordRequired]), [
      [first.id, "waiting_room", false],
      [second.id, "disabled", false],
    ]);
  });

  it("reports guestAccess null on a controller before 0.35", async () => {
    // A sandbox of its own: the version is fixed at start.
    const { startSandbox } = await import("../sandbox");
    const old = await startSandbox({ controllerVersion: "0.29" });
    try {
      old.store.createRoom(old.username, {});
      const [room] = await listRooms({ env: sandboxEnv(old) });
      assert.equal(room!.guestAccess, null);
    } finally {
      await closeSharedClients();
      await old.close();
    }
  });

  it("says that the room is not the user's, and where to find theirs, for someone else's room", async () => {
    const s = sandbox();
    const foreign = s.store.createRoom("alice@example.org", {});
    const error = await rejection(getRoom(foreign.id, { env: sandboxEnv(s) }));
    assert.ok(isControllerError(error));
    assert.equal(error.status, 403);
    assert.match(error.message, new RegExp(`— room ${foreign.id} does not exist or belongs to another user \\(opentalk rooms list shows your rooms\\)$`));
  });

  it("takes settings from a ConfigSource of opentalk:* keys first and the environment for the rest", async () => {
    const s = sandbox();
    s.store.createRoom(s.username, {});
    const config = configOf({ "opentalk:url": s.url, "opentalk:password": s.password });
    const env = { OPENTALK_URL: "http://127.0.0.1:9", OPENTALK_USERNAME: s.username, OPENTALK_PASSWORD: "not-this-one" };
    assert.equal((await listRooms({ config, env })).length, 1);
  });

  it("fails with the providers' settings error when nothing is configured", async () => {
    const error = await rejection(listRooms({ config: configOf({}), env: {} }));
    assert.ok(isSettingsError(error));
    assert.match(error.message, /^OpenTalk url is not set: run "pulumi config set opentalk:url …" or set OPENTALK_URL/);
  });

  it("gives a named room's alias, and its name as the alias up to the first underscore (OpenTalk 0.35)", () => {
    const owner = { id: "u1", email: "bot@example.org" };
    const base = { id: "r1", created_by: owner, created_at: "2026-05-04T09:00:00Z", waiting_room: false };
    const named = roomInfo("https://ot.example", { ...base, alias: "lobby_4f2a" });
    assert.deepEqual([named.name, named.alias], ["lobby", "lobby_4f2a"]);
    const exact = roomInfo("https://ot.example", { ...base, alias: "lobby" });
    assert.deepEqual([exact.name, exact.alias], ["lobby", "lobby"]);
    const older = roomInfo("https://ot.example", base);
    assert.deepEqual([older.name, older.alias], [null, null]);
  });

  describe("inside a Pulumi program", () => {
    let saved: Record<string, string>;
    before(() => {
      saved = pulumi.runtime.allConfig();
    });
    after(() => pulumi.runtime.setAllConfig(saved));

    it("reads the stack config (pulumi config set opentalk:…) when no ConfigSource is given", async () => {
      const s = sandbox();
      const room = s.store.createRoom(s.username, {});
      // What the language host hands a program: full keys, secrets decrypted, listed as secret.
      pulumi.runtime.setAllConfig(
        { "opentalk:url": s.url, "opentalk:username": s.username, "opentalk:password": s.password, "aws:region": "eu-central-1" },
        ["opentalk:password"],
      );
      const rooms = await listRooms({ env: {} });
      assert.deepEqual(rooms.map((r) => r.roomId), [room.id]);
    });

    it("fills keys the stack config lacks from the environment", async () => {
      const s = sandbox();
      pulumi.runtime.setAllConfig({ "opentalk:url": s.url });
      const rooms = await listRooms({ env: { OPENTALK_USERNAME: s.username, OPENTALK_PASSWORD: s.password } });
      assert.deepEqual(rooms, []);
    });
  });
});
