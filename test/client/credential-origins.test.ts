import assert from "node:assert/strict";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { isResponseShapeError, isSettingsError, OpenTalkClient, resolveSettings } from "../../provider/client";
import { redact } from "../../provider/client/redaction";
import { rejection } from "../support/sandbox-fixture";

/**
 * A hostile network, as issue #12 attacked the client: discovery documents rewritten on the way, pagination links to
 * other hosts, oversized answers, an upstream that echoes the request. Each server here is real HTTP on loopback; the
 * "other origin" listens on 127.0.0.2, a different origin on the same machine, and records what reaches it.
 */
interface Recorded {
  method: string;
  url: string;
  authorization?: string;
  body: string;
}

type Answer = { status: number; body?: string; type?: string; headers?: Record<string, string> };

class Endpoint {
  readonly seen: Recorded[] = [];
  routes: Record<string, (req: Recorded) => Answer> = {};
  private server?: Server;
  url = "";

  async start(host = "127.0.0.1"): Promise<this> {
    this.server = createServer(async (req, res) => {
      const body = await read(req);
      const recorded = { method: req.method!, url: req.url!, authorization: req.headers.authorization, body };
      this.seen.push(recorded);
      const route = this.routes[`${req.method} ${req.url!.split("?")[0]}`];
      const answer = route ? route(recorded) : { status: 404, body: "" };
      res.writeHead(answer.status, { "content-type": answer.type ?? "application/json", ...answer.headers }).end(answer.body ?? "");
    });
    await new Promise<void>((resolve) => this.server!.listen(0, host, resolve));
    this.url = `http://${host}:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  close(): Promise<void> {
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

function read(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let text = "";
    req.setEncoding("utf8").on("data", (chunk: string) => (text += chunk)).on("end", () => resolve(text));
  });
}

const json = (body: unknown): Answer => ({ status: 200, body: JSON.stringify(body) });
const PASSWORD = "Hostile-net-Passw0rd-1";

describe("OpenTalkClient: credentials stay with their origin", () => {
  let deployment: Endpoint;
  let elsewhere: Endpoint;

  beforeEach(async () => {
    deployment = await new Endpoint().start();
    elsewhere = await new Endpoint().start("127.0.0.2");
    const realm = () => `${deployment.url}/realms/opentalk`;
    deployment.routes = {
      "GET /.well-known/opentalk/client": () => json({ opentalk_controller: { base_url: deployment.url } }),
      "GET /.well-known/opentalk/api": () => json({ opentalk_api: { v1: { base_url: "v1" } } }),
      "GET /v1/auth/login": () => json({ oidc: { name: "Frontend", url: realm() } }),
      "GET /realms/opentalk/.well-known/openid-configuration": () => json({ issuer: realm(), token_endpoint: `${realm()}/protocol/openid-connect/token` }),
      "POST /realms/opentalk/protocol/openid-connect/token": () => json({ access_token: "opaque-token-1234", expires_in: 300 }),
      "GET /v1/users/me": () => json({ id: "u1", email: "bot@example.org" }),
    };
    elsewhere.routes = {
      "POST /token": () => json({ access_token: "stolen-access-token", expires_in: 300 }),
      "GET /v1/rooms": () => json([]),
    };
  });
  afterEach(async () => {
    await Promise.all([deployment.close(), elsewhere.close()]);
  });

  const client = (env: Record<string, string> = {}) =>
    new OpenTalkClient(resolveSettings(undefined, { OPENTALK_URL: deployment.url, OPENTALK_USERNAME: "bot", OPENTALK_PASSWORD: PASSWORD, ...env }));

  it("logs in and calls the API on a deployment that stays on its origins", async () => {
    assert.equal((await client().currentUser()).email, "bot@example.org");
  });

  it("refuses a token endpoint on another origin than the issuer: the password never leaves", async () => {
    const realm = `${deployment.url}/realms/opentalk`;
    deployment.routes["GET /realms/opentalk/.well-known/openid-configuration"] = () => json({ issuer: realm, token_endpoint: `${elsewhere.url}/token` });
    const error = await rejection(client().currentUser());
    assert.ok(isSettingsError(error), String(error));
    assert.match(error.message, new RegExp(`names its token endpoint at ${elsewhere.url.replace(/\./g, "\\.")}, which is not ${deployment.url.replace(/\./g, "\\.")}: refusing to send credentials there`));
    assert.match(error.message, /add its origin to opentalk:trustedOrigins \(OPENTALK_TRUSTED_ORIGINS\)/);
    assert.deepEqual(elsewhere.seen, [], "nothing reached the other origin");
  });

  it("sends the password there once the user trusts that origin", async () => {
    const realm = `${deployment.url}/realms/opentalk`;
    deployment.routes["GET /realms/opentalk/.well-known/openid-configuration"] = () => json({ issuer: realm, token_endpoint: `${elsewhere.url}/token` });
    elsewhere.routes["POST /token"] = () => json({ access_token: "opaque-token-5678", expires_in: 300 });
    await client({ OPENTALK_TRUSTED_ORIGINS: elsewhere.url }).currentUser();
    assert.equal(elsewhere.seen.length, 1);
  });

  it("refuses an OpenID configuration that names another issuer than the one it was fetched from", async () => {
    deployment.routes["GET /realms/opentalk/.well-known/openid-configuration"] = () =>
      json({ issuer: "http://attacker.invalid/realms/opentalk", token_endpoint: `${deployment.url}/realms/opentalk/protocol/openid-connect/token` });
    const error = await rejection(client().currentUser());
    assert.match(error.message, /names the issuer http:\/\/attacker\.invalid\/realms\/opentalk, not http:\/\/127\.0\.0\.1:\d+\/realms\/opentalk: it belongs to another realm or host, or was rewritten on the way/);
    assert.ok(!deployment.seen.some((r) => r.method === "POST"), "no token request at all");
  });

  it("refuses a discovered step down from https to plain http", async () => {
    // An https web app (as configured) that names an http controller: only the parsing of discovery is exercised, so
    // the https address is answered by a document placed on the http server under test.
    const { checkDiscoveredUrl } = await import("../../provider/client/origins");
    const settings = resolveSettings(undefined, { OPENTALK_URL: "https://opentalk.example.org", OPENTALK_USERNAME: "bot", OPENTALK_PASSWORD: PASSWORD });
    assert.throws(
      () => checkDiscoveredUrl(settings, "http://ctrl.example.org", "https://opentalk.example.org/.well-known/opentalk/client", "its controller"),
      /https:\/\/opentalk\.example\.org \(https\) names its controller at http:\/\/ctrl\.example\.org, plain http: a step down from https/,
    );
    assert.throws(
      () => checkDiscoveredUrl({ ...settings, allowInsecureHttp: true }, "http://ctrl.example.org", "https://opentalk.example.org/x", "its controller"),
      /a step down from https/,
      "not even with allowInsecureHttp: only a configured http address is taken",
    );
  });

  it("refuses a discovered plain-http address on another machine", async () => {
    deployment.routes["GET /.well-known/opentalk/client"] = () => json({ opentalk_controller: { base_url: "http://ctrl.example.org" } });
    const error = await rejection(client().currentUser());
    assert.match(error.message, /names its controller at http:\/\/ctrl\.example\.org, plain http to another machine, which would carry credentials unencrypted/);
  });

  it("never sends the bearer token to a pagination link on another origin: the page is asked of the configured controller", async () => {
    let page = 0;
    deployment.routes["GET /v1/rooms"] = () => {
      page++;
      const room = { id: `r${page}`, created_by: { id: "u1", email: "bot@example.org" }, created_at: "2026-01-01T00:00:00Z", waiting_room: false };
      return { status: 200, body: JSON.stringify([room]), headers: page === 1 ? { link: `<${elsewhere.url}/v1/rooms?per_page=100&page=2>; rel="next"` } : ({} as Record<string, string>) };
    };
    const rooms = await client().listRooms();
    assert.deepEqual(rooms.map((r) => r.id), ["r1", "r2"], "the second page came from the configured controller");
    assert.deepEqual(elsewhere.seen, [], "the other origin saw nothing, token or not");
  });

  it("refuses to follow a link to another list: a list cut short could make a room look gone", async () => {
    deployment.routes["GET /v1/rooms"] = () => ({ status: 200, body: "[]", headers: { link: `<${deployment.url}/v1/events?after=x>; rel="next"` } });
    const error = await rejection(client().listRooms());
    assert.ok(isResponseShapeError(error), String(error));
    assert.match(error.message, /the next page is announced at \/v1\/events, another list/);
  });

  for (const framing of ["Content-Length", "chunked"] as const) {
    it(`stops reading an answer larger than 8 MiB (${framing}), without holding it in memory`, async function () {
      this.timeout(20_000);
      const huge = `[${'"x",'.repeat(3 * 1024 * 1024)}"x"]`;
      deployment.routes["GET /v1/rooms"] = () => ({ status: 200, body: huge, headers: framing === "chunked" ? { "transfer-encoding": "chunked" } : ({} as Record<string, string>) });
      const before = process.memoryUsage().heapUsed;
      const error = await rejection(client().listRooms());
      assert.ok(isResponseShapeError(error), String(error));
      assert.match(error.message, /the answer is larger than 8 MiB, far more than any OpenTalk answer, and was not read further/);
      assert.ok(process.memoryUsage().heapUsed - before < 64 * 1024 * 1024, "memory stayed bounded");
    });
  }

  it("keeps a room password out of an error that echoes the request (Json deserialize error: {…})", async () => {
    const roomPassword = "Echoed-Room-Pw-77";
    deployment.routes["POST /v1/rooms"] = (req) => ({
      status: 400,
      type: "text/json",
      body: JSON.stringify({ code: "invalid_json", message: `Json deserialize error: ${req.body}` }),
    });
    const error = await rejection(client().createRoom({ password: roomPassword, waiting_room: "yes" as unknown as boolean }));
    assert.match(error.message, /answered 400 to POST \/v1\/rooms \(invalid_json: Json deserialize error: \{"password":"\*\*\*"/);
    assert.ok(!error.message.includes(roomPassword));
    assert.equal(redact(roomPassword), "***");
  });
});
