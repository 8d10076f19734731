// Fault matrix: Keycloak unreachable for two seconds (its listener closed: connection refused), at the moment the
// host needs a token — at the first login, or after the controller rejected the token it had. Token grants and
// discovery reads are safe to repeat, and six attempts span at least 3.9 s, so the run waits Keycloak out. While the
// host holds a valid token Keycloak is not needed at all, so each test also expires the token.
import * as assert from "assert";
import { itDestroysAll, itRefreshesAll, itUpdatesAll, whileDown, type OperationTest } from "./fault-matrix";
import { assertAll, assertConverges, CLEAN, FaultStack, useFaultStack } from "./fault-stack";

const OUTAGE = { downMs: 2_000, leadMs: 50 };

/** Runs `operation` while Keycloak is down for OUTAGE.downMs from its start; resolves once both are over. */
const duringKeycloakOutage = <T>(stack: FaultStack, operation: () => Promise<T>) => whileDown(stack, "keycloak", OUTAGE, operation);

/** The controller rejects the token the host holds, so the host needs Keycloak while it is down. */
const renewingDuringOutage: OperationTest["strike"] = async (s, operation) => {
  s.sandbox.expireAccessTokens();
  return (await duringKeycloakOutage(s, operation)).result;
};

describe("Keycloak unreachable for two seconds", () => {
  const stack = useFaultStack();

  it("logs in once Keycloak is back and creates all 50 resources", async () => {
    const s = stack();
    await s.empty();
    s.sandbox.clearRequests();
    const { result: run, ms } = await duringKeycloakOutage(s, () => s.up(1));
    assertAll(run, "create");
    assert.ok(ms >= OUTAGE.downMs - 100, `the run waited for Keycloak (${ms} ms)`);
    assert.strictEqual(s.tokenGrants(200), 1, "one login");
    assert.deepStrictEqual(s.account(), CLEAN);
    await assertConverges(s, 1);
  });

  itUpdatesAll(stack, "renews the rejected token once Keycloak is back and updates all 50 resources", {
    strike: renewingDuringOutage,
    check: (s) => assert.strictEqual(s.tokenGrants(200), 1, "one renewal"),
  });
  itRefreshesAll(stack, "renews the rejected token once Keycloak is back and refreshes all 50 resources", { strike: renewingDuringOutage });
  itDestroysAll(stack, "renews the rejected token once Keycloak is back and deletes all 50 resources", { strike: renewingDuringOutage });
});
