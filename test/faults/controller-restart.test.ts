// Fault matrix: the controller restarts (its listener closed, connection refused, then reopened on the same port with
// its data kept) just as a run begins. A refused connection proves the request was never sent, so every request is
// repeated — creates included. (A restart that cuts a create already in flight is the dropped-connection case: that
// create fails and is reported, not repeated.)
import * as assert from "assert";
import { forEachReleaseOf, itDestroysAll, itRefreshesAll, itUpdatesAll, type OperationTest, TRANSPORT_RELEASES, updated, whileDown } from "./fault-matrix";
import { CLEAN, FaultStack, PATHS, ROOM_COUNT, useFaultStack } from "./fault-stack";
import { shapeOf } from "./release-shape";
import { assertAll, assertConverges } from "./stack-assertions";

// Down for 0.7 s of the run: a request refused from its start gets through at its fourth attempt (the first three
// waits add up to at least 0.875 s), well within its six; a longer outage only makes every test wait for the fifth
// (at least 1.875 s). leadMs lets the host see its pooled connections close before the run, so no request is cut
// mid-flight.
const RESTART = { downMs: 800, leadMs: 100 };

/** Runs `operation` while the controller restarts; resolves once both are over. */
const duringControllerRestart = <T>(stack: FaultStack, operation: () => Promise<T>) => whileDown(stack, "controller", RESTART, operation);

/**
 * The run outlasted the restart, so its requests met it (or were sent only after it, later still). Would catch a
 * restart that began too late to meet the run, which would make the test prove nothing.
 */
function assertWaited(ms: number): void {
  assert.ok(ms >= RESTART.downMs - RESTART.leadMs - 100, `the run waited for the controller (${ms} ms)`);
}

const restarting: OperationTest["strike"] = async (s, operation) => {
  const { result, ms } = await duringControllerRestart(s, operation);
  assertWaited(ms);
  return result;
};

forEachReleaseOf(TRANSPORT_RELEASES, (release) => {
  describe("the controller restarting, data kept", () => {
    const stack = useFaultStack({ release });

    // Would catch: a refused create not repeated (the run fails), or repeated after it arrived (a duplicate room).
    it("creates all 50 resources once it is back, each room with a single POST that arrived", async () => {
      const s = stack();
      await s.empty();
      s.sandbox.clearRequests();
      const { result: run, ms } = await duringControllerRestart(s, () => s.up(1));
      assertAll(s, run, "create");
      assertWaited(ms);
      assert.strictEqual(s.received("POST", PATHS.roomCreate), ROOM_COUNT, "refused POSTs never arrived; the repeated ones did, once each");
      assert.deepStrictEqual(s.account(), CLEAN);
      await assertConverges(s, 1);
    });

    itUpdatesAll(stack, `updates ${updated(shapeOf(release))} once it is back`, { strike: restarting });
    itRefreshesAll(stack, "refreshes all 50 resources once it is back", { strike: restarting });
    itDestroysAll(stack, "deletes all 50 resources once it is back", { strike: restarting });
  });
});
