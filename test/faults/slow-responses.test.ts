// Fault matrix: answers slower than the request timeout (opentalk:requestTimeoutMs = 400; the sandbox holds the
// request 700 ms and then processes it anyway, as a slow server would). Reads, updates and deletes are repeated and
// complete. A create is not repeated — the server may have done it — and here it has: the room or guest link exists
// and the state does not know it. That is the inherent limit of a create without an idempotency key; these tests
// pin down exactly which objects are orphaned and that no create was ever sent twice.
import * as assert from "assert";
import { setTimeout as sleep } from "timers/promises";
import { assertNextRunCreatesTheRest, assertThreeOfEachCreateFailed, itRepeatsStruckRequests, type RequestMatch } from "./fault-matrix";
import { CLEAN, failuresOf, FaultStack, PATHS, useFaultStack } from "./fault-stack";

const TIMEOUT_MS = 400;
const DELAY_MS = 700;
const TIMED_OUT_POST = /Cannot reach the OpenTalk controller at http:\/\/127\.0\.0\.1:\d+ \(POST [^)]*\/v1\/rooms[^)]*\): no answer within 400 ms \(raise opentalk:requestTimeoutMs if the server is slow\); not retried, since the request may have been processed/;

/** The next `count` matching requests are answered only after DELAY_MS, and processed. */
function slow(stack: FaultStack, where: RequestMatch, count = 3): void {
  stack.sandbox.addFault({ ...where, delayMs: DELAY_MS, count });
}

/** The late requests are processed (and logged) after the client gave up. */
const lateRequestsLanded = () => sleep(DELAY_MS);

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
    assert.ok(failures.every((f) => s.engine.get(run.steps.find((step) => step.urn.endsWith(`::${f.name}`))!.urn) === undefined),
      "a create that timed out is not recorded");
    assert.strictEqual(s.tokenGrants(200), 2, "the slow login was repeated (a token grant is safe to repeat)");

    await lateRequestsLanded();
    assertThreeOfEachCreateFailed(s, run);
    assert.deepStrictEqual(s.account(), {
      ...CLEAN,
      // The controller did create them after the client gave up: they exist, the state does not know them.
      orphanRooms: failedRooms,
      orphanInvites: failedInvites,
    }, "exactly the timed-out creates left orphans, and no resource has two rooms or two guest links");

    // The next run creates what the state lacks. It cannot know the orphans, so those resources now have two.
    await assertNextRunCreatesTheRest(s, {
      ...CLEAN,
      orphanRooms: failedRooms,
      orphanInvites: failedInvites,
      duplicateRooms: failedRooms,
      duplicateInvites: failedInvites,
    });
    s.removeOrphans();
    assert.deepStrictEqual(s.account(), CLEAN);
  });

  itRepeatsStruckRequests(stack, {
    inject: slow,
    struck: 3,
    repeating: (requests) => `repeating the ${requests} that timed out`,
    settle: lateRequestsLanded,
  });
});
