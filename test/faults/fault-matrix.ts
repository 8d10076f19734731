// The fault matrix's shared test shapes. Every family runs the same four operations on the 50-resource stack of
// fault-stack.ts under its fault, on the releases it is run on; the create is the case each family states in its own
// file (it is where families differ most: which creates fail, and what they leave behind). Update, refresh and
// destroy differ only in how the fault strikes and in what each family checks on top, so they are written once here:
//   itUpdatesAll / itRefreshesAll / itDestroysAll   one operation, with the family's strike and checks;
//   itRepeatsStruckRequests                         all three, for faults that strike single requests (gateway
//                                                   errors, dropped connections, slow answers), which the client
//                                                   repeats because reads, updates and deletes are safe to repeat.
// Each test asserts the run completed for every resource, the family's checks, and then convergence.
import * as assert from "assert";
import { setTimeout as sleep } from "timers/promises";
import type { ControllerVersion, SandboxFault, ServiceName } from "../sandbox";
import { forEachRelease } from "../support/releases";
import { CLEAN, opsOf, ROOM_COUNT, type Accounting, type FaultStack, type RunReport } from "./fault-stack";
import { requestsOf, type ReleaseShape, type RequestTarget, type ResourceOperation } from "./release-shape";
import { assertAll, assertConverges, assertDestroyConverges, assertRefreshedUnchanged, assertUpdated, outputsOf } from "./stack-assertions";

type Hook = () => void | Promise<void>;

/**
 * The releases the families whose fault lies between the client and the servers run on: the controller restarting,
 * Keycloak unreachable, dropped connections, gateway errors and slow answers. What they strike — the transport and
 * the retry policy — is the same on every release; what differs is what a guest link sends: a POST, PUT and DELETE
 * of an invite code up to 0.34, a read of its room on 0.35. 0.29 and 0.30 send the same requests as 0.34 (their
 * invite API differs only in when it admits guests), so running these on them would repeat 0.34's tests at a
 * minute's cost. Where 0.29 and 0.30 do differ — how a refused token is answered (0.30: 500) and the controller
 * login after every token grant (0.29) — the token families (expired-tokens.test.ts) run on every release.
 */
export const TRANSPORT_RELEASES: readonly ControllerVersion[] = ["0.34", "0.35"];

/** forEachRelease, for the releases under test that are among `releases`. */
export function forEachReleaseOf(releases: readonly ControllerVersion[], body: (release: ControllerVersion) => void): void {
  forEachRelease((release) => {
    if (releases.includes(release)) body(release);
  });
}

/**
 * One operation of the stack. `between` strikes mid-run: after the rooms of an up, after the guest links of a
 * destroy, and before a refresh (which reads every resource at once, so it has no middle).
 */
export type Operation = (between?: Hook) => Promise<RunReport>;

export interface OperationTest {
  /** Runs `operation` with the fault striking, and returns its report. */
  strike(stack: FaultStack, operation: Operation): Promise<RunReport>;
  /** What the family checks once the operation completed, before the convergence checks. */
  check?(stack: FaultStack): void | Promise<void>;
}

/** What an update of the stack changes on a release, for test names: on 0.35 guest links have nothing to update. */
export function updated(shape: ReleaseShape): string {
  return shape.inviteCodes ? `all ${2 * ROOM_COUNT} resources` : `all ${ROOM_COUNT} rooms (a guest link, the room link, has nothing to update)`;
}

/** Version 1 converged, then `up` to version 2 under the fault: every change made, nothing left behind, converges. */
export function itUpdatesAll(stack: () => FaultStack, title: string, test: OperationTest): void {
  it(title, async () => {
    const s = stack();
    await s.converge(1);
    s.sandbox.clearRequests();
    const run = await test.strike(s, (between) => s.up(2, between));
    assertUpdated(s, run);
    await test.check?.(s);
    assert.deepStrictEqual(s.account(), CLEAN);
    await assertConverges(s, 2);
  });
}

/** Version 2 converged, then a refresh under the fault: all found as recorded, nothing left behind, converges. */
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
    assertRefreshedUnchanged(s, run, before);
    await test.check?.(s);
    assert.deepStrictEqual(s.account(), CLEAN);
    await assertConverges(s, 2);
  });
}

