// Fault matrix: the controller restarts (its listener closed for 1.5 s, connection refused, then reopened on the
// same port with its data kept) just as a run begins. A refused connection proves the request was never sent, so
// every request is repeated — creates included — and six attempts span at least 3.9 s. (A restart that cuts a
// create already in flight is the dropped-connection case: that create fails and is reported, not repeated.)
import * as assert from "assert";
import { itDestroysAll, itRefreshesAll, itUpdatesAll, whileDown, type OperationTest } from "./fault-matrix";
import { assertAll, assertConverges, CLEAN, FaultStack, ROOM_COUNT, useFaultStack } from "./fault-stack";

// leadMs lets the host see its pooled connections close before the run, so no request is cut mid-flight.
const RESTART = { downMs: 1_500, leadMs: 100 };

/** Runs `operation` while the controller restarts; resolves once both are over. */
const duringControllerRestart = <T>(stack: FaultStack, operation: () => Promise<T>) => whileDown(stack, "controller", RESTART, operation);

const restarting: OperationTest["strike"] = async (s, operation) => (await duringControllerRestart(s, operation)).result;

describe("the controller restarting, data kept", () => {
  const stack = useFaultStack();

  it("creates all 50 resources once it is back, each with a single POST that arrived", async () => {
    const s = stack();
    await s.empty();
    s.sandbox.clearRequests();
    const { result: run, ms } = await duringControllerRestart(s, () => s.up(1));
    assertAll(run, "create");
    assert.ok(ms >= RESTART.downMs - 200, `the run waited for the controller (${ms} ms)`);
    assert.strictEqual(s.received("POST", /^\/v1\/rooms$/), ROOM_COUNT, "refused POSTs never arrived; the repeated ones did, once each");
    assert.deepStrictEqual(s.account(), CLEAN);
    await assertConverges(s, 1);
  });

  itUpdatesAll(stack, "updates all 50 resources once it is back", { strike: restarting });
  itRefreshesAll(stack, "refreshes all 50 resources once it is back", { strike: restarting });
  itDestroysAll(stack, "deletes all 50 resources once it is back", { strike: restarting });
});
