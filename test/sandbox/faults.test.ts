import * as assert from "node:assert/strict";
import { performance } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";
import { api, call, grant, tokenRequest, useSandbox } from "./sandbox-fixture";

describe("sandbox faults and pauses", () => {
  const ctx = useSandbox();
  let token = "";
  before(async () => {
    token = (await grant(ctx.sandbox)).access_token;
  });
  afterEach(() => ctx.sandbox.clearFaults());

  it("answers a fault's status without processing, for `count` requests only", async () => {
    ctx.sandbox.addFault({ service: "controller", method: "POST", path: "^/v1/rooms$", status: 503, retryAfter: 2, count: 2 });
    const before = ctx.sandbox.store.rooms().length;
    for (let i = 0; i < 2; i++) {
      const response = await api(ctx.sandbox, token, "POST", "/v1/rooms", {});
      assert.equal(response.status, 503);
      assert.equal(response.headers.get("retry-after"), "2");
      assert.equal(response.json, undefined, "a proxy's plain body, not the controller's JSON");
    }
    assert.equal(ctx.sandbox.store.rooms().length, before);
    assert.equal((await api(ctx.sandbox, token, "POST", "/v1/rooms", {})).status, 200, "count exhausted");
  });

  it("delays and then still processes a request whose client gave up", async () => {
    ctx.sandbox.addFault({ method: "POST", path: "^/v1/rooms$", delayMs: 400, count: 1 });
    const before = ctx.sandbox.store.rooms().length;
    await assert.rejects(
      fetch(`${ctx.sandbox.controllerUrl}/v1/rooms`, { method: "POST", headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" }, body: "{}", signal: AbortSignal.timeout(100) }),
    );
    assert.equal(ctx.sandbox.store.rooms().length, before, "not yet");
    // Waits for the delayed POST however slow the machine; the test's timeout fails a POST that never lands.
    while (ctx.sandbox.store.rooms().length === before) await sleep(20);
    assert.equal(ctx.sandbox.store.rooms().length, before + 1, "the timed-out POST created the room");
  });

  it("imitates what stands in front of the service: nginx pages, empty answers, literal bodies, redirects", async () => {
    ctx.sandbox.addFault({ service: "controller", path: "^/v1/rooms$", status: 502, body: "html", count: 1 });
    const html = await api(ctx.sandbox, token, "GET", "/v1/rooms");
    assert.equal(html.status, 502);
    assert.equal(html.headers.get("content-type"), "text/html");
    assert.match(html.text, /^<html>\r\n<head><title>502 Bad Gateway<\/title><\/head>[\s\S]*<center>nginx\/[\d.]+<\/center>/);
    ctx.sandbox.addFault({ path: "^/v1/rooms$", status: 404, body: "empty", count: 1 });
    const empty = await api(ctx.sandbox, token, "GET", "/v1/rooms");
    assert.deepEqual([empty.status, empty.text, empty.headers.get("content-type")], [404, "", null]);
    ctx.sandbox.addFault({ path: "^/v1/rooms$", status: 503, body: '{"error":"maintenance"}', count: 1 });
    const literal = await api(ctx.sandbox, token, "GET", "/v1/rooms");
    assert.deepEqual([literal.headers.get("content-type"), literal.json], ["application/json", { error: "maintenance" }]);
    ctx.sandbox.addFault({ path: "^/v1/rooms$", status: 200, body: "<!doctype html><title>Sign in</title>", contentType: "text/html; charset=utf-8", count: 1 });
    assert.equal((await api(ctx.sandbox, token, "GET", "/v1/rooms")).headers.get("content-type"), "text/html; charset=utf-8");
    const login = "https://sso.example.org/login?return=%2Fv1%2Frooms";
    ctx.sandbox.addFault({ path: "^/v1/rooms$", status: 302, location: login, body: "html", count: 1 });
    const redirect = await api(ctx.sandbox, token, "GET", "/v1/rooms");
    assert.deepEqual([redirect.status, redirect.headers.get("location")], [302, login]);
    assert.match(redirect.text, /302 Found/);
  });

  it("processes a request, then drops the connection: the room exists, the client saw nothing", async () => {
    ctx.sandbox.addFault({ service: "controller", method: "POST", path: "^/v1/rooms$", dropAfterProcessing: true, count: 1 });
    const before = ctx.sandbox.store.rooms().length;
    await assert.rejects(api(ctx.sandbox, token, "POST", "/v1/rooms", {}), /fetch failed/);
    assert.equal(ctx.sandbox.store.rooms().length, before + 1, "committed");
    assert.equal(ctx.sandbox.requests({ service: "controller", method: "POST" }).at(-1)?.status, 0);
  });

  it("refuses malformed faults, in-process and over the admin API", async () => {
    const invalid: object[] = [
      { path: ".*", count: 1, status: 200, location: "https://x.example" },
      { path: ".*", count: 1, body: "html" },
      { path: ".*", count: 1, status: 500, drop: true },
      { path: ".*", count: 1, dropAfterProcessing: "yes" },
      { path: ".*", count: 1, status: 500, body: 7 },
      { path: ".*", count: 1, status: 500, body: "html", contentType: "text/plain" },
    ];
    for (const fault of invalid) {
      assert.throws(() => ctx.sandbox.addFault(fault as never), /Invalid sandbox fault/, JSON.stringify(fault));
      assert.equal((await call(`${ctx.sandbox.adminUrl}/faults`, { method: "POST", body: JSON.stringify(fault) })).status, 400, JSON.stringify(fault));
    }
    const added = await call(`${ctx.sandbox.adminUrl}/faults`, { method: "POST", body: JSON.stringify({ path: "^/v1/rooms$", count: 1, dropAfterProcessing: true }) });
    assert.equal(added.status, 204);
  });

  it("drops the connection without processing", async () => {
    ctx.sandbox.addFault({ service: "keycloak", path: "/token$", drop: true, count: 1 });
    await assert.rejects(grant(ctx.sandbox));
    const dropped = ctx.sandbox.requests({ service: "keycloak" }).at(-1);
    assert.equal(dropped?.status, 0);
    await grant(ctx.sandbox);
  });

  it("is controllable over the admin API, which is itself never logged or faulted", async () => {
    const admin = ctx.sandbox.adminUrl;
    const invalid = await call(`${admin}/faults`, { method: "POST", body: JSON.stringify({ path: "(", count: 1, status: 500 }) });
    assert.equal(invalid.status, 400);
    ctx.sandbox.addFault({ path: ".*", status: 500, count: 5 });
    ctx.sandbox.clearFaults();
    const added = await call(`${admin}/faults`, { method: "POST", body: JSON.stringify({ service: "frontend", path: "^/\\.well-known/", status: 502, count: 1 }) });
    assert.equal(added.status, 204);
    assert.equal((await call(`${ctx.sandbox.url}/.well-known/opentalk/client`)).status, 502);
    const log = await call(`${admin}/requests?service=frontend`);
    assert.deepEqual(log.json.at(-1), { ...log.json.at(-1), service: "frontend", method: "GET", path: "/.well-known/opentalk/client", status: 502 });
    assert.equal((await call(`${admin}/requests`, { method: "DELETE" })).status, 204);
    assert.deepEqual(ctx.sandbox.requests(), []);
    assert.ok(!JSON.stringify((await call(`${admin}/requests`)).json).includes("__sandbox"));
  });

  it("refuses connections while paused (until the time is up, or until resumed) and keeps data when the controller comes back", async () => {
    const room = ctx.sandbox.store.createRoom("bot@example.org");
    const paused = ctx.sandbox.pause("controller", 500);
    await sleep(50);
    await assert.rejects(api(ctx.sandbox, token, "GET", `/v1/rooms/${room.id}`), /fetch failed/);
    await paused;
    assert.equal((await api(ctx.sandbox, token, "GET", `/v1/rooms/${room.id}`)).status, 200);

    // A pause meant to outlast whatever runs meanwhile, ended by `resume`.
    const keycloakDown = ctx.sandbox.pause("keycloak", 10 * 60_000);
    await sleep(50);
    await assert.rejects(tokenRequest(ctx.sandbox, { grant_type: "password" }));
    ctx.sandbox.resume("keycloak");
    await keycloakDown;
    await grant(ctx.sandbox);
  });

  it("empties everything on reset", async () => {
    ctx.sandbox.store.createRoom("bot@example.org");
    ctx.sandbox.addFault({ path: ".*", status: 500, count: 99 });
    assert.equal((await call(`${ctx.sandbox.adminUrl}/reset`, { method: "POST" })).status, 204);
    assert.deepEqual(ctx.sandbox.store.rooms(), []);
    assert.deepEqual(ctx.sandbox.requests(), []);
    assert.equal((await call(`${ctx.sandbox.url}/.well-known/opentalk/client`)).status, 200, "faults cleared");
    assert.equal((await api(ctx.sandbox, token, "GET", "/v1/rooms")).status, 401, "sessions are gone too");
  });
});

describe("sandbox latency", () => {
  const ctx = useSandbox({ latencyMs: 150, jitterMs: 50 });

  it("delays every controller and Keycloak answer by latency ± jitter, concurrently, but not the admin API", async () => {
    const timed = async (run: () => Promise<unknown>): Promise<number> => {
      const started = performance.now();
      await run();
      return performance.now() - started;
    };
    const grantTime = await timed(() => grant(ctx.sandbox));
    assert.ok(grantTime >= 95, `Keycloak answered after ${grantTime} ms`);
    const token = (await grant(ctx.sandbox)).access_token;
    ctx.sandbox.clearRequests();
    const parallel = await timed(() => Promise.all(Array.from({ length: 10 }, () => api(ctx.sandbox, token, "GET", "/v1/users/me"))));
    assert.ok(parallel >= 95, `ten concurrent calls took ${parallel} ms`);
    // Each request waits out its latency on its own: several were being answered at once, not one after another.
    const peak = ctx.sandbox.traffic().peakInFlight.controller;
    assert.ok(peak > 1, `at most ${peak} of the ten calls were in flight at once`);
    // The admin API is answered before the stage that adds latency (and logs and counts requests): it shows in neither.
    ctx.sandbox.clearRequests();
    const log = await call(`${ctx.sandbox.adminUrl}/requests`);
    assert.deepEqual([log.status, log.json], [200, []]);
    assert.deepEqual(ctx.sandbox.traffic().peakInFlight, { controller: 0, keycloak: 0, frontend: 0 }, "the admin call was not one of the delayed requests");
  });
});
