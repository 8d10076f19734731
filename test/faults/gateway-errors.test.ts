// Fault matrix: a reverse proxy in front of the controller (and of Keycloak) answers 502, 503 and 504 for a while.
// The sandbox's proxy answers never reach the service, so nothing is created by a refused request. GET, PATCH, PUT,
// DELETE and the token grant are retried; a POST that creates something is not (a 502 or 504 from a real proxy may
// come after the controller did the work), so those creates fail, and the next run makes them.
import * as assert from "assert";
import { assertNextRunCreatesTheRest, assertThreeOfEachCreateFailed, itRepeatsStruckRequests, type RequestMatch } from "./fault-matrix";
import { CLEAN, failuresOf, FaultStack, PATHS, statusesIn, useFaultStack } from "./fault-stack";

/**
 * The next answers to matching requests: 502, 503 (with Retry-After: 1) and 504 in turn. At most five, so that a
 * retried request can always get through within its six attempts, however the concurrent requests interleave.
 */
function burst(stack: FaultStack, where: RequestMatch, statuses = [502, 503, 504, 502, 503]): void {
  for (const status of statuses) stack.sandbox.addFault({ ...where, status, count: 1, ...(status === 503 ? { retryAfter: 1 } : {}) });
}

describe("a burst of 502, 503 and 504 answers", () => {
  const stack = useFaultStack();

  it("creates all but the resources whose create was answered with one, repeats no create, leaves nothing behind, and creates the rest next run", async () => {
    const s = stack();
    await s.empty();
    s.sandbox.clearRequests();
    burst(s, { service: "keycloak", method: "POST", path: "/token$" }, [502, 503, 504]);
    burst(s, { service: "controller", method: "POST", path: PATHS.roomCreate }, [502, 503, 504]);
    burst(s, { service: "controller", method: "POST", path: PATHS.inviteCreate }, [502, 503, 504]);

    const run = await s.up(1);
    const failures = failuresOf(run);
    const rooms = failures.filter((f) => f.kind === "room");
    const invites = failures.filter((f) => f.kind === "invite");
    assert.deepStrictEqual(statusesIn(rooms), [502, 503, 504], "one failed room per status");
    assert.deepStrictEqual(statusesIn(invites), [502, 503, 504]);
    for (const failure of rooms) assert.match(failure.message, /OpenTalk controller answered 50[234] to POST \/v1\/rooms \(50[234] [A-Za-z ]+\)/);
    for (const failure of invites) assert.match(failure.message, /OpenTalk controller answered 50[234] to POST \/v1\/rooms\/[0-9a-f-]{36}\/invites/);
    assert.strictEqual(run.skipped.length, 3, "the invites of the three failed rooms wait for their rooms");
    assertThreeOfEachCreateFailed(s, run);
    assert.strictEqual(s.tokenGrants(200), 1, "the login got through the Keycloak burst");
    assert.deepStrictEqual(s.account(), CLEAN, "the proxy answered: nothing was created for the failed resources");

    await assertNextRunCreatesTheRest(s);
  });

  itRepeatsStruckRequests(stack, { inject: burst, struck: 5, repeating: (requests) => `retrying the ${requests}` });
});
