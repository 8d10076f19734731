// Fault matrix: Keycloak unreachable (its listener closed: connection refused) for a while, at the moment the host
// needs a token — at the first login, or after the controller rejected the token it had. Token grants and discovery
// reads are safe to repeat, and six attempts span at least 3.9 s, so the run waits Keycloak out. While the host holds
// a valid token Keycloak is not needed at all, so each test also expires the token. Run on 0.34 and 0.35
// (TRANSPORT_RELEASES in fault-matrix.ts says why).
import * as assert from "assert";
import { forEachReleaseOf, itDestroysAll, itRefreshesAll, itUpdatesAll, TRANSPORT_RELEASES, updated, whileDown, type OperationTest } from "./fault-matrix";
import { CLEAN, FaultStack, useFaultStack } from "./fault-stack";
import { shapeOf } from "./release-shape";
import { assertAll, assertConverges } from "./stack-assertions";

// Down for 0.75 s of the run: a grant refused from its start gets through at its fourth attempt (the first three waits
// add up to at least 0.875 s), well within its six; a longer outage only makes every test wait for the fifth.
const OUTAGE = { downMs: 800, leadMs: 50 };

/** Runs `operation` while Keycloak is down for OUTAGE.downMs from its start; resolves once both are over. */
const duringKeycloakOutage = <T>(stack: FaultStack, operation: () => Promise<T>) => whileDown(stack, "keycloak", OUTAGE, operation);

/**
 * The run outlasted the outage, so its token grant met it (or was sent only after it, later still). Would catch an
 * outage that began too late to meet the grant, which would make the test prove nothing.
 */
function assertWaited(ms: number): void {
  assert.ok(ms >= OUTAGE.downMs - OUTAGE.leadMs - 100, `the run waited for Keycloak (${ms} ms)`);
}

/** The controller rejects the token the host holds, so the host needs Keycloak while it is down. */
const renewingDuringOutage: OperationTest["strike"] = async (s, operation) => {
  s.sandbox.expireAccessTokens();
  const { result, ms } = await duringKeycloakOutage(s, operation);
  assertWaited(ms);
  return result;
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
      assertWaited(ms);
      assert.strictEqual(s.tokenGrants(200), 1, "one login");
      assert.deepStrictEqual(s.account(), CLEAN);
      await assertConverges(s, 1);
    });

    itUpdatesAll(stack, `renews the rejected token once Keycloak is back and updates ${updated(shapeOf(release))}`, {
      strike: renewingDuringOutage,
      check: (s) => assert.strictEqual(s.tokenGrants(200), 1, "one renewal"),
    });
    itRefreshesAll(stack, "renews the rejected token once Keycloak is back and refreshes all 50 resources", { strike: renewingDuringOutage });
    itDestroysAll(stack, "renews the rejected token once Keycloak is back and deletes all 50 resources", { strike: renewingDuringOutage });
  });
});
