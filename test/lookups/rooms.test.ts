import assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { closeSharedClients, isControllerError, isSettingsError, type ConfigSource } from "../../provider/client";
import { getRoom, listRooms } from "../../provider";
import { roomInfo } from "../../provider/lookups";
import { PROFILES } from "../sandbox";
import { forEachRelease } from "../support/releases";
import { rejection, sandboxEnv, useSandbox } from "../support/sandbox-fixture";

const configOf = (values: Record<string, string>): ConfigSource => ({ get: (key) => values[key] });

describe("lookups: getRoom and listRooms", () => {
  // What a room holds (guest access from 0.34, names from 0.35) and how a foreign room is refused depend on the release.
  forEachRelease((release) => {
    const profile = PROFILES[release];
    const sandbox = useSandbox({ controllerVersion: release });
    beforeEach(() => sandbox().reset());
    afterEach(closeSharedClients);

    it("returns a room in OpenTalkRoom's vocabulary, with passwordRequired instead of the password", async () => {
      const s = sandbox();
      const room = s.store.createRoom(s.username, { password: "room-Secret-42", waitingRoom: true, ...(profile.roomNames ? { name: "lobby" } : {}) });
      const info = await getRoom(room.id, { env: sandboxEnv(s) });
      assert.deepEqual(info, {
        roomId: room.id,
        roomLink: `${s.url}/room/${room.id}`,
        name: profile.roomNames ? "lobby" : null,
        alias: profile.roomNames ? room.alias : null,
        ownerId: s.store.user(s.username)!.id,
        ownerEmail: "bot@example.org",
        createdAt: room.createdAt,
        waitingRoom: true,
        guestAccess: profile.guestAccess ? "waiting_room" : null,
        passwordRequired: true,
      });
      if (profile.roomNames) assert.match(String(room.alias), /^lobby_[a-z0-9]+$/);
      assert.ok(!JSON.stringify(info).includes("room-Secret-42"));
    });

    it("lists the configured user's rooms, oldest first", async () => {
      const s = sandbox();
      const first = s.store.createRoom(s.username, profile.roomNames ? { name: "first" } : {});
      const second = s.store.createRoom(s.username, { guestAccess: "disabled" });
      s.store.createRoom("alice@example.org", {});
      const rooms = await listRooms({ env: sandboxEnv(s) });
      assert.deepEqual(rooms.map((room) => [room.roomId, room.name, room.guestAccess, room.passwordRequired]), [
        [first.id, profile.roomNames ? "first" : null, profile.guestAccess ? "waiting_room" : null, false],
        [second.id, null, profile.guestAccess ? "disabled" : null, false],
      ]);
    });

    it("says that the room is not the user's, and where to find theirs, for someone else's room", async () => {
      const s = sandbox();
      const foreign = s.store.createRoom("alice@example.org", {});
      const error = await rejection(getRoom(foreign.id, { env: sandboxEnv(s) }));
      assert.ok(isControllerError(error));
      assert.equal(error.status, 403);
      assert.match(error.message, new RegExp(`— room ${foreign.id} does not exist or belongs to another user \\(opentalk rooms list shows your rooms\\)$`));
    });
  });

  // Where settings come from does not depend on the release: one release (the newest).
  describe(`on one release (OpenTalk ${PROFILES["0.35"].release}): settings`, () => {
    const sandbox = useSandbox();
    beforeEach(() => sandbox().reset());
    afterEach(closeSharedClients);

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
});
