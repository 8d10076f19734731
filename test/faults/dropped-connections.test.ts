// Fault matrix: connections cut without an answer (the sandbox destroys the socket before the service sees the
// request). The client cannot tell "cut before" from "cut after the work was done", so it repeats everything that is
// safe to repeat and reports a create whose connection dropped instead of repeating it. In this sandbox nothing was
// created for those; against a real server a cut after the work would leave an orphan, as in slow-responses.test.ts.
import * as assert from "assert";
import type { SandboxFault } from "../sandbox";
import {
  assertAll,
  assertConverges,
  assertDestroyConverges,
  assertRefreshedUnchanged,
  CLEAN,
  failuresOf,
  FaultStack,
  opsOf,
  outputsOf,
  PATHS,
  ROOM_COUNT,
  useFaultStack,
} from "./fault-stack";

const DROPPED_POST = /Cannot reach the OpenTalk controller at http:\/\/127\.0\.0\.1:\d+ \(POST http:\/\/127\.0\.0\.1:\d+\/v1\/rooms[^)]*\): the connection was dropped \((UND_ERR_SOCKET|ECONNRESET)\); not retried, since the request may have been processed/;

/** The next `count` matching requests are cut; at most five for requests that are retried (six attempts). */
function drop(stack: FaultStack, where: Pick<SandboxFault, "service" | "method" | "path">, count = 5): void {
  stack.sandbox.addFault({ ...where, drop: true, count });
}

describe("dropped connections", () => {
  const stack = useFaultStack();

  it("creates all but the resources whose create was cut off, repeats no create, and creates the rest next run", async () => {
    const s = stack();
    await s.empty();
    s.sandbox.clearRequests();
    drop(s, { service: "keycloak", method: "POST", path: "/token$" }, 2);
    drop(s, { service: "controller", method: "POST", path: PATHS.roomCreate }, 3);
    drop(s, { service: "controller", method: "POST", path: PATHS.inviteCreate }, 3);

    const run = await s.up(1);
    const failures = failuresOf(run);
    assert.deepStrictEqual(failures.map((f) => f.kind), ["invite", "invite", "invite", "room", "room", "room"]);
    for (const failure of failures) assert.match(failure.message, DROPPED_POST);
    assert.deepStrictEqual(opsOf(run), { create: 2 * ROOM_COUNT - 9, "create!": 6, skipped: 3 });
    assert.strictEqual(s.tokenGrants(200), 1, "the login was repeated past the two cut connections");
    assert.strictEqual(s.received("POST", /^\/v1\/rooms$/), ROOM_COUNT, "each room POSTed once: no create repeated");
    assert.strictEqual(s.received("POST", /^\/v1\/rooms\/[^/]+\/invites$/), ROOM_COUNT - 3);
    assert.deepStrictEqual(s.account(), CLEAN, "the cut requests never reached the controller");

    const { second } = await assertConverges(s, 1);
    assert.deepStrictEqual(opsOf(second), { same: 2 * ROOM_COUNT - 9, create: 9 });
  });

  it("updates all 50 resources, repeating the cut PATCHes and PUTs", async () => {
    const s = stack();
    await s.converge(1);
    s.sandbox.clearRequests();
    drop(s, { service: "controller", method: "PATCH", path: PATHS.room });
    drop(s, { service: "controller", method: "PUT", path: PATHS.invite });

    const run = await s.up(2);
    assertAll(run, "update");
    assert.strictEqual(s.received("PATCH", /^\/v1\/rooms\/[^/]+$/), ROOM_COUNT + 5);
    assert.strictEqual(s.received("PUT", /\/invites\/[^/]+$/), ROOM_COUNT + 5);
    assert.deepStrictEqual(s.account(), CLEAN);
    await assertConverges(s, 2);
  });

  it("refreshes all 50 resources, repeating the cut reads", async () => {
    const s = stack();
    await s.converge(2);
    const before = outputsOf(s);
    s.sandbox.clearRequests();
    drop(s, { service: "controller", method: "GET", path: PATHS.room });
    drop(s, { service: "controller", method: "GET", path: PATHS.invite });

    const run = await s.refresh();
    assertRefreshedUnchanged(run, before);
    assert.strictEqual(s.received("GET", /^\/v1\/rooms\/[^/]+$/), ROOM_COUNT + 5);
    assert.strictEqual(s.received("GET", /\/invites\/[^/]+$/), ROOM_COUNT + 5);
    await assertConverges(s, 2);
  });

  it("deletes all 50 resources, repeating the cut DELETEs", async () => {
    const s = stack();
    await s.converge(2);
    s.sandbox.clearRequests();
    drop(s, { service: "controller", method: "DELETE", path: PATHS.invite });
    drop(s, { service: "controller", method: "DELETE", path: PATHS.room });

    const run = await s.destroy();
    assertAll(run, "delete");
    assert.strictEqual(s.received("DELETE", /^\/v1\/rooms\/[^/]+$/), ROOM_COUNT + 5);
    assert.strictEqual(s.received("DELETE", /\/invites\/[^/]+$/), ROOM_COUNT + 5);
    await assertDestroyConverges(s);
  });
});
