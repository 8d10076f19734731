// The fault matrix's shared stack: 25 OpenTalkRooms, each with one OpenTalkInvite (50 resources), run through the
// real dynamic-provider host against the sandbox, plus the books that compare what the sandbox holds with what the
// state records. Why rooms *and* invites rather than 50 rooms: both providers are exercised, each with its own
// non-idempotent create (POST /v1/rooms, POST …/invites), its own update verb (PATCH vs PUT) and its own delete (a
// hard delete vs the controller's soft delete), and the invites depend on their rooms as in a real program.
//
// Every room carries a password naming its resource (`fault-r07-v1`), so any room on the server — recorded or not —
// can be traced to the resource it was created for. That is what lets the books say "resource r07 has two rooms"
// (a duplicate) or "this room was made for r07 but the state does not know it" (an orphan), rather than only
// counting. An invite is traced through its room: a guest link in r07's room belongs to i07.
//
// A run is ordered as the engine orders a program with dependencies: all rooms at once, then the invites of the rooms
// that succeeded (an invite whose room failed is skipped, as Pulumi skips dependents of a failed resource). Destroy
// runs in reverse: invites, then the rooms whose invites are gone.
import * as assert from "assert";
import { inviteId } from "../../provider/runtime/invite-provider";
import type { ConfigValue, DynamicHost } from "../harness/dynamic-host";
import { HostEngine, type StepOp, type StepResult } from "../harness/engine";
import { startSandbox, type Sandbox, type SandboxOptions } from "../sandbox";
import { installPackage, inviteGoal, PROJECT, roomGoal, stackConfig, startHostIn, type InstalledPackage } from "../support/host-fixture";

export const ROOM_COUNT = 25;
export const RESOURCE_COUNT = 2 * ROOM_COUNT;

export type StackVersion = 1 | 2;

const ROOM_TYPE = "pulumi-nodejs:dynamic/opentalk:Room";
const INVITE_TYPE = "pulumi-nodejs:dynamic/opentalk:Invite";
const EXPIRY: Record<StackVersion, string> = { 1: "2031-01-01T00:00:00Z", 2: "2032-06-30T12:00:00Z" };
const ROOM_TAG = /^fault-(r\d{2})-v\d$/;

/** Fault `path` patterns for the requests of each operation (the sandbox matches them against the raw path). */
export const PATHS = {
  roomCreate: "^/v1/rooms$",
  inviteCreate: "^/v1/rooms/[^/]+/invites$",
  /** GET, PATCH, DELETE of one room. */
  room: "^/v1/rooms/[^/]+$",
  /** GET, PUT, DELETE of one invite. */
  invite: "^/v1/rooms/[^/]+/invites/[^/]+$",
} as const;

const pad = (i: number) => String(i).padStart(2, "0");
export const roomName = (i: number) => `r${pad(i)}`;
export const inviteName = (i: number) => `i${pad(i)}`;
const inviteNameOfRoom = (room: string) => `i${room.slice(1)}`;

/** What one run did: every step the engine took, and the invites it could not register because their room failed. */
export interface RunReport {
  steps: StepResult[];
  skipped: string[];
}

export interface StepFailure {
  name: string;
  kind: "room" | "invite";
  op: StepOp;
  message: string;
}

export function nameOf(step: Pick<StepResult, "urn">): string {
  return step.urn.split("::").pop()!;
}

