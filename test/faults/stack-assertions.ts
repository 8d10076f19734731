// What the fault tests assert about runs of the fault stack: that an operation completed, that the runs after a fault
// converge, and that a refused operation left the state as it was.
import * as assert from "assert";
import type { StepOp } from "../harness/engine";
import { CLEAN, failuresOf, nameOf, opsOf, type Accounting, type FaultStack, type RunReport, type StackVersion, type StepFailure } from "./fault-stack";

/** The run completed: every resource of the stack took a successful `op` step. */
export function assertAll(stack: FaultStack, run: RunReport, op: StepOp): void {
  assert.deepStrictEqual(failuresOf(run), [], "no step failed");
  assert.deepStrictEqual(opsOf(run), { [op]: stack.resourceCount });
}

/**
 * The steps of an `up` from version 1 to 2: every room and meeting updated, and every guest link where it is an invite
 * code (its expiry changes). On 0.35 a guest link, the room link, has no input left to change: "same".
 */
export function versionChangeOps(stack: FaultStack): Record<string, number> {
  const { room, invite, meeting } = stack.counts;
  return stack.shape.inviteCodes ? { update: room + invite + meeting } : { update: room + meeting, same: invite };
}

/** The run went from version 1 to 2 completely (see versionChangeOps). */
export function assertUpdated(stack: FaultStack, run: RunReport): void {
  assert.deepStrictEqual(failuresOf(run), [], "no step failed");
  assert.deepStrictEqual(opsOf(run), versionChangeOps(stack));
}

/**
 * The run after the fault, without faults, completes and leaves exactly `books` (CLEAN unless an ambiguous create
 * left orphans, which no later run can know about); the run after that is all "same".
 */
export async function assertConverges(stack: FaultStack, version: StackVersion, books: Accounting = CLEAN): Promise<{ second: RunReport; third: RunReport }> {
  stack.sandbox.clearFaults();
  const second = await stack.up(version);
  assert.deepStrictEqual(failuresOf(second), [], "the second run completes");
  assert.deepStrictEqual(stack.account(), books);
  const third = await stack.up(version);
  assertAll(stack, third, "same");
  return { second, third };
}

/** The destroy after the fault, without faults, completes; nothing is recorded or left on the server. */
export async function assertDestroyConverges(stack: FaultStack): Promise<RunReport> {
  stack.sandbox.clearFaults();
  const second = await stack.destroy();
  assert.deepStrictEqual(failuresOf(second), [], "the second destroy completes");
  assert.deepStrictEqual(stack.engine.resources(), []);
  assert.deepStrictEqual(stack.account(), CLEAN);
  const third = await stack.destroy();
  assert.deepStrictEqual(third.steps, [], "nothing is left to destroy");
  return second;
}

/** The statuses named in failure messages such as "answered 503 to POST /v1/rooms" or "… controller: HTTP 502, …". */
export function statusesIn(failures: StepFailure[]): number[] {
  return failures.map((failure) => Number(/(?:answered (\d{3}) to|HTTP (\d{3}),)/.exec(failure.message)?.slice(1).find(Boolean))).sort();
}

/**
 * The refresh completed for every resource and found it as recorded: every output as before. (A room's step may
 * still be "refresh-update": read() returns normalized inputs — defaults filled in, the password left out so a
 * password set in the web UI cannot land in the state unencrypted — which differ from the program's inputs.)
 */
export function assertRefreshedUnchanged(stack: FaultStack, run: RunReport, outputsBefore: Map<string, Record<string, unknown>>): void {
  assert.deepStrictEqual(failuresOf(run), [], "no read failed");
  assert.strictEqual(run.steps.length, stack.resourceCount);
  for (const step of run.steps) {
    assert.ok(step.op === "refresh-same" || step.op === "refresh-update", `${nameOf(step)}: ${step.op}`);
    assert.deepStrictEqual(step.outputs, outputsBefore.get(step.urn), `${nameOf(step)}: outputs unchanged`);
  }
}

export function outputsOf(stack: FaultStack): Map<string, Record<string, unknown>> {
  return new Map(stack.engine.resources().map((resource) => [resource.urn, resource.outputs]));
}

/** Every resource as recorded: id, inputs and outputs, by URN. */
export function stateOf(stack: FaultStack): Map<string, { id: string; inputs: unknown; outputs: unknown }> {
  return new Map(stack.engine.resources().map((r) => [r.urn, { id: r.id, inputs: r.inputs, outputs: r.outputs }]));
}

