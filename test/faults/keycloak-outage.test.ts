// Fault matrix: Keycloak unreachable for two seconds (its listener closed: connection refused), at the moment the
// host needs a token — at the first login, or after the controller rejected the token it had. Token grants and
// discovery reads are safe to repeat, and six attempts span at least 3.9 s, so the run waits Keycloak out. While the
// host holds a valid token Keycloak is not needed at all, so each test also expires the token.
import * as assert from "assert";
import { setTimeout as sleep } from "timers/promises";
import {
  assertAll,
  assertConverges,
  assertDestroyConverges,
  assertRefreshedUnchanged,
  CLEAN,
  FaultStack,
  outputsOf,
  useFaultStack,
} from "./fault-stack";

const OUTAGE_MS = 2_000;

/** Runs `operation` while Keycloak is down for OUTAGE_MS from its start; resolves once both are over. */
async function duringKeycloakOutage<T>(stack: FaultStack, operation: () => Promise<T>): Promise<{ result: T; ms: number }> {
  const outage = stack.sandbox.pause("keycloak", OUTAGE_MS);
  await sleep(50);
  const started = Date.now();
  const result = await operation();
  const ms = Date.now() - started;
  await outage;
  return { result, ms };
}

describe("Keycloak unreachable for two seconds", () => {
  const stack = useFaultStack();

  it("logs in once Keycloak is back and creates all 50 resources", async () => {
    const s = stack();
    await s.empty();
    s.sandbox.clearRequests();
    const { result: run, ms } = await duringKeycloakOutage(s, () => s.up(1));
    assertAll(run, "create");
    assert.ok(ms >= OUTAGE_MS - 100, `the run waited for Keycloak (${ms} ms)`);
    assert.strictEqual(s.tokenGrants(200), 1, "one login");
    assert.deepStrictEqual(s.account(), CLEAN);
    await assertConverges(s, 1);
  });

  it("renews the rejected token once Keycloak is back and updates all 50 resources", async () => {
    const s = stack();
    await s.converge(1);
    s.sandbox.clearRequests();
    s.sandbox.expireAccessTokens();
    const { result: run } = await duringKeycloakOutage(s, () => s.up(2));
    assertAll(run, "update");
    assert.strictEqual(s.tokenGrants(200), 1, "one renewal");
    assert.deepStrictEqual(s.account(), CLEAN);
    await assertConverges(s, 2);
  });

  it("renews the rejected token once Keycloak is back and refreshes all 50 resources", async () => {
    const s = stack();
    await s.converge(2);
    const before = outputsOf(s);
    s.sandbox.expireAccessTokens();
    const { result: run } = await duringKeycloakOutage(s, () => s.refresh());
    assertRefreshedUnchanged(run, before);
    await assertConverges(s, 2);
  });

  it("renews the rejected token once Keycloak is back and deletes all 50 resources", async () => {
    const s = stack();
    await s.converge(2);
    s.sandbox.expireAccessTokens();
    const { result: run } = await duringKeycloakOutage(s, () => s.destroy());
    assertAll(run, "delete");
    await assertDestroyConverges(s);
  });
});