/** Version 2 converged, then a destroy under the fault: all deleted, and the next destroy finds nothing. */
export function itDestroysAll(stack: () => FaultStack, title: string, test: OperationTest): void {
  it(title, async () => {
    const s = stack();
    await s.converge(2);
    s.sandbox.clearRequests();
    const run = await test.strike(s, (between) => s.destroy(between));
    assertAll(s, run, "delete");
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
  /** How many requests of each kind `inject` strikes; the client repeats each of them once more. */
  struck: number;
  /** How the family's test names say the struck requests were repeated: `retrying the ${requests}`. */
  repeating(requests: string): string;
  /** Waits until the `count` struck requests that the server still processes after the client gave up have landed. */
  settle?(stack: FaultStack, count: number): Promise<void>;
  /** What else the family checks after `operation`, once the struck requests have landed. */
  check?(stack: FaultStack, operation: ResourceOperation): void | Promise<void>;
}

const REPEATED_REQUESTS = [
  { itAll: itUpdatesAll, operation: "update", verb: (shape: ReleaseShape) => `updates ${updated(shape)}` },
  { itAll: itRefreshesAll, operation: "read", verb: () => `refreshes all ${2 * ROOM_COUNT} resources` },
  { itAll: itDestroysAll, operation: "delete", verb: () => `deletes all ${2 * ROOM_COUNT} resources` },
] as const;

const REQUEST_WORDS: Record<string, string> = { GET: "reads", PATCH: "PATCHes", PUT: "PUTs", DELETE: "DELETEs" };

/** The kinds of request an operation of the stack sends, for test names: `PATCHes and PUTs`. */
function requestWords(targets: RequestTarget[]): string {
  return [...new Set(targets.map((target) => REQUEST_WORDS[target.method]!))].join(" and ");
}

/**
 * Update, refresh and destroy under a request fault striking `fault.struck` requests of each kind the operation sends
 * on this release (room PATCHes and invite PUTs; reads; DELETEs): each operation completes for every resource, and the
 * controller received each struck request twice.
 */
export function itRepeatsStruckRequests(stack: () => FaultStack, shape: ReleaseShape, fault: RequestFault): void {
  for (const { itAll, operation, verb } of REPEATED_REQUESTS) {
    const targets = requestsOf(shape, operation as ResourceOperation, { room: ROOM_COUNT, invite: ROOM_COUNT });
    itAll(stack, `${verb(shape)}, ${fault.repeating(requestWords(targets))}`, {
      strike: (s, run) => {
        for (const target of targets) fault.inject(s, { service: "controller", ...target });
        return run();
      },
      check: async (s) => {
        await fault.settle?.(s, targets.length * fault.struck);
        for (const target of targets) {
          assert.strictEqual(s.received(target.method, target.path), target.count + fault.struck, `${fault.struck} of the ${target.method} ${target.path} requests repeated`);
        }
        await fault.check?.(s, operation as ResourceOperation);
      },
    });
  }
}

/**
 * The create faults of the request families strike `struck` room creates and as many guest-link creates. The rooms
 * fail, and their guest links are skipped; a guest link's create fails only where it is a POST (invite codes) — on
 * 0.35 it is a read of the room, repeated like any read. No create was sent twice (a POST is never repeated).
 */
export function assertStruckCreatesFailed(stack: FaultStack, run: RunReport, struck = 3): void {
  const failedInvites = stack.shape.inviteCodes ? struck : 0;
  assert.deepStrictEqual(opsOf(run), { create: stack.resourceCount - 2 * struck - failedInvites, "create!": struck + failedInvites, skipped: struck });
  assert.strictEqual(stack.received("POST", stack.shape.requests.room.create!.path), ROOM_COUNT, "each room POSTed once: no create repeated");
  const inviteCreate = stack.shape.requests.invite.create!;
  const sent = ROOM_COUNT - struck + (stack.shape.inviteCodes ? 0 : struck);
  assert.strictEqual(stack.received(inviteCreate.method, inviteCreate.path), sent, `guest links: ${inviteCreate.method} ${inviteCreate.path} sent ${sent} times`);
}

/** After assertStruckCreatesFailed: the next run creates the missing resources and converges to `books`. */
export async function assertNextRunCreatesTheRest(stack: FaultStack, books: Accounting = CLEAN, struck = 3): Promise<void> {
  const missing = 2 * struck + (stack.shape.inviteCodes ? struck : 0);
  const { second } = await assertConverges(stack, 1, books);
  assert.deepStrictEqual(opsOf(second), { same: stack.resourceCount - missing, create: missing });
}
