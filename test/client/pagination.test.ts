import assert from "node:assert/strict";
import { closeClients, newClient, useSandbox } from "../support/sandbox-fixture";

describe("OpenTalkClient: pagination", () => {
  // Invite lists exist up to 0.34 (0.35 removed the invite API).
  const sandbox = useSandbox({ controllerVersion: "0.34" });
  afterEach(closeClients);

  it("follows Link rel=next to the last page of 250 rooms", async () => {
    const s = sandbox();
    for (let i = 0; i < 250; i++) s.store.createRoom(s.username, {});
    s.store.createRoom("alice@example.org", {});
    s.clearRequests();
    const rooms = await newClient(s).listRooms();
    assert.equal(rooms.length, 250, "every room of the user, and only those");
    assert.equal(new Set(rooms.map((r) => r.id)).size, 250);
    const pages = s.requests({ service: "controller", method: "GET" }).filter((r) => r.path.startsWith("/v1/rooms?"));
    assert.deepEqual(pages.map((r) => r.path), [
      "/v1/rooms?per_page=100&page=1",
      "/v1/rooms?per_page=100&page=2",
      "/v1/rooms?per_page=100&page=3",
    ]);
  });

  it("lists invites of a room across pages, inactive ones included", async () => {
    const s = sandbox();
    const room = s.store.createRoom(s.username, {});
    const codes = Array.from({ length: 130 }, () => s.store.createInvite(room.id).code);
    s.store.deactivateInvite(room.id, codes[0]!);
    const invites = await newClient(s).listInvites(room.id);
    assert.equal(invites.length, 130);
    assert.equal(invites.filter((i) => !i.active).length, 1);
  });
});
