import * as assert from "node:assert/strict";
import { PROFILES } from "./index";
import { assertEmpty, call, useSandbox } from "./sandbox-fixture";

describe("sandbox release profiles", () => {
  it("has one complete profile per release, keyed by its version, newest 0.35.0", () => {
    const fields = Object.keys(PROFILES["0.29"]).sort();
    for (const [version, profile] of Object.entries(PROFILES)) {
      assert.equal(profile.version, version);
      assert.match(profile.release, new RegExp(`^${version.replace(".", "\\.")}\\.\\d+$`));
      assert.deepEqual(Object.keys(profile).sort(), fields, version);
    }
    assert.deepEqual(Object.keys(PROFILES), ["0.29", "0.30", "0.34", "0.35"]);
    assert.equal(PROFILES["0.35"].release, "0.35.0");
  });

  for (const [version, release] of [["0.29", "0.29.6"], ["0.30", "0.30.1"], ["0.34", "0.34.5"], ["0.35", "0.35.0"]] as const) {
    describe(version, () => {
      const ctx = useSandbox({ controllerVersion: version });

      it(`tells its release ${release} in GET /v1/openapi.json without a token, and serves the well-known document`, async () => {
        const document = await call(`${ctx.sandbox.controllerUrl}/v1/openapi.json`);
        assert.equal(document.status, 200);
        assert.equal(document.headers.get("content-type"), "application/json");
        assert.deepEqual([document.json.openapi, document.json.info.title, document.json.info.version], ["3.1.0", "OpenTalk Controller Frontend API", release]);
        assert.ok(document.json.paths["/rooms"].post, "lists what it serves");
        assert.equal("/rooms/{room_id}/invites" in document.json.paths, version !== "0.35");
        assert.equal("/rooms/name/verify" in document.json.paths, version === "0.35");
        assert.equal(ctx.sandbox.profile.release, release);
        const wellKnown = await call(`${ctx.sandbox.controllerUrl}/.well-known/opentalk/api`);
        assert.deepEqual(wellKnown.json, { opentalk_api: { v1: { base_url: "v1" } } });
        assertEmpty(await call(`${ctx.sandbox.controllerUrl}/.well-known/opentalk/api`, { method: "POST" }), 404, "no 405 outside /v1 either");
      });
    });
  }

  describe("with endpoints.disable_openapi", () => {
    const ctx = useSandbox({ openApiDocument: false });

    it("answers GET /v1/openapi.json with an empty 404", async () => {
      assertEmpty(await call(`${ctx.sandbox.controllerUrl}/v1/openapi.json`), 404);
    });
  });
});
