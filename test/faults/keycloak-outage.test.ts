// Fault matrix: Keycloak unreachable (its listener closed: connection refused) for a while. The host needs Keycloak
// only for a token: at its first login it waits Keycloak out (token grants and discovery reads are safe to repeat, and
// six attempts span at least 3.9 s). The controller needs Keycloak to check a token it has not cached (introspection):
// while the host's token is one the controller knows, a run does not touch Keycloak at all; a token the controller must
// check — one it would reject, or one it has not seen — gets its 500 while Keycloak is away, and then nothing may be
// forgotten. (Since the client renews a token on a 500 only on 0.30, such a run fails on 0.34 and 0.35 rather than
// waiting for Keycloak.) Run on 0.34 and 0.35 (TRANSPORT_RELEASES in
// fault-matrix.ts says why).
import * as assert from "assert";
import { setTimeout as sleep } from "node:timers/promises";
import { forEachReleaseOf, itDestroysAll, itRefreshesAll, itUpdatesAll, TRANSPORT_RELEASES, updated, whileDown, type OperationTest } from "./fault-matrix";
import { CLEAN, failuresOf, FaultStack, ROOM_COUNT, useFaultStack } from "./fault-stack";
import { shapeOf } from "./release-shape";
import { assertAll, assertConverges, assertRefreshedUnchanged, outputsOf, stateOf } from "./stack-assertions";

// Down for 0.75 s of the run: a grant refused from its start gets through at its fourth attempt (the first three waits
// add up to at least 0.875 s), well within its six; a longer outage only makes every test wait for the fifth.
const OUTAGE = { downMs: 800, leadMs: 50 };

/** Runs `operation` while Keycloak is down for OUTAGE.downMs from its start; resolves once both are over. */
const duringKeycloakOutage = <T>(stack: FaultStack, operation: () => Promise<T>) => whileDown(stack, "keycloak", OUTAGE, operation);

/**
 * Runs `operation` with Keycloak down from OUTAGE.leadMs before it to its end, however long it takes, and brings
 * Keycloak back right after it: nothing of the run can meet a Keycloak that is back.
 */
async function throughoutKeycloakOutage<T>(stack: FaultStack, operation: () => Promise<T>): Promise<T> {
  const outage = stack.sandbox.pause("keycloak", 10 * 60_000);
  try {
    await sleep(OUTAGE.leadMs);
    return await operation();
  } finally {
    stack.sandbox.resume("keycloak");
    await outage;
  }
}

/** Keycloak is down while the run uses the token the controller has already checked and cached. */
const withAKnownToken: OperationTest = {
  strike: async (s, operation) => (await duringKeycloakOutage(s, operation)).result,
  check: (s) => assert.deepStrictEqual([s.tokenGrants(200), s.sandbox.requests({ service: "keycloak" }).length], [0, 0], "Keycloak was not asked"),
};

forEachReleaseOf(TRANSPORT_RELEASES, (release) => {
  describe("Keycloak unreachable for a while", () => {
    const stack = useFaultStack({ release });

    // Would catch: a refused grant not repeated (every resource fails), or a login per resource.
    it("logs in once Keycloak is back and creates all 50 resources", async () => {
      const s = stack();
      // The first test of the describe: the host has no token yet, so it must log in while Keycloak is down.
      await s.empty();
      s.sandbox.clearRequests();
      const { result: run, ms } = await duringKeycloakOutage(s, () => s.up(1));
      assertAll(s, run, "create");
      // The run outlasted the outage, so its login met it: a run that met none is over in a fraction of this.
      assert.ok(ms >= OUTAGE.downMs - OUTAGE.leadMs - 100, `the run waited for Keycloak (${ms} ms)`);
      assert.strictEqual(s.tokenGrants(200), 1, "one login");
      assert.deepStrictEqual(s.account(), CLEAN);
      await assertConverges(s, 1);
    });

    // Would catch: a client that logs in (or checks its token with Keycloak) per run or per request.
    itUpdatesAll(stack, `updates ${updated(shapeOf(release))} without Keycloak, with the token the controller knows`, withAKnownToken);
    itRefreshesAll(stack, "refreshes all 50 resources without Keycloak, with the token the controller knows", withAKnownToken);
    itDestroysAll(stack, "deletes all 50 resources without Keycloak, with the token the controller knows", withAKnownToken);

    // Would catch: the controller's 500 taken for "gone" (the refresh would drop all 50) or for success.
    it("keeps every resource when the controller cannot check a rejected token (its 500 while Keycloak is away), and refreshes all 50 once Keycloak is back", async () => {
      const s = stack();
      await s.converge(2);
      const before = stateOf(s);
      const outputs = outputsOf(s);
      s.sandbox.expireAccessTokens();
      const run = await throughoutKeycloakOutage(s, () => s.refresh());
      assert.strictEqual(failuresOf(run).length, 2 * ROOM_COUNT, "every read failed");
      for (const failure of failuresOf(run)) {
        // (A guest link's 500 is first looked into — 0.30 answers an unknown invite code so — and the user's profile,
        // asked for that, gets the same 500.)
        assert.match(failure.message, /OpenTalk controller answered 500 to GET \/v1\/(rooms|users)\/\S+ \(internal_server_error: [^)]*\) — the controller failed; this is usually temporary, so run the operation again/, failure.name);
      }
      assert.deepStrictEqual(stateOf(s), before, "nothing was forgotten or changed");
      s.sandbox.clearRequests();
      const after = await s.refresh();
      assertRefreshedUnchanged(s, after, outputs);
      assert.strictEqual(s.tokenGrants(200), 1, "one renewal once the controller could say the token was rejected");
      assert.deepStrictEqual(s.account(), CLEAN);
    });
  });
});
