// The fault matrix's shared test shapes. Every family runs the same four operations on the 50-resource stack of
// fault-stack.ts under its fault; the create is the case each family states in its own file (it is where families
// differ most: which creates fail, and what they leave behind). Update, refresh and destroy differ only in how the
// fault strikes and in what each family checks on top, so they are written once here:
//   itUpdatesAll / itRefreshesAll / itDestroysAll   one operation, with the family's strike and checks;
//   itRepeatsStruckRequests                         all three, for faults that strike single requests (gateway
//                                                   errors, dropped connections, slow answers), which the client
//                                                   repeats because reads, updates and deletes are safe to repeat.
// Each test asserts the run completed for all 50 resources, the family's checks, and then convergence.
import * as assert from "assert";
import { setTimeout as sleep } from "timers/promises";
import type { SandboxFault, ServiceName } from "../sandbox";
import {
  assertAll,
  assertConverges,
  assertDestroyConverges,
  assertRefreshedUnchanged,
  CLEAN,
  type FaultStack,
  opsOf,
  outputsOf,
  PATHS,
  ROOM_COUNT,
  type RunReport,
  type Accounting,
} from "./fault-stack";

type Hook = () => void | Promise<void>;

/**
 * One operation of the stack. `between` strikes mid-run: after the rooms of an up, after the invites of a destroy,
 * and before a refresh (which reads every resource at once, so it has no middle).
 */
export type Operation = (between?: Hook) => Promise<RunReport>;

export interface OperationTest {
  /** Runs `operation` with the fault striking, and returns its report. */
  strike(stack: FaultStack, operation: Operation): Promise<RunReport>;
  /** What the family checks once the operation completed, before the convergence checks. */
  check?(stack: FaultStack): void | Promise<void>;
}

/** Version 1 converged, then `up` to version 2 under the fault: all 50 updated, nothing left behind, converges. */
export function itUpdatesAll(stack: () => FaultStack, title: string, test: OperationTest): void {
  it(title, async () => {
    const s = stack();
    await s.converge(1);
    s.sandbox.clearRequests();
    const run = await test.strike(s, (between) => s.up(2, between));
    assertAll(run, "update");
    await test.check?.(s);
    assert.deepStrictEqual(s.account(), CLEAN);
    await assertConverges(s, 2);
  });
}

/** Version 2 converged, then a refresh under the fault: all 50 found as recorded, nothing left behind, converges. */
export function itRefreshesAll(stack: () => FaultStack, title: string, test: OperationTest): void {
  it(title, async () => {
    const s = stack();
    await s.converge(2);
    const before = outputsOf(s);
    s.sandbox.clearRequests();
    const run = await test.strike(s, async (between) => {
      await between?.();
      return s.refresh();
    });
    assertRefreshedUnchanged(run, before);
    await test.check?.(s);
    assert.deepStrictEqual(s.account(), CLEAN);
    await assertConverges(s, 2);
  });
}

/** Version 2 converged, then a destroy under the fault: all 50 deleted, and the next destroy finds nothing. */
export function itDestroysAll(stack: () => FaultStack, title: string, test: OperationTest): void {
  it(title, async () => {
    const s = stack();
    await s.converge(2);
    s.sandbox.clearRequests();
    const run = await test.strike(s, (between) => s.destroy(between));
    assertAll(run, "delete");
    await test.check?.(s);
    await assertDestroyConverges(s);
  });
}

/**
 * Runs `operation` while `service` is down (its listener closed, connections refused) for `downMs`, starting
 * `leadMs` before the operation; resolves once both are over, with how long the operation took.
 */
export async function whileDown<T>(
  stack: FaultStack,
  service: ServiceName,
  { downMs, leadMs }: { downMs: number; leadMs: number },
  operation: () => Promise<T>,
): Promise<{ result: T; ms: number }> {
  const outage = stack.sandbox.pause(service, downMs);
  await sleep(leadMs);
  const started = Date.now();
  const result = await operation();
  const ms = Date.now() - started;
  await outage;
  return { result, ms };
}

export type RequestMatch = Pick<SandboxFault, "service" | "method" | "path">;

/** A fault that strikes single requests, e.g. the next five answers are 502, 503 or 504. */
export interface RequestFault {
  /** Makes the next requests matching `where` fail this family's way; `struck` of them unless told otherwise. */
  inject(stack: FaultStack, where: RequestMatch): void;
  /** How many requests to each path `inject` strikes; the client repeats each of them once more. */
  struck: number;
  /** How the family's test names say the struck requests were repeated: `retrying the ${requests}`. */
  repeating(requests: string): string;
  /** Waits until the struck requests that the server still processes after the client gave up have landed. */
  settle?(): Promise<void>;
}

const REPEATED_REQUESTS = [
  { itAll: itUpdatesAll, verb: "updates", requests: "PATCHes and PUTs", roomMethod: "PATCH", inviteMethod: "PUT" },
  { itAll: itRefreshesAll, verb: "refreshes", requests: "reads", roomMethod: "GET", inviteMethod: "GET" },
  { itAll: itDestroysAll, verb: "deletes", requests: "DELETEs", roomMethod: "DELETE", inviteMethod: "DELETE" },
] as const;

/**
 * Update, refresh and destroy under a request fault striking `fault.struck` requests to the rooms and as many to the
 * invites: each operation completes for all 50 resources, and the controller received each struck request twice.
 */
export function itRepeatsStruckRequests(stack: () => FaultStack, fault: RequestFault): void {
  for (const { itAll, verb, requests, roomMethod, inviteMethod } of REPEATED_REQUESTS) {
    itAll(stack, `${verb} all 50 resources, ${fault.repeating(requests)}`, {
      strike: (s, operation) => {
        fault.inject(s, { service: "controller", method: roomMethod, path: PATHS.room });
        fault.inject(s, { service: "controller", method: inviteMethod, path: PATHS.invite });
        return operation();
      },
      check: async (s) => {
        await fault.settle?.();
        assert.strictEqual(s.received(roomMethod, new RegExp(PATHS.room)), ROOM_COUNT + fault.struck, `${fault.struck} room ${roomMethod} requests repeated`);
        assert.strictEqual(s.received(inviteMethod, new RegExp(PATHS.invite)), ROOM_COUNT + fault.struck, `${fault.struck} invite ${inviteMethod} requests repeated`);
      },
    });
  }
}

/**
 * The create faults of the request families strike three room creates and three invite creates: those six fail,
 * the invites of the three failed rooms are skipped, the other 41 resources are created, and no create was sent
 * twice (a POST that creates something is never repeated).
 */
export function assertThreeOfEachCreateFailed(stack: FaultStack, run: RunReport): void {
  assert.deepStrictEqual(opsOf(run), { create: 2 * ROOM_COUNT - 9, "create!": 6, skipped: 3 });
  assert.strictEqual(stack.received("POST", new RegExp(PATHS.roomCreate)), ROOM_COUNT, "each room POSTed once: no create repeated");
  assert.strictEqual(stack.received("POST", new RegExp(PATHS.inviteCreate)), ROOM_COUNT - 3);
}

/** After assertThreeOfEachCreateFailed: the next run creates the nine missing resources and converges to `books`. */
export async function assertNextRunCreatesTheRest(stack: FaultStack, books: Accounting = CLEAN): Promise<void> {
  const { second } = await assertConverges(stack, 1, books);
  assert.deepStrictEqual(opsOf(second), { same: 2 * ROOM_COUNT - 9, create: 9 });
}
