// What the benchmark's stack must cost, whoever drives it: N rooms with one guest link each and M meetings, the API
// calls each phase needs for them (the floor: one per room, one per guest link), at which dependency level, and from
// those the physical limit of a phase — the time no client can beat at latency L and parallelism P.
import type { ControllerProfile } from "../sandbox";
import type { PhaseName } from "./measurements";

export type ResourceKind = "room" | "invite" | "meeting";

export interface Workload {
  /** N: rooms, each with one guest link (OpenTalkInvite). */
  rooms: number;
  /** M: meetings (OpenTalkMeeting, an event with its own room). */
  meetings: number;
  /**
   * Guest links are invite codes on the server (up to 0.34: one POST …/invites per link), or the room link itself
   * (0.35 removed the invite API: the provider reads the room once to see whether it lets guests in, and writes nothing).
   */
  inviteCodes: boolean;
  /**
   * The owner may read a room's dial-in config (0.34+), so a meeting's create and read also GET …/sip after the event:
   * POST /v1/events always gives the room a SIP config, and only that GET says whether its lobby is on.
   */
  meetingSipReadable: boolean;
}

export function workloadOf(profile: ControllerProfile, rooms: number, meetings: number): Workload {
  return { rooms, meetings, inviteCodes: profile.inviteApi !== "gone", meetingSipReadable: profile.sipForOwners };
}

export function resourceCount(workload: Workload): number {
  return 2 * workload.rooms + workload.meetings;
}

/**
 * Calls that wait for nothing but the engine have level 1; a call that needs the answer of another (a guest link needs
 * its room's id; a meeting's SIP read needs the event's room) has the level after it. Destroy runs the other way: a
 * room is deleted after its guest link.
 */
export interface PlannedCall {
  endpoint: string;
  kind: ResourceKind;
  count: number;
  level: number;
}

export function plannedCalls(phase: PhaseName, w: Workload): PlannedCall[] {
  const { rooms: n, meetings: m } = w;
  const sip = w.meetingSipReadable ? m : 0;
  const calls: PlannedCall[] = (() => {
    switch (phase) {
      case "create":
        return [
          { endpoint: "POST /v1/rooms", kind: "room", count: n, level: 1 },
          { endpoint: "POST /v1/events", kind: "meeting", count: m, level: 1 },
          w.inviteCodes
            ? { endpoint: "POST /v1/rooms/:id/invites", kind: "invite", count: n, level: 2 }
            : { endpoint: "GET /v1/rooms/:id", kind: "invite", count: n, level: 2 },
          { endpoint: "GET /v1/rooms/:id/sip", kind: "meeting", count: sip, level: 2 },
        ];
      case "diff":
        return [];
      case "refresh":
        return [
          { endpoint: "GET /v1/rooms/:id", kind: "room", count: n, level: 1 },
          { endpoint: w.inviteCodes ? "GET /v1/rooms/:id/invites/:code" : "GET /v1/rooms/:id", kind: "invite", count: n, level: 1 },
          { endpoint: "GET /v1/events/:id", kind: "meeting", count: m, level: 1 },
          { endpoint: "GET /v1/rooms/:id/sip", kind: "meeting", count: sip, level: 2 },
        ];
      case "update":
        return [
          { endpoint: "PATCH /v1/rooms/:id", kind: "room", count: n, level: 1 },
          { endpoint: "PATCH /v1/events/:id", kind: "meeting", count: m, level: 1 },
        ];
      case "destroy":
        return [
          // 0.35 cannot revoke a guest link (it is the room link): its Delete only warns.
          { endpoint: "DELETE /v1/rooms/:id/invites/:code", kind: "invite", count: w.inviteCodes ? n : 0, level: 1 },
          { endpoint: "DELETE /v1/events/:id", kind: "meeting", count: m, level: 1 },
          { endpoint: "DELETE /v1/rooms/:id", kind: "room", count: n, level: 2 },
        ];
    }
  })();
  return calls.filter((call) => call.count > 0);
}

/** Planned calls summed per endpoint (on 0.35 a room's read and its guest link's are the same GET). */
export function plannedEndpoints(phase: PhaseName, w: Workload): Record<string, number> {
  const endpoints: Record<string, number> = {};
  for (const call of plannedCalls(phase, w)) endpoints[call.endpoint] = (endpoints[call.endpoint] ?? 0) + call.count;
  return endpoints;
}

/**
 * What a fresh process must ask before its first write, at its depth in the chain when each request waits for the one
 * it needs: the controller's API document, then its login provider and (anonymously, side by side) its release, then
 * Keycloak's OpenID configuration, the token, and the controller login with the ID token. The web frontend's
 * discovery document comes first but is answered at once by the sandbox (no latency), so it adds nothing.
 */
