// Fault matrix: the controller restarts (its listener closed for 1.5 s, connection refused, then reopened on the
// same port with its data kept) just as a run begins. A refused connection proves the request was never sent, so
// every request is repeated — creates included — and six attempts span at least 3.9 s. (A restart that cuts a
// create already in flight is the dropped-connection case: that create fails and is reported, not repeated.)
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
  ROOM_COUNT,
  useFaultStack,
} from "./fault-stack";

const DOWN_MS = 1_500;

/** Runs `operation` while the controller restarts; resolves once both are over. */
async function duringControllerRestart<T>(stack: FaultStack, operation: () => Promise<T>): Promise<{ result: T; ms: number }> {
  const restart = stack.sandbox.pause("controller", DOWN_MS);
  // Lets the host see its pooled connections close before the run, so no request is cut mid-flight.
  await sleep(100);
  const started = Date.now();
  const result = await operation();
  const ms = Date.now() - started;
  await restart;
  return { result, ms };
}

describe("the controller restarting, data kept", () => {
  const stack = useFaultStack();

  it("creates all 50 resources once it is back, each with a single POST that arrived", async () => {
    const s = stack();
    await s.empty();
    s.sandbox.clearRequests();
    const { result: run, ms } = await duringControllerRestart(s, () => s.up(1));
    assertAll(run, "create");
    assert.ok(ms >= DOWN_MS - 200, `the run waited for the controller (${ms} ms)`);
    assert.strictEqual(s.received("POST", /^\/v1\/rooms$/), ROOM_COUNT, "refused POSTs never arrived; the repeated ones did, once each");
    assert.deepStrictEqual(s.account(), CLEAN);
    await assertConverges(s, 1);
  });

  it("updates all 50 resources once it is back", async () => {
    const s = stack();
    await s.converge(1);
    const { result: run } = await duringControllerRestart(s, () => s.up(2));
    assertAll(run, "update");
    assert.deepStrictEqual(s.account(), CLEAN);
    await assertConverges(s, 2);
  });

  it("refreshes all 50 resources once it is back", async () => {
    const s = stack();
    await s.converge(2);
    const before = outputsOf(s);
    const { result: run } = await duringControllerRestart(s, () => s.refresh());
    assertRefreshedUnchanged(run, before);
    await assertConverges(s, 2);
  });

  it("deletes all 50 resources once it is back", async () => {
    const s = stack();
    await s.converge(2);
    const { result: run } = await duringControllerRestart(s, () => s.destroy());
    assertAll(run, "delete");
    await assertDestroyConverges(s);
  });
});
