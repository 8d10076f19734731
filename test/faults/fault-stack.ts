// The fault matrix's shared stack: 25 OpenTalkRooms, each with one OpenTalkInvite (50 resources) — optionally a few
// OpenTalkMeetings besides — run through the real dynamic-provider host against the sandbox imitating one released
// controller, and the books (fault-books.ts) that compare what the sandbox holds with what the state records. Why
// rooms *and* guest links rather than 50 rooms: both providers are exercised, and the guest links depend on their rooms
// as in a real program; what a guest link sends differs by release (release-shape.ts).
//
// A run is ordered as the engine orders a program with dependencies: all rooms (and meetings) at once, then the guest
// links of the rooms that succeeded (a link whose room failed is skipped, as Pulumi skips dependents of a failed
// resource). Destroy runs in reverse: guest links and meetings, then the rooms whose guest links are gone.
import * as assert from "assert";
import type { ConfigValue, DynamicHost } from "../harness/dynamic-host";
import { HostEngine, type ResourceGoal, type StepOp, type StepResult } from "../harness/engine";
import { startSandbox, type ControllerVersion, type Sandbox, type SandboxOptions } from "../sandbox";
import { installPackage, inviteGoal, meetingGoal, PROJECT, roomGoal, stackConfig, startHostIn, type InstalledPackage } from "../support/host-fixture";
import { account, CLEAN, nameOf, removeOrphans, TYPES, type Accounting } from "./fault-books";
import { declared, shapeOf, type ReleaseShape, type ResourceKind, type StackVersion } from "./release-shape";

export { CLEAN, nameOf, type Accounting } from "./fault-books";
export { PATHS, type StackVersion } from "./release-shape";

export const ROOM_COUNT = 25;

const pad = (i: number) => String(i).padStart(2, "0");
export const roomName = (i: number) => `r${pad(i)}`;
export const inviteName = (i: number) => `i${pad(i)}`;
export const meetingName = (i: number) => `m${pad(i)}`;

/** What one run did: every step the engine took, and the guest links it could not register because their room failed. */
export interface RunReport {
  steps: StepResult[];
  skipped: string[];
}

export interface StepFailure {
  name: string;
  kind: ResourceKind;
  op: StepOp;
  message: string;
}

function kindOf(urn: string): ResourceKind {
  if (urn.includes(":Room::")) return "room";
  return urn.includes(":Meeting::") ? "meeting" : "invite";
}