const SETUP_DEPTH: Array<[RegExp, number]> = [
  [/^GET \/\.well-known\/opentalk\/client$/, 0],
  [/^GET \/\.well-known\/opentalk\/api$/, 1],
  [/^GET \/v1\/auth\/login$/, 2],
  [/^GET \/v1\/openapi\.json$/, 2],
  [/^GET \/.*\/\.well-known\/openid-configuration$/, 3],
  [/^POST \/.*\/protocol\/openid-connect\/token$/, 4],
  [/^POST \/v1\/auth\/login$/, 5],
];

/**
 * Asked once per process, not per resource: the user's tariff (guests allowed? dial-in?), and who the user is (a read
 * refuses a room or meeting the user only sees as an invitee). Each overlaps level 1.
 */
export const ONCE_PER_PROCESS = ["GET /v1/users/me/tariff", "GET /v1/users/me"];

/** A token renewal: a grant, then the controller login with the new ID token. Not on any resource's path. */
export const TOKEN_RENEWAL = [/^POST \/.*\/protocol\/openid-connect\/token$/, /^POST \/v1\/auth\/login$/];

export interface CallAudit {
  /** Requests the phase's resources needed (planned endpoints, as far as they were made). */
  resourceRequests: number;
  /** Planned endpoints whose count differs: `{ endpoint: [made, planned] }`. */
  mismatched: Record<string, [number, number]>;
  /** Endpoints outside the plan, discovery, the once-per-process calls and token renewals. */
  unplanned: Record<string, number>;
  /** Depth of the discovery chain when the phase started a process's conversation (0 otherwise). */
  setupDepth: number;
  /** Once-per-process calls made in this phase. */
  oncePerProcess: number;
}

/** Compares what reached the controller and Keycloak (`METHOD /path` → count) with the plan. */
export function auditCalls(phase: PhaseName, w: Workload, endpoints: Record<string, number>): CallAudit {
  const planned = plannedEndpoints(phase, w);
  const audit: CallAudit = { resourceRequests: 0, mismatched: {}, unplanned: {}, setupDepth: 0, oncePerProcess: 0 };
  const discovered = (endpoints["GET /.well-known/opentalk/api"] ?? 0) > 0;
  for (const [endpoint, made] of Object.entries(endpoints)) {
    if (endpoint in planned) {
      audit.resourceRequests += made;
      if (made !== planned[endpoint]) audit.mismatched[endpoint] = [made, planned[endpoint]];
    } else if (ONCE_PER_PROCESS.includes(endpoint)) {
      audit.oncePerProcess += made;
      if (made > 1) audit.unplanned[endpoint] = made - 1;
    } else if (discovered && SETUP_DEPTH.some(([pattern]) => pattern.test(endpoint))) {
      audit.setupDepth = Math.max(audit.setupDepth, SETUP_DEPTH.find(([pattern]) => pattern.test(endpoint))![1]);
    } else if (!TOKEN_RENEWAL.some((pattern) => pattern.test(endpoint))) {
      audit.unplanned[endpoint] = made;
    }
  }
  for (const [endpoint, count] of Object.entries(planned)) {
    if (!(endpoint in endpoints)) audit.mismatched[endpoint] = [0, count];
  }
  return audit;
}

export interface PhaseLimit {
  /** Requests per dependency level (index 0 = level 1), once-per-process calls counted at level 1. */
  levels: number[];
  /** Round trips: discovery depth + Σ ⌈requests at the level / P⌉. */
  roundTrips: number;
  /** roundTrips × L. */
  latencyMs: number;
  /** The no-op provider's time for the same phase in the same run. */
  floorMs: number;
  /** latencyMs + floorMs. */
  totalMs: number;
}

/**
 * The physical limit of a phase: Σ over its dependency levels of ⌈requests at that level / P⌉ × L, plus the discovery
 * chain of a fresh process, plus the no-op floor (what Pulumi's host and steps cost with no provider work at all).
 * Only the planned calls count: any request beyond them is the provider's own cost.
 */
export function phaseLimit(phase: PhaseName, w: Workload, audit: CallAudit, parallelism: number, latencyMs: number, floorMs: number): PhaseLimit {
  const levels: number[] = [];
  for (const call of plannedCalls(phase, w)) levels[call.level - 1] = (levels[call.level - 1] ?? 0) + call.count;
  if (audit.oncePerProcess > 0) levels[0] = (levels[0] ?? 0) + Math.min(1, audit.oncePerProcess);
  const filled = Array.from(levels, (count) => count ?? 0);
  const roundTrips = audit.setupDepth + filled.reduce((sum, count) => sum + Math.ceil(count / parallelism), 0);
  return { levels: filled, roundTrips, latencyMs: roundTrips * latencyMs, floorMs, totalMs: roundTrips * latencyMs + floorMs };
}
