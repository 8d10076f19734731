// Fault matrix: a reverse proxy in front of the controller (and of Keycloak) answers 502, 503 and 504 for a while.
// The sandbox's proxy answers never reach the service, so nothing is created by a refused request. Such an answer is
// not the controller's word (responses.ts), so it is never taken as success or "gone". GET, PATCH, PUT, DELETE and the
// token grant are retried; a POST that creates something is not (a 502 or 504 from a real proxy may come after the
// controller did the work), so those creates fail — a room's with the rooms it may have made (none here) — and the
// next run makes them.
import * as assert from "assert";
import { assertNextRunCreatesTheRest, assertStruckCreatesFailed, forEachReleaseOf, itRepeatsStruckRequests, type RequestMatch, TRANSPORT_RELEASES } from "./fault-matrix";
import { CLEAN, failuresOf, FaultStack, useFaultStack } from "./fault-stack";
import { shapeOf } from "./release-shape";
import { statusesIn } from "./stack-assertions";

/**
 * The next answers to matching requests: 502, 503 (with Retry-After: 0, "at once": how long a Retry-After is honoured
 * is test/client/retries.test.ts's, and a second's wait here would only slow the matrix) and 504 in turn. At most five,
 * so that a retried request can always get through within its six attempts, however the concurrent requests
 * interleave.
 */
function burst(stack: FaultStack, where: RequestMatch, statuses = [502, 503, 504, 502, 503]): void {
  for (const status of statuses) stack.sandbox.addFault({ ...where, status, count: 1, ...(status === 503 ? { retryAfter: 0 } : {}) });
}

const PROXY_ANSWER = (path: string) =>
  new RegExp(`The answer to POST http://127\\.0\\.0\\.1:\\d+${path} did not come from the OpenTalk controller: HTTP 50[234], text/plain "50[234] [A-Za-z ]+"\\. Only the controller's own answers count, so nothing is taken as done, deleted or gone`);

forEachReleaseOf(TRANSPORT_RELEASES, (release) => {
  const shape = shapeOf(release);
  describe("a burst of 502, 503 and 504 answers", () => {
    const stack = useFaultStack({ release });

    // Would catch: a POST retried after a gateway error (a duplicate where the controller had done the work), a proxy's
    // answer taken as the controller's, a room create reported without looking for what it made.
    it(`creates all but the rooms${shape.inviteCodes ? " and guest links" : ""} whose create was answered with one, repeats no create, leaves nothing behind, and creates the rest next run`, async () => {
      const s = stack();
      await s.empty();
      s.sandbox.clearRequests();
      burst(s, { service: "keycloak", method: "POST", path: "/token$" }, [502, 503, 504]);
      burst(s, { service: "controller", ...shape.requests.room.create! }, [502, 503, 504]);
      burst(s, { service: "controller", ...shape.requests.invite.create! }, [502, 503, 504]);

      const run = await s.up(1);
      const failures = failuresOf(run);
      const rooms = failures.filter((f) => f.kind === "room");
      const invites = failures.filter((f) => f.kind === "invite");
      assert.deepStrictEqual(statusesIn(rooms), [502, 503, 504], "one failed room per status");
      for (const failure of rooms) {
        assert.match(failure.message, /Creating the room may have succeeded on the server although its answer was lost, so it was not repeated/);
        assert.match(failure.message, PROXY_ANSWER("/v1/rooms"));
        // The gateway gave up waiting, so the controller may still be making the room: look again before running up.
        assert.match(failure.message, /\nNo room of bot@example\.org with these settings was created since \S+ — yet: the controller did not answer in time, or a gateway gave up waiting for it, so it may still be making it\./);
      }
      if (shape.inviteCodes) {
        assert.deepStrictEqual(statusesIn(invites), [502, 503, 504]);
        for (const failure of invites) assert.match(failure.message, PROXY_ANSWER("/v1/rooms/[0-9a-f-]{36}/invites"));
      } else {
        assert.deepStrictEqual(invites, [], "a 0.35 guest link reads its room, and the reads were retried");
      }
      assert.strictEqual(run.skipped.length, 3, "the guest links of the three failed rooms wait for their rooms");
      assertStruckCreatesFailed(s, run);
      assert.strictEqual(s.tokenGrants(200), 1, "the login got through the Keycloak burst");
      assert.deepStrictEqual(s.account(), CLEAN, "the proxy answered: nothing was created for the failed resources");

      await assertNextRunCreatesTheRest(s);
    });

    itRepeatsStruckRequests(stack, shape, { inject: burst, struck: 5, repeating: (requests) => `retrying the ${requests}` });
  });
});
