// Fault matrix: connections cut without an answer (the sandbox destroys the socket before the service sees the
// request). The client cannot tell "cut before" from "cut after the work was done", so it repeats everything that is
// safe to repeat and reports a create whose connection dropped instead of repeating it. In this sandbox nothing was
// created for those; against a real server a cut after the work would leave an orphan, as in slow-responses.test.ts.
import * as assert from "assert";
import { assertNextRunCreatesTheRest, assertThreeOfEachCreateFailed, itRepeatsStruckRequests, type RequestMatch } from "./fault-matrix";
import { CLEAN, failuresOf, FaultStack, PATHS, useFaultStack } from "./fault-stack";

const DROPPED_POST = /Cannot reach the OpenTalk controller at http:\/\/127\.0\.0\.1:\d+ \(POST http:\/\/127\.0\.0\.1:\d+\/v1\/rooms[^)]*\): the connection was dropped \((UND_ERR_SOCKET|ECONNRESET)\); not retried, since the request may have been processed/;

/** The next `count` matching requests are cut; at most five for requests that are retried (six attempts). */
function drop(stack: FaultStack, where: RequestMatch, count = 5): void {
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
    assertThreeOfEachCreateFailed(s, run);
    assert.strictEqual(s.tokenGrants(200), 1, "the login was repeated past the two cut connections");
    assert.deepStrictEqual(s.account(), CLEAN, "the cut requests never reached the controller");

    await assertNextRunCreatesTheRest(s);
  });

  itRepeatsStruckRequests(stack, { inject: drop, struck: 5, repeating: (requests) => `repeating the cut ${requests}` });
});
