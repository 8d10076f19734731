import assert from "node:assert/strict";
import { isConnectionError } from "../../provider/client";
import { closeClients, newClient, rejection, useSandbox } from "../support/sandbox-fixture";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("OpenTalkClient: retries and timeouts", () => {
  const sandbox = useSandbox();
  afterEach(closeClients);
  afterEach(() => sandbox().clearFaults());

  const statuses = (method: string, path: RegExp) =>
    sandbox()
      .requests({ service: "controller", method })
      .filter((r) => path.test(r.path))
      .map((r) => r.status);

  it("retries a GET through a burst of 502 and 503", async () => {
    const s = sandbox();
    const client = newClient(s);
    const room = await client.createRoom({});
    s.clearRequests();
    s.addFault({ service: "controller", method: "GET", path: `^/v1/rooms/${room.id}$`, status: 502, count: 1 });
    s.addFault({ service: "controller", method: "GET", path: `^/v1/rooms/${room.id}$`, status: 503, count: 1 });
    assert.equal((await client.getRoom(room.id)).id, room.id);
    assert.deepEqual(statuses("GET", /^\/v1\/rooms\/[^/]+$/), [502, 503, 200]);
  });

  it("retries a PATCH after dropped connections", async () => {
    const s = sandbox();
    const client = newClient(s);
    const room = await client.createRoom({});
    s.clearRequests();
    s.addFault({ service: "controller", method: "PATCH", path: "^/v1/rooms/", drop: true, count: 2 });
    const patched = await client.updateRoom(room.id, { waiting_room: true });
    assert.equal(patched.waiting_room, true);
    assert.deepEqual(statuses("PATCH", /^\/v1\/rooms\//), [0, 0, 200]);
  });

  it("retries a DELETE on 504 and honours Retry-After", async () => {
    const s = sandbox();
    const client = newClient(s);
    const room = await client.createRoom({});
    s.clearRequests();
    s.addFault({ service: "controller", method: "DELETE", path: "^/v1/rooms/", status: 504, retryAfter: 1, count: 1 });
    const started = Date.now();
    await client.deleteRoom(room.id);
    assert.ok(Date.now() - started >= 1_000, "waited the second the server asked for");
    assert.deepEqual(statuses("DELETE", /^\/v1\/rooms\//), [504, 204]);
    assert.equal(s.store.room(room.id), undefined);
  });

  it("gives up after the retry budget with the last answer", async () => {
    const s = sandbox();
    const client = newClient(s);
    await client.currentUser();
    s.addFault({ service: "controller", method: "GET", path: "^/v1/rooms", status: 503, count: 10 });
    const error = await rejection(client.listRooms());
    // The fault answers as a gateway does (plain text): not the controller's own word, and said so.
    assert.match(error.message, /The answer to GET \S+\/v1\/rooms\S* did not come from the OpenTalk controller: HTTP 503/);
    assert.match(error.message, /usually temporary/);
  });

  it("does not replay a POST that timed out: exactly one room exists afterwards", async function () {
    this.timeout(10_000);
    const s = sandbox();
    const client = newClient(s, { OPENTALK_REQUEST_TIMEOUT_MS: "500" });
    await client.currentUser();
    const before = s.store.rooms().length;
    s.clearRequests();
    s.addFault({ service: "controller", method: "POST", path: "^/v1/rooms$", delayMs: 1_000, count: 1 });
    const error = await rejection(client.createRoom({ waiting_room: true }));
    assert.ok(isConnectionError(error), String(error));
    assert.match(error.message, /no answer within 500 ms/);
    await sleep(1_000);
    assert.equal(s.store.rooms().length, before + 1, "the controller did create the room");
    assert.equal(s.requests({ service: "controller", method: "POST" }).filter((r) => r.path === "/v1/rooms").length, 1);
  });

  it("does not replay a POST whose connection dropped", async () => {
    const s = sandbox();
    const client = newClient(s);
    await client.currentUser();
    s.clearRequests();
    s.addFault({ service: "controller", method: "POST", path: "^/v1/rooms$", drop: true, count: 1 });
    const error = await rejection(client.createRoom({}));
    assert.match(error.message, /dropped.*not retried/);
    assert.equal(s.requests({ service: "controller", method: "POST" }).filter((r) => r.path === "/v1/rooms").length, 1);
  });

  it("retries a POST that provably never reached the server (connection refused)", async function () {
    this.timeout(10_000);
    const s = sandbox();
    const client = newClient(s);
    await client.currentUser();
    const before = s.store.rooms().length;
    const paused = s.pause("controller", 1_000);
    await sleep(50);
    const room = await client.createRoom({});
    await paused;
    assert.equal(s.store.rooms().length, before + 1);
    assert.ok(s.store.room(room.id));
  });

  it("names the address and the setting when the controller cannot be reached", async () => {
    const s = sandbox();
    const error = await rejection(newClient(s, { OPENTALK_URL: "http://127.0.0.1:9" }).listRooms());
    assert.ok(isConnectionError(error));
    assert.match(error.message, /Cannot reach the OpenTalk web frontend at http:\/\/127\.0\.0\.1:9/);
    assert.match(error.message, /connection refused \(ECONNREFUSED\) after 6 attempts/);
    assert.match(error.message, /opentalk:url/);
  });
});
