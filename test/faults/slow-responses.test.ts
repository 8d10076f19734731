// Fault matrix: answers slower than the request timeout (opentalk:requestTimeoutMs = 400; the sandbox holds the
// request 700 ms and then processes it anyway, as a slow server would). Reads, updates and deletes are repeated and
// complete. A create is not repeated — the server may have done it — and here it has: the room or guest link exists
// and the state does not know it. That is the inherent limit of a create without an idempotency key; these tests
// pin down exactly which objects are orphaned and that no create was ever sent twice.
import * as assert from "assert";
import { setTimeout as sleep } from "timers/promises";
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

const TIMEOUT_MS = 400;
const DELAY_MS = 700;
const TIMED_OUT_POST = /Cannot reach the OpenTalk controller at http:\/\/127\.0\.0\.1:\d+ \(POST [^)]*\/v1\/rooms[^)]*\): no answer within 400 ms \(raise opentalk:requestTimeoutMs if the server is slow\); not retried, since the request may have been processed/;

/** The next `count` matching requests are answered only after DELAY_MS, and processed. */
function slow(stack: FaultStack, where: Pick<SandboxFault, "service" | "method" | "path">, count = 3): void {
  stack.sandbox.addFault({ ...where, delayMs: DELAY_MS, count });
}

describe(`answers slower than the ${TIMEOUT_MS} ms request timeout`, () => {
  const stack = useFaultStack({ config: { "opentalk:requestTimeoutMs": String(TIMEOUT_MS) } });

  it("fails the creates that timed out without repeating them, and reports exactly the rooms and guest links they left behind", async () => {
    const s = stack();
    await s.empty();
    s.sandbox.clearRequests();
    slow(s, { service: "keycloak", method: "POST", path: "/token$" }, 1);
    slow(s, { service: "controller", method: "POST", path: PATHS.roomCreate });
    slow(s, { service: "controller", method: "POST", path: PATHS.inviteCreate });

    const run = await s.up(1);
    const failures = failuresOf(run);
    for (const failure of failures) assert.match(failure.message, TIMED_OUT_POST);
    const failedRooms = failures.filter((f) => f.kind === "room").map((f) => f.name);
    const failedInvites = failures.filter((f) => f.kind === "invite").map((f) => f.name);
    assert.deepStrictEqual([failedRooms.length, failedInvites.length], [3, 3]);
    assert.deepStrictEqual(opsOf(run), { create: 2 * ROOM_COUNT - 9, "create!": 6, skipped: 3 });
    assert.ok(failures.every((f) => s.engine.get(run.steps.find((step) => step.urn.endsWith(`::${f.name}`))!.urn) === undefined),
      "a create that timed out is not recorded");
    assert.strictEqual(s.tokenGrants(200), 2, "the slow login was repeated (a token grant is safe to repeat)");

    await sleep(DELAY_MS); // the late requests are processed (and logged) after the client gave up
    assert.strictEqual(s.received("POST", /^\/v1\/rooms$/), ROOM_COUNT, "each room POSTed once: no create repeated");
    assert.strictEqual(s.received("POST", /^\/v1\/rooms\/[^/]+\/invites$/), ROOM_COUNT - 3);
    assert.deepStrictEqual(s.account(), {
      ...CLEAN,
      // The controller did create them after the client gave up: they exist, the state does not know them.
      orphanRooms: failedRooms,
      orphanInvites: failedInvites,
    }, "exactly the timed-out creates left orphans, and no resource has two rooms or two guest links");

    // The next run creates what the state lacks. It cannot know the orphans, so those resources now have two.
    const { second } = await assertConverges(s, 1, {
      ...CLEAN,
      orphanRooms: failedRooms,
      orphanInvites: failedInvites,
      duplicateRooms: failedRooms,
      duplicateInvites: failedInvites,
    });
    assert.deepStrictEqual(opsOf(second), { same: 2 * ROOM_COUNT - 9, create: 9 });
    s.removeOrphans();
    assert.deepStrictEqual(s.account(), CLEAN);
  });

  it("updates all 50 resources, repeating the PATCHes and PUTs that timed out", async () => {
    const s = stack();
    await s.converge(1);
    s.sandbox.clearRequests();
    slow(s, { service: "controller", method: "PATCH", path: PATHS.room });
    slow(s, { service: "controller", method: "PUT", path: PATHS.invite });

    const run = await s.up(2);
    assertAll(run, "update");
    await sleep(DELAY_MS); // the late requests are processed (and logged) after the client gave up
    assert.strictEqual(s.received("PATCH", /^\/v1\/rooms\/[^/]+$/), ROOM_COUNT + 3, "the late PATCHes landed too, harmlessly");
    assert.strictEqual(s.received("PUT", /\/invites\/[^/]+$/), ROOM_COUNT + 3);
    assert.deepStrictEqual(s.account(), CLEAN);
    await assertConverges(s, 2);
  });

  it("refreshes all 50 resources, repeating the reads that timed out", async () => {
    const s = stack();
    await s.converge(2);
    const before = outputsOf(s);
    s.sandbox.clearRequests();
    slow(s, { service: "controller", method: "GET", path: PATHS.room });
    slow(s, { service: "controller", method: "GET", path: PATHS.invite });

    const run = await s.refresh();
    assertRefreshedUnchanged(run, before);
    await sleep(DELAY_MS); // the late requests are processed (and logged) after the client gave up
    assert.strictEqual(s.received("GET", /^\/v1\/rooms\/[^/]+$/), ROOM_COUNT + 3);
    await assertConverges(s, 2);
  });

  it("deletes all 50 resources, repeating the DELETEs that timed out", async () => {
    const s = stack();
    await s.converge(2);
    s.sandbox.clearRequests();
    slow(s, { service: "controller", method: "DELETE", path: PATHS.invite });
    slow(s, { service: "controller", method: "DELETE", path: PATHS.room });

    const run = await s.destroy();
    assertAll(run, "delete");
    await sleep(DELAY_MS); // the late requests are processed (and logged) after the client gave up
    assert.strictEqual(s.received("DELETE", /^\/v1\/rooms\/[^/]+$/), ROOM_COUNT + 3);
    await assertDestroyConverges(s);
  });
});
