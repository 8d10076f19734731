import * as assert from "node:assert/strict";
import { Agent, request } from "undici";
import { call, grant, tokenRequest, useSandbox } from "./sandbox-fixture";

describe("sandbox traffic counts", () => {
  const ctx = useSandbox({ latencyMs: 60 });
  const agents: Agent[] = [];
  afterEach(async () => {
    await Promise.all(agents.splice(0).map((agent) => agent.close()));
  });

  /** `GET /v1/openapi.json` (no login needed) through a keep-alive pool of `connections` sockets. */
  function getter(connections: number): () => Promise<number> {
    const agent = new Agent({ connections, keepAliveTimeout: 10_000 });
    agents.push(agent);
    return async () => {
      const response = await request(`${ctx.sandbox.controllerUrl}/v1/openapi.json`, { dispatcher: agent });
      await response.body.text();
      return response.statusCode;
    };
  }

  it("counts the connections each listener accepted and the most requests it answered at once", async () => {
    ctx.sandbox.clearRequests();
    const get = getter(3);
    assert.deepEqual(await Promise.all(Array.from({ length: 6 }, get)), Array(6).fill(200));
    let counts = ctx.sandbox.traffic();
    assert.equal(counts.connections.controller, 3, "a pool of three sockets");
    assert.equal(counts.peakInFlight.controller, 3, "no more at once than the pool holds");
    assert.deepEqual([counts.connections.keycloak, counts.peakInFlight.keycloak], [0, 0]);

    await Promise.all(Array.from({ length: 6 }, get));
    counts = ctx.sandbox.traffic();
    assert.equal(counts.connections.controller, 3, "kept-alive sockets are reused, not counted again");

    ctx.sandbox.clearRequests();
    assert.deepEqual(ctx.sandbox.traffic(), {
      connections: { controller: 0, keycloak: 0, frontend: 0 },
      peakInFlight: { controller: 0, keycloak: 0, frontend: 0 },
      controllerRequestsDuringTokenGrants: 0,
    });
  });

  it("counts the controller requests that arrived while a token grant was being answered", async () => {
    await grant(ctx.sandbox);
    ctx.sandbox.clearRequests();
    const get = getter(4);
    const refresh = tokenRequest(ctx.sandbox, { grant_type: "client_credentials", client_id: "nobody" });
    // Keycloak's answer waits 60 ms; these arrive within it.
    await new Promise((resolve) => setTimeout(resolve, 10));
    await Promise.all([get(), get(), refresh]);
    await get();
    const counts = ctx.sandbox.traffic();
    assert.equal(counts.controllerRequestsDuringTokenGrants, 2);
    assert.equal(counts.peakInFlight.keycloak, 1);
  });

  it("leaves the admin API out", async () => {
    ctx.sandbox.clearRequests();
    assert.equal((await call(`${ctx.sandbox.adminUrl}/traffic`)).json.peakInFlight.controller, 0);
  });
});
