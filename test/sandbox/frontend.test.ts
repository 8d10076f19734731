import * as assert from "node:assert/strict";
import { call, useSandbox } from "./sandbox-fixture";

describe("sandbox web frontend (nginx)", () => {
  const ctx = useSandbox();

  it("serves the client document as JSON, written like the container's entrypoint", async () => {
    const response = await call(`${ctx.sandbox.url}/.well-known/opentalk/client`);
    assert.equal(response.status, 200);
    assert.equal(response.headers.get("content-type"), "application/json");
    assert.equal(response.headers.get("cache-control"), "no-cache");
    assert.equal(response.text, `{\n  "opentalk_controller": {\n    "base_url": "${ctx.sandbox.controllerUrl}"\n  }\n}\n`);
  });

  it("answers every other GET and HEAD with index.html (try_files), so a controller path looks like a 200 page", async () => {
    for (const path of ["/", "/room/0b7e2f9c-0000-4000-8000-000000000000?invite=x", "/v1/rooms", "/.well-known/opentalk/api", "/dashboard/meetings"]) {
      const response = await call(`${ctx.sandbox.url}${path}`);
      assert.equal(response.status, 200, path);
      assert.equal(response.headers.get("content-type"), "text/html", path);
      assert.equal(response.headers.get("cache-control"), "no-cache", path);
      assert.match(response.text, /<script src="\/config.js"><\/script>[\s\S]*<title>OpenTalk<\/title>[\s\S]*<div id="root">/, path);
    }
    const head = await call(`${ctx.sandbox.url}/room/x`, { method: "HEAD" });
    assert.deepEqual([head.status, head.text, head.headers.get("content-type")], [200, "", "text/html"]);
    const config = await call(`${ctx.sandbox.url}/config.js`);
    assert.match(config.text, new RegExp(`controller: "${new URL(ctx.sandbox.controllerUrl).host}"`));
  });

  it("answers other methods with nginx's 405 page, and paths under the client document or /static with its 404", async () => {
    for (const method of ["POST", "PUT", "PATCH", "DELETE"]) {
      const response = await call(`${ctx.sandbox.url}/v1/rooms`, { method, body: method === "DELETE" ? undefined : "{}" });
      assert.equal(response.status, 405, method);
      assert.equal(response.headers.get("content-type"), "text/html");
      assert.match(response.text, /<title>405 Not Allowed<\/title>/);
    }
    for (const path of ["/.well-known/opentalk/client/x", "/.well-known/opentalk/clientX", "/static/missing.js"]) {
      const response = await call(`${ctx.sandbox.url}${path}`);
      assert.equal(response.status, 404, path);
      assert.match(response.text, /<title>404 Not Found<\/title>/, path);
    }
  });
});
