// The quick version of `npm run bench -- --latency-ms 20`: N = 50 rooms with a guest link each and 10 meetings, 20 ms
// on every controller and Keycloak answer, the engine's parallelism 16, on OpenTalk 0.34 (guest links are invite
// codes) and 0.35 (the room link), with a 2 s token so that it must be renewed several times mid-run. It asserts what
// does not depend on the machine — which requests were made, how many token grants, how many requests the controller
// saw at once, how many connections — and never a time.
import * as assert from "assert";
import { runBenchmark, type BenchmarkResult } from "./benchmark";
import { endpointCount, PHASES, type PhaseName, type ProviderPhase, type RunResult } from "./measurements";
import { formatTable } from "./report";
import { parseArguments } from "./run-benchmark";
import { EXTRA_CONNECTIONS, EXTRA_IN_FLIGHT, evaluateTargets, maxGrants } from "./targets";
import { auditCalls, TOKEN_RENEWAL } from "./workload";

const N = 50;
const M = 10;
const P = 16;
const TOKEN_TTL_SECONDS = 2;

describe("npm run bench -- --latency-ms 20 (quick: N = 50, M = 10, P = 16)", function () {
  this.timeout(120_000);
  let result: BenchmarkResult;

  before(async () => {
    result = await runBenchmark({
      controllerVersions: ["0.34", "0.35"],
      sizes: [N],
      meetings: () => M,
      parallelisms: [P],
      latencyMs: 20,
      tokenTtlSeconds: TOKEN_TTL_SECONDS,
      warmupPairs: 5,
    });
  });

  const run = (version: "0.34" | "0.35"): RunResult => result.runs.find((r) => r.controllerVersion === version)!;
  const phase = (r: RunResult, name: PhaseName): ProviderPhase => r.provider.find((m) => m.phase === name)!;

  it("measures every phase for the provider and each baseline, with a limit per phase", () => {
    assert.deepStrictEqual(result.runs.map((r) => [r.controllerVersion, r.n, r.meetings, r.parallelism]), [["0.34", N, M, P], ["0.35", N, M, P]]);
    for (const r of result.runs) {
      for (const list of [r.provider, r.floor, r.direct, r.raw]) assert.deepStrictEqual(list.map((m) => m.phase), [...PHASES]);
      for (const name of PHASES) assert.ok(r.limit[name].totalMs >= r.limit[name].floorMs, name);
      assert.ok(r.limit.create.roundTrips >= 5 + Math.ceil((N + M) / P), "discovery, then rooms and meetings, then guest links");
      assert.strictEqual(r.ratio.diff, null, "the raw baseline makes no call for a no-change diff");
    }
  });

  it("makes exactly the planned calls in every phase: one per room, one per guest link, discovery once", () => {
    for (const r of result.runs) {
      for (const name of PHASES) {
        const audit = r.audit[name];
        assert.deepStrictEqual([audit.mismatched, audit.unplanned], [{}, {}], `${r.controllerVersion} ${name}`);
      }
      assert.strictEqual(r.audit.create.setupDepth, 5, "discovery and login in the create phase only");
      assert.strictEqual(phase(r, "create").requests.logins >= 1, true);
    }
    const invites = phase(run("0.34"), "create").requests;
    assert.strictEqual(endpointCount(invites, "POST", "/v1/rooms"), N);
    assert.strictEqual(endpointCount(invites, "POST", "/v1/rooms/:id/invites"), N, "0.34: a guest link is one POST");
    assert.strictEqual(endpointCount(invites, "POST", "/v1/events"), M);
    const roomLinks = phase(run("0.35"), "create").requests;
    assert.strictEqual(endpointCount(roomLinks, "POST", "/v1/rooms/:id/invites"), 0);
    assert.strictEqual(endpointCount(roomLinks, "GET", "/v1/rooms/:id"), N, "0.35: a guest link is one GET of its room");
    assert.strictEqual(endpointCount(phase(run("0.35"), "destroy").requests, "DELETE", "/v1/rooms/:id/invites/:code"), 0);
  });

  it("makes no request at all for a diff without changes", () => {
    for (const r of result.runs) {
      // A token renewal the refresh started may end in the diff (its controller login does, with a 2 s token): that
      // is the token's, not the diff's.
      const made = Object.keys(phase(r, "diff").requests.endpoints).filter((endpoint) => !TOKEN_RENEWAL.some((renewal) => renewal.test(endpoint)));
      assert.deepStrictEqual(made, [], r.controllerVersion);
    }
  });

  it("renews the token once per lifetime, not per request, and never sends an expired one", () => {
    for (const r of result.runs) {
      const grants = r.provider.reduce((sum, m) => sum + m.requests.tokenGrants, 0);
      const most = maxGrants(r.providerRunMs, TOKEN_TTL_SECONDS);
      assert.ok(grants >= 2, `${r.controllerVersion}: the ${TOKEN_TTL_SECONDS} s token was renewed mid-run (${grants} grants)`);
      assert.ok(grants <= most, `${r.controllerVersion}: ${grants} grants in ${r.providerRunMs.toFixed(0)} ms, at most ${most}`);
      assert.strictEqual(r.provider.reduce((sum, m) => sum + m.requests.unauthorized, 0), 0, "no 401");
      const during = r.provider.reduce((sum, m) => sum + m.traffic.controllerRequestsDuringTokenGrants, 0);
      assert.ok(during > 0, `${r.controllerVersion}: requests kept going out while the token was renewed`);
    }
  });

  it("keeps P requests in flight where the engine offers P steps", () => {
    for (const r of result.runs) {
      for (const name of ["create", "refresh", "update", "destroy"] as const) {
        const peak = phase(r, name).traffic.peakInFlight.controller;
        assert.ok(peak >= P && peak <= P + EXTRA_IN_FLIGHT, `${r.controllerVersion} ${name}: ${peak} requests at once`);
      }
    }
  });

  it("opens about one connection per step and keeps it alive", () => {
    for (const r of result.runs) {
      for (const name of ["create", "refresh", "update", "destroy"] as const) {
        const { connections } = phase(r, name).traffic;
        assert.ok(connections.controller + connections.keycloak <= P + EXTRA_CONNECTIONS, `${r.controllerVersion} ${name}: ${JSON.stringify(connections)}`);
      }
    }
  });

  it("makes the provider's calls in the raw and direct baselines, and none in the floor", () => {
    for (const r of result.runs) {
      for (const m of r.floor) assert.strictEqual(m.requests.controller, 0, `floor ${m.phase}`);
      for (const baseline of [r.raw, r.direct]) {
        for (const m of baseline) {
          const endpoints = Object.fromEntries(Object.entries(m.requests.endpoints).filter(([endpoint]) => endpoint !== "GET /.well-known/opentalk/client"));
          const audit = auditCalls(m.phase, r.workload, endpoints);
          assert.deepStrictEqual([audit.mismatched, audit.unplanned], [{}, {}], `${r.controllerVersion} ${m.phase}`);
        }
      }
    }
  });

  it("records the state size per resource kind", () => {
    const state = phase(run("0.34"), "create").state!;
    assert.strictEqual(state.resources, 2 * N + M);
    assert.ok(state.room > 0 && state.invite > 0 && state.meeting > 0);
    assert.strictEqual(phase(run("0.34"), "destroy").state, undefined);
  });

  it("prints a table and evaluates every target", () => {
    assert.strictEqual(formatTable(result).split("\n").length, 2 + PHASES.length * result.runs.length);
    const targets = evaluateTargets(result);
    assert.strictEqual(targets.length, 9);
    for (const target of targets) assert.strictEqual(typeof target.met, "boolean", target.target);
  });
});

describe("npm run bench arguments", () => {
  it("take npm's `--name value` and `--name=value`", () => {
    const args = parseArguments(["--latency-ms", "20", "--parallelism=16,8", "--controller-version", "0.34", "--rooms=1000", "--meetings", "200"]);
    assert.deepStrictEqual([args.latencyMs, args.parallelisms, args.controllerVersions, args.sizes, args.meetings], [20, [16, 8], ["0.34"], [1000], 200]);
    assert.throws(() => parseArguments(["--latency-ms"]), /needs a value/);
    assert.throws(() => parseArguments(["--controller-version", "0.31"]), /imitates/);
    assert.throws(() => parseArguments(["--jitter-ms", "5"]), /must not exceed/);
  });
});