export function failuresOf(run: RunReport): StepFailure[] {
  return run.steps
    .filter((step) => !step.ok)
    .map((step): StepFailure => ({
      name: nameOf(step),
      kind: step.urn.includes(":Room::") ? "room" : "invite",
      op: step.op,
      message: step.error?.message ?? "(no message)",
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** `{ create: 50 }`, `{ same: 50 }`, …: how many steps of each kind, counting failed ones as `op!`. */
export function opsOf(run: RunReport): Record<string, number> {
  const ops: Record<string, number> = {};
  for (const step of run.steps) {
    const key = step.ok ? step.op : `${step.op}!`;
    ops[key] = (ops[key] ?? 0) + 1;
  }
  if (run.skipped.length) ops.skipped = run.skipped.length;
  return ops;
}

/** The run completed: every one of the 50 resources took a successful `op` step. */
export function assertAll(run: RunReport, op: StepOp): void {
  assert.deepStrictEqual(failuresOf(run), [], "no step failed");
  assert.deepStrictEqual(opsOf(run), { [op]: RESOURCE_COUNT });
}

/**
 * The books: the user's rooms and active guest links on the server, against the rooms and invites in the state.
 * Names are resource names (r07, i07), found through the room passwords.
 */
export interface Accounting {
  /** Server objects made for a resource that the state does not know. */
  orphanRooms: string[];
  orphanInvites: string[];
  /** State entries with nothing (active) behind them on the server. */
  missingRooms: string[];
  missingInvites: string[];
  /** Resources with more than one room, or more than one active guest link, on the server. */
  duplicateRooms: string[];
  duplicateInvites: string[];
}

export const CLEAN: Accounting = {
  orphanRooms: [],
  orphanInvites: [],
  missingRooms: [],
  missingInvites: [],
  duplicateRooms: [],
  duplicateInvites: [],
};

export interface FaultStackOptions {
  sandbox?: SandboxOptions;
  /** Extra stack config, e.g. `{ "opentalk:requestTimeoutMs": "400" }`. */
  config?: Record<string, ConfigValue>;
}

/**
 * One sandbox, one host and one engine for a `describe`; the stack it manages is the 50-resource stack above.
 *   const stack = useFaultStack();
 *   it("…", async () => { await stack().converge(1); stack().sandbox.addFault(…); const run = await stack().up(2); … });
 */
export function useFaultStack(options: FaultStackOptions = {}): () => FaultStack {
  let stack: FaultStack | undefined;
  before(async function () {
    this.timeout(30_000);
    const sandbox = await startSandbox(options.sandbox ?? {});
    const pkg = installPackage("faults");
    const host = await startHostIn(pkg.dir);
    stack = new FaultStack(sandbox, pkg, host, { ...stackConfig(sandbox), ...options.config });
  });
  afterEach(() => stack?.sandbox.clearFaults());
  after(async function () {
    this.timeout(30_000);
    if (!stack) return;
    stack.sandbox.clearFaults();
    await stack.destroy().catch(() => undefined);
    await stack.host.close();
    await stack.sandbox.close();
  });
  return () => {
    if (!stack) throw new Error("the fault stack is not started yet (use it inside a test or hook)");
    return stack;
  };
}

export class FaultStack {
  readonly engine: HostEngine;

  constructor(
    readonly sandbox: Sandbox,
    readonly pkg: InstalledPackage,
    readonly host: DynamicHost,
    config: Record<string, ConfigValue>,
  ) {
    this.engine = new HostEngine(host, { project: PROJECT, config });
  }

  /**
   * One `pulumi up` of the stack at `version`: the rooms, then the invites of the rooms that succeeded. `between`
   * runs after the rooms, for faults that should strike mid-run.
   */
  async up(version: StackVersion, between?: () => void | Promise<void>): Promise<RunReport> {
    const rooms = await Promise.all(
      Array.from({ length: ROOM_COUNT }, (_, i) =>
        this.engine.register(roomGoal(this.pkg.shims, roomName(i), { password: `fault-${roomName(i)}-v${version}`, waitingRoom: version === 2 })),
      ),
    );
    await between?.();
    const skipped: string[] = [];
    const invites = await Promise.all(
      rooms.map((room, i) => {
        if (!room.ok) {
          skipped.push(inviteName(i));
          return undefined;
        }
        return this.engine.register(inviteGoal(this.pkg.shims, inviteName(i), { roomId: room.outputs!.roomId, expiresAt: EXPIRY[version] }));
      }),
    );
    const steps = [...rooms, ...invites.filter((step): step is StepResult => step !== undefined)];
    return { steps, skipped: skipped.sort() };
  }

  async refresh(): Promise<RunReport> {
    return { steps: await this.engine.refresh(), skipped: [] };
  }

  /**
   * `pulumi destroy` in dependency order: the invites, then every room none of whose invites is still recorded.
   * `between` runs after the invites.
   */
  async destroy(between?: () => void | Promise<void>): Promise<RunReport> {
    const invites = await this.deleteRecorded(this.recorded(INVITE_TYPE));
    await between?.();
    const keptRooms = new Set(this.recorded(INVITE_TYPE).map((invite) => invite.outputs.roomId as string));
    const rooms = await this.deleteRecorded(this.recorded(ROOM_TYPE).filter((room) => !keptRooms.has(room.id)));
    return { steps: [...invites, ...rooms], skipped: [] };
  }

  /** A fault-free `up` to `version`, which must complete; then no server object the state does not know. */
  async converge(version: StackVersion): Promise<void> {
    const run = await this.up(version);
    assert.deepStrictEqual(failuresOf(run), [], "the stack converges without faults");
    this.removeOrphans();
    assert.deepStrictEqual(this.account(), CLEAN);
  }

  /** No resources recorded and none of the user's rooms left on the server. */
  async empty(): Promise<void> {
    const run = await this.destroy();
    assert.deepStrictEqual(failuresOf(run), [], "the stack is destroyed without faults");
    this.removeOrphans();
    assert.deepStrictEqual(this.engine.resources(), []);
  }

  /** Deletes rooms and guest links the state does not know (left by an ambiguous create), so the next test starts clean. */
  removeOrphans(): void {
    const recordedRooms = new Set(this.recorded(ROOM_TYPE).map((room) => room.id));
    const recordedInvites = new Set(this.recorded(INVITE_TYPE).map((invite) => invite.id));
    for (const room of this.userRooms()) {
      if (!recordedRooms.has(room.id)) {
        this.sandbox.store.deleteRoom(room.id);
        continue;
      }
      for (const invite of this.activeInvites(room.id)) {
        if (!recordedInvites.has(inviteId(invite.code))) this.sandbox.store.deactivateInvite(room.id, invite.code);
      }
    }
  }

  account(): Accounting {
    const rooms = this.userRooms();
    const stateRooms = new Set(this.recorded(ROOM_TYPE).map((room) => room.id));
    const stateInvites = new Set(this.recorded(INVITE_TYPE).map((invite) => invite.id));
    const serverRooms = new Set(rooms.map((room) => room.id));
    const serverInvites = new Set<string>();
    const books: Accounting = { orphanRooms: [], orphanInvites: [], missingRooms: [], missingInvites: [], duplicateRooms: [], duplicateInvites: [] };
    const roomsPerResource = new Map<string, number>();
    for (const room of rooms) {
      const name = ROOM_TAG.exec(room.password ?? "")?.[1] ?? `untagged room ${room.id}`;
      roomsPerResource.set(name, (roomsPerResource.get(name) ?? 0) + 1);
      if (!stateRooms.has(room.id)) books.orphanRooms.push(name);
      const invites = this.activeInvites(room.id);
      if (invites.length > 1) books.duplicateInvites.push(inviteNameOfRoom(name));
      for (const invite of invites) {
        const id = inviteId(invite.code);
        serverInvites.add(id);
        if (!stateInvites.has(id)) books.orphanInvites.push(inviteNameOfRoom(name));
      }
    }
    books.duplicateRooms = [...roomsPerResource].filter(([, count]) => count > 1).map(([name]) => name);
    for (const room of this.recorded(ROOM_TYPE)) if (!serverRooms.has(room.id)) books.missingRooms.push(nameOf(room));
    for (const invite of this.recorded(INVITE_TYPE)) if (!serverInvites.has(invite.id)) books.missingInvites.push(nameOf(invite));
    for (const list of Object.values(books)) (list as string[]).sort();
    return books;
  }

  /** Requests the controller received (dropped ones included), by method and a path pattern. */
  received(method: string, path: RegExp): number {
    return this.sandbox.requests({ service: "controller", method }).filter((request) => path.test(request.path)).length;
  }

  /** Token grants Keycloak answered with this status. */
  tokenGrants(status: number): number {
    return this.sandbox.requests({ service: "keycloak", method: "POST" }).filter((r) => r.path.endsWith("/token") && r.status === status).length;
  }

  private recorded(type: string) {
    return this.engine.state().resources.filter((resource) => resource.type === type);
  }

  private userRooms() {
    const user = this.sandbox.store.user(this.sandbox.username);
    return user ? this.sandbox.store.roomsOwnedBy(user.id) : [];
  }

  private activeInvites(roomId: string) {
    return this.sandbox.store
      .invites(roomId)
      .filter((invite) => invite.active && (invite.expiration === null || Date.parse(invite.expiration) > Date.now()));
  }

  /**
   * Deletes recorded resources concurrently through `up` with the stack shrunk to the rest, as the engine deletes
   * resources dropped from a program. The rest are registered with their recorded inputs, which must diff as "same"
   * (checked first by a preview, which makes no API call): a destroy must not update anything.
   */
  private async deleteRecorded(resources: { urn: string }[]): Promise<StepResult[]> {
    if (resources.length === 0) return [];
    const doomed = new Set(resources.map((resource) => resource.urn));
    const keep = this.engine.resources().filter((resource) => !doomed.has(resource.urn)).map((resource) => this.goalFor(resource));
    const changing = (await this.engine.preview(keep)).filter((step) => step.op !== "same" && step.op !== "delete");
    if (changing.length > 0) {
      throw new Error(`destroy() would change ${changing.map(nameOf).join(", ")} on the way (recorded inputs differ, e.g. after a refresh): run up() first`);
    }
    const steps = await this.engine.up(keep);
    return steps.filter((step) => step.op === "delete");
  }

  private goalFor(resource: { urn: string; type: string; inputs: Record<string, unknown> }) {
    const { __provider: _provider, ...inputs } = resource.inputs;
    return resource.type === ROOM_TYPE ? roomGoal(this.pkg.shims, nameOf(resource), inputs) : inviteGoal(this.pkg.shims, nameOf(resource), inputs);
  }
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
  assertAll(third, "same");
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

/** The statuses named in failure messages such as "answered 503 to POST /v1/rooms". */
export function statusesIn(failures: StepFailure[]): number[] {
  return failures.map((failure) => Number(/answered (\d{3}) to/.exec(failure.message)?.[1])).sort();
}

/**
 * The refresh completed for all 50 resources and found them as recorded: every output as before. (A room's step
 * may still be "refresh-update": read() returns normalized inputs — defaults filled in, the password left out so a
 * password set in the web UI cannot land in the state unencrypted — which differ from the program's inputs.)
 */
export function assertRefreshedUnchanged(run: RunReport, outputsBefore: Map<string, Record<string, unknown>>): void {
  assert.deepStrictEqual(failuresOf(run), [], "no read failed");
  assert.strictEqual(run.steps.length, RESOURCE_COUNT);
  for (const step of run.steps) {
    assert.ok(step.op === "refresh-same" || step.op === "refresh-update", `${nameOf(step)}: ${step.op}`);
    assert.deepStrictEqual(step.outputs, outputsBefore.get(step.urn), `${nameOf(step)}: outputs unchanged`);
  }
}

export function outputsOf(stack: FaultStack): Map<string, Record<string, unknown>> {
  return new Map(stack.engine.resources().map((resource) => [resource.urn, resource.outputs]));
}