export function failuresOf(run: RunReport): StepFailure[] {
  return run.steps
    .filter((step) => !step.ok)
    .map((step): StepFailure => ({ name: nameOf(step), kind: kindOf(step.urn), op: step.op, message: step.error?.message ?? "(no message)" }))
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

export interface FaultStackOptions {
  /** The released controller the sandbox imitates. */
  release: ControllerVersion;
  /** OpenTalkMeetings besides the rooms and guest links; default none. */
  meetings?: number;
  sandbox?: Omit<SandboxOptions, "controllerVersion">;
  /** Extra stack config, e.g. `{ "opentalk:requestTimeoutMs": "400" }`. */
  config?: Record<string, ConfigValue>;
}

let installed: InstalledPackage | undefined;

/** The built package, installed into the fault stack's program directory once per test process. */
function installedOnce(): InstalledPackage {
  installed ??= installPackage("faults");
  return installed;
}

/**
 * One sandbox, one host and one engine for a `describe`:
 *   const stack = useFaultStack({ release });
 *   it("…", async () => { await stack().converge(1); stack().sandbox.addFault(…); const run = await stack().up(2); … });
 */
export function useFaultStack(options: FaultStackOptions): () => FaultStack {
  let stack: FaultStack | undefined;
  before(async function () {
    this.timeout(30_000);
    const sandbox = await startSandbox({ ...options.sandbox, controllerVersion: options.release });
    const pkg = installedOnce();
    const host = await startHostIn(pkg.dir);
    stack = new FaultStack(sandbox, pkg, host, { ...stackConfig(sandbox), ...options.config }, shapeOf(options.release), options.meetings ?? 0);
  });
  afterEach(() => stack?.sandbox.clearFaults());
  // Nothing to clean up on the server: the sandbox, and all it holds, ends with the describe.
  after(async function () {
    this.timeout(30_000);
    await stack?.host.close();
    await stack?.sandbox.close();
  });
  return () => {
    if (!stack) throw new Error("the fault stack is not started yet (use it inside a test or hook)");
    return stack;
  };
}

export class FaultStack {
  readonly engine: HostEngine;
  /** Inputs a test added to single resources, as a user edits the program (`adoptRoomId` after an ambiguous create). */
  private readonly extraInputs = new Map<string, Record<string, unknown>>();

  constructor(
    readonly sandbox: Sandbox,
    readonly pkg: InstalledPackage,
    public host: DynamicHost,
    readonly config: Record<string, ConfigValue>,
    readonly shape: ReleaseShape,
    readonly meetingCount: number,
  ) {
    this.engine = new HostEngine(host, { project: PROJECT, config });
  }

  /** How many resources of each kind the stack declares. */
  get counts(): Record<ResourceKind, number> {
    return { room: ROOM_COUNT, invite: ROOM_COUNT, meeting: this.meetingCount };
  }

  get resourceCount(): number {
    return 2 * ROOM_COUNT + this.meetingCount;
  }

  /** Declares these inputs for one resource from now on, besides its version's (`{}`: none), as a user edits the program. */
  declare(name: string, inputs: Record<string, unknown>): void {
    this.extraInputs.set(name, inputs);
  }

  /**
   * One `pulumi up` of the stack at `version`: the rooms and meetings, then the guest links of the rooms that
   * succeeded. `between` runs after the rooms, for faults that should strike mid-run.
   */
  async up(version: StackVersion, between?: () => void | Promise<void>): Promise<RunReport> {
    const extra = (name: string) => this.extraInputs.get(name) ?? {};
    const meetings = Array.from({ length: this.meetingCount }, (_, i) =>
      this.engine.register(meetingGoal(this.pkg.shims, meetingName(i), { ...declared.meeting(meetingName(i), version), ...extra(meetingName(i)) })),
    );
    const rooms = await Promise.all(
      Array.from({ length: ROOM_COUNT }, (_, i) =>
        this.engine.register(roomGoal(this.pkg.shims, roomName(i), { ...declared.room(this.shape, roomName(i), version), ...extra(roomName(i)) })),
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
        return this.engine.register(inviteGoal(this.pkg.shims, inviteName(i), declared.invite(this.shape, room.outputs!.roomId as string, version)));
      }),
    );
    const steps = [...(await Promise.all(meetings)), ...rooms, ...invites.filter((step): step is StepResult => step !== undefined)];
    return { steps, skipped: skipped.sort() };
  }

  async refresh(): Promise<RunReport> {
    return { steps: await this.engine.refresh(), skipped: [] };
  }

  /**
   * `pulumi destroy` in dependency order: the guest links and meetings, then every room none of whose guest links is
   * still recorded. `between` runs after the first of these.
   */
  async destroy(between?: () => void | Promise<void>): Promise<RunReport> {
    const first = await this.deleteRecorded([...this.recorded(TYPES.invite), ...this.recorded(TYPES.meeting)]);
    await between?.();
    const keptRooms = new Set(this.recorded(TYPES.invite).map((invite) => invite.outputs.roomId as string));
    const rooms = await this.deleteRecorded(this.recorded(TYPES.room).filter((room) => !keptRooms.has(room.id)));
    return { steps: [...first, ...rooms], skipped: [] };
  }

  /** A fault-free `up` to `version`, which must complete; then no server object the state does not know. */
  async converge(version: StackVersion): Promise<void> {
    const run = await this.up(version);
    assert.deepStrictEqual(failuresOf(run), [], "the stack converges without faults");
    this.removeOrphans();
    assert.deepStrictEqual(this.account(), CLEAN);
  }

  /** No resources recorded and none of the user's rooms or meetings left on the server. */
  async empty(): Promise<void> {
    const run = await this.destroy();
    assert.deepStrictEqual(failuresOf(run), [], "the stack is destroyed without faults");
    this.removeOrphans();
    assert.deepStrictEqual(this.engine.resources(), []);
  }

  /**
   * The next `pulumi up` in a new process, as after `pulumi config set`: a new host (so a new client, login and release
   * probe) with the stack config changed by `overrides` (an undefined value removes a key), or restored without.
   */
  async restartHost(overrides?: Record<string, ConfigValue | undefined>): Promise<void> {
    const config = { ...this.config };
    for (const [key, value] of Object.entries(overrides ?? {})) {
      if (value === undefined) delete config[key];
      else config[key] = value;
    }
    await this.host.close();
    this.host = await startHostIn(this.pkg.dir);
    this.engine.useHost(this.host, config);
  }

  removeOrphans(): void {
    removeOrphans(this.sandbox, this.shape, this.engine.resources());
  }

  account(): Accounting {
    return account(this.sandbox, this.shape, this.engine.resources());
  }

  /** Requests the controller received (dropped ones included), by method and a path pattern. */
  received(method: string, path: RegExp | string): number {
    const pattern = typeof path === "string" ? new RegExp(path) : path;
    return this.sandbox.requests({ service: "controller", method }).filter((request) => pattern.test(request.path)).length;
  }

  /** Token grants Keycloak answered with this status. */
  tokenGrants(status: number): number {
    return this.sandbox.requests({ service: "keycloak", method: "POST" }).filter((r) => r.path.endsWith("/token") && r.status === status).length;
  }

  private recorded(type: string) {
    return this.engine.resources().filter((resource) => resource.type === type);
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

  private goalFor(resource: { urn: string; type: string; inputs: Record<string, unknown> }): ResourceGoal {
    const { __provider: _provider, ...inputs } = resource.inputs;
    const goal = { [TYPES.room]: roomGoal, [TYPES.invite]: inviteGoal, [TYPES.meeting]: meetingGoal }[resource.type]!;
    return goal(this.pkg.shims, nameOf(resource), inputs);
  }
}
