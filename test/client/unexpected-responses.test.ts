import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { isResponseShapeError, isUnattributedAnswerError, OpenTalkClient, resolveSettings } from "../../provider/client";
import { rejection } from "../support/sandbox-fixture";

/**
 * Something that answers like an OpenTalk controller, but wrongly: a newer or older version, or a proxy. Real HTTP
 * on loopback; the sandbox is faithful, so a misbehaving server is made here.
 */
describe("OpenTalkClient: responses that do not fit", () => {
  let server: Server;
  let url: string;
  const bodies: Record<string, { status: number; body: string; type?: string }> = {};

  before(async () => {
    server = createServer((req, res) => {
      const path = (req.url ?? "").split("?")[0]!;
      const answer = bodies[path] ?? (path === "/.well-known/opentalk/api"
        ? { status: 200, body: JSON.stringify({ opentalk_api: { v1: { base_url: "v1" } } }) }
        : { status: 404, body: "not found", type: "text/plain" });
      res.writeHead(answer.status, { "content-type": answer.type ?? "application/json" }).end(answer.body);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const client = () =>
    new OpenTalkClient(resolveSettings(undefined, { OPENTALK_URL: url, OPENTALK_CONTROLLER_URL: url, OPENTALK_ACCESS_TOKEN: "fixed-access-token" }));

  it("names the endpoint and the field that does not fit", async () => {
    bodies["/v1/users/me"] = { status: 200, body: JSON.stringify({ id: "u1", email: 42 }) };
    const error = await rejection(client().currentUser());
    assert.ok(isResponseShapeError(error), String(error));
    assert.equal(error.field, "email");
    assert.equal(error.endpoint, "GET /v1/users/me");
    assert.match(error.message, /GET \/v1\/users\/me .*email: Invalid input: expected string, received number/);
  });

  it("names the item of a list by its index", async () => {
    const room = { id: "r1", created_by: { id: "u", email: "e" }, created_at: "2026-01-01T00:00:00Z", waiting_room: false };
    bodies["/v1/rooms"] = { status: 200, body: JSON.stringify([room, { ...room, id: 7 }]) };
    const error = await rejection(client().listRooms());
    assert.ok(isResponseShapeError(error));
    assert.equal(error.field, "[1].id");
  });

  it("says so when a success is a web page (a sign-on page, or the web app's start page)", async () => {
    bodies["/v1/users/me"] = { status: 200, body: "<html><head><title>Sign in</title></head></html>", type: "text/html" };
    const error = await rejection(client().currentUser());
    assert.ok(isUnattributedAnswerError(error), String(error));
    assert.match(error.message, /did not come from the OpenTalk controller: HTTP 200, an HTML page titled "Sign in"/);
    assert.match(error.message, /the controller's address is probably the web app's/);
  });

  it("says so when a success is not JSON at all", async () => {
    bodies["/v1/users/me"] = { status: 200, body: "all good", type: "text/plain" };
    const error = await rejection(client().currentUser());
    assert.ok(isResponseShapeError(error));
    assert.match(error.message, /\(body\): not JSON/);
  });

  it("tolerates fields it does not know", async () => {
    bodies["/v1/users/me"] = { status: 200, body: JSON.stringify({ id: "u1", email: "a@b.c", future_field: { x: 1 } }) };
    const me = await client().currentUser();
    assert.equal(me.email, "a@b.c");
  });

  it("asks for a fresh access token when a configured one is rejected", async () => {
    bodies["/v1/users/me"] = { status: 401, type: "text/json; charset=utf-8", body: JSON.stringify({ code: "unauthorized", message: "Authentication failed" }) };
    const error = await rejection(client().currentUser());
    assert.match(error.message, /answered 401 to GET \/v1\/users\/me \(unauthorized: Authentication failed\)/);
    assert.match(error.message, /the configured opentalk:accessToken \(OPENTALK_ACCESS_TOKEN\) was rejected — expired or revoked/);
    assert.ok(!error.message.includes("fixed-access-token"));
  });
});
