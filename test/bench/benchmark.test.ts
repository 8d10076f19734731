// A smoke test of `npm run bench`: the benchmark code at N = 3 and parallelism 2. It checks the shape of the result
// and the request counts that do not depend on the machine; timings and memory are reported by the benchmark, never
// asserted.
import * as assert from "assert";
import { runBenchmark, type BenchmarkResult } from "./benchmark";
import { endpointCount, PHASES, type ProviderPhase, type RunResult } from "./measurements";
import { formatTable } from "./report";
import { evaluateTargets } from "./targets";

const N = 3;

describe("npm run bench", function () {
  this.timeout(120_000);
  let result: BenchmarkResult;
  let run: RunResult;

  before(async () => {
    result = await runBenchmark({ sizes: [N], parallelisms: [2], warmupPairs: 2 });
    run = result.runs[0];
  });

  function phase(name: ProviderPhase["phase"]): ProviderPhase {
    return run.provider.find((m) => m.phase === name)!;
  }

  it("measures every phase for the provider and for each baseline", () => {
    assert.deepStrictEqual(result.runs.map((r) => [r.n, r.parallelism]), [[N, 2]]);
    for (const list of [run.provider, run.floor, run.direct, run.raw]) {
      assert.deepStrictEqual(list.map((m) => m.phase), [...PHASES]);
      for (const m of list) assert.ok(m.wallMs > 0 || m.phase === "diff", `${m.phase}: ${m.wallMs} ms`);
    }
    assert.strictEqual(run.ratio.diff, null, "the raw baseline makes no call for a no-change diff");
    assert.ok(typeof run.ratio.create === "number" && run.ratio.create > 0);
  });

  it("creates with one request per room and per invite, plus discovery and one login", () => {
    const { requests } = phase("create");
    assert.strictEqual(endpointCount(requests, "POST", "/v1/rooms"), N);
    assert.strictEqual(endpointCount(requests, "POST", "/v1/rooms/:id/invites"), N);
    assert.strictEqual(requests.logins, 1);
    assert.strictEqual(requests.tokenGrants, 1);
  });

  it("makes no request at all for a diff without changes", () => {
    const { requests } = phase("diff");
    assert.deepStrictEqual([requests.controller, requests.keycloak, requests.frontend], [0, 0, 0]);
  });

  it("refreshes with exactly one GET per resource", () => {
    const { requests } = phase("refresh");
    assert.strictEqual(requests.controller, 2 * N);
    assert.strictEqual(endpointCount(requests, "GET", "/v1/rooms/:id"), N);
    assert.strictEqual(endpointCount(requests, "GET", "/v1/rooms/:id/invites/:code"), N);
    assert.deepStrictEqual([requests.keycloak, requests.frontend], [0, 0]);
  });

  it("updates with one PATCH per room and destroys with one DELETE per resource", () => {
    assert.deepStrictEqual(phase("update").requests.endpoints, { "PATCH /v1/rooms/:id": N });
    assert.deepStrictEqual(phase("destroy").requests.endpoints, { "DELETE /v1/rooms/:id/invites/:code": N, "DELETE /v1/rooms/:id": N });
  });

  it("logs in once per host process", () => {
    assert.strictEqual(run.provider.reduce((sum, m) => sum + m.requests.logins, 0), 1);
  });

  it("records the state size and the host's memory", () => {
    const state = phase("create").state!;
    assert.strictEqual(state.resources, 2 * N);
    assert.ok(state.room > 0 && state.invite > 0);
    assert.strictEqual(phase("destroy").state, undefined);
    for (const m of run.provider) assert.ok(m.hostPeakKb! > 0 && m.hostHeapAfterGcKb! > 0, m.phase);
  });

  it("makes the same calls in the baselines: none for the floor, the provider's for direct and raw", () => {
    for (const m of run.floor) assert.strictEqual(m.requests.controller, 0, `floor ${m.phase}`);
    for (const name of PHASES) {
      const provider = phase(name).requests.endpoints;
      const direct = run.direct.find((m) => m.phase === name)!.requests.endpoints;
      assert.deepStrictEqual(direct, provider, `direct ${name}`);
      const raw = run.raw.find((m) => m.phase === name)!.requests.endpoints;
      const withoutLogin = Object.fromEntries(Object.entries(provider).filter(([endpoint]) => name !== "create" || /^(POST|PATCH|DELETE) \/v1\/rooms/.test(endpoint)));
      assert.deepStrictEqual(raw, withoutLogin, `raw ${name}`);
    }
  });

  it("prints a table and evaluates every target", () => {
    assert.strictEqual(formatTable(result).split("\n").length, 2 + PHASES.length);
    const targets = evaluateTargets(result);
    assert.strictEqual(targets.length, 7);
    for (const target of targets) assert.strictEqual(typeof target.met, "boolean", target.target);
  });
});
