import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { startSandbox } from "./index";
import { api, grant, tokenRequest } from "./sandbox-fixture";

describe("sandbox persistence", () => {
  let dir = "";
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "opentalk-sandbox-"));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("keeps rooms, invites, SIP configs, sessions and keys across a restart", async () => {
    const statePath = path.join(dir, "state.json");
    const first = await startSandbox({ statePath, controllerVersion: "0.34" });
    const tokens = await grant(first);
    const room = (await api(first, tokens.access_token, "POST", "/v1/rooms", { password: "pw", enable_sip: true })).json;
    const invite = (await api(first, tokens.access_token, "POST", `/v1/rooms/${room.id}/invites`, {})).json;
    const urls = { url: first.url, controllerUrl: first.controllerUrl, oidcUrl: first.oidcUrl };
    await first.close();
    assert.deepEqual(fs.readdirSync(dir), ["state.json"], "written atomically: no temporary file left");

    const second = await startSandbox({ statePath, controllerVersion: "0.34" });
    try {
      assert.deepEqual({ url: second.url, controllerUrl: second.controllerUrl, oidcUrl: second.oidcUrl }, urls, "same ports, same issuer");
      assert.deepEqual((await api(second, tokens.access_token, "GET", `/v1/rooms/${room.id}`)).json, room, "the old access token still works");
      assert.equal((await api(second, tokens.access_token, "GET", `/v1/rooms/${room.id}/invites/${invite.invite_code}`)).status, 200);
      assert.equal(second.store.sipConfig(room.id)?.roomId, room.id);
      const refreshed = await tokenRequest(second, { grant_type: "refresh_token", client_id: "Frontend", refresh_token: tokens.refresh_token });
      assert.equal(refreshed.status, 200, "the session survived");
    } finally {
      await second.close();
    }
  });

  it("keeps event invites across a restart: the invitee still reads the event, and it is still pending", async () => {
    // Guards the round trip of `eventInvites` (state.ts): without it the invitee would get 403 after a restart.
    const statePath = path.join(dir, "invites.json");
    const first = await startSandbox({ statePath });
    const alice = (await grant(first, "alice@example.org")).access_token;
    const bot = (await grant(first)).access_token;
    const botId = (await api(first, bot, "GET", "/v1/users/me")).json.id;
    const event = (await api(first, alice, "POST", "/v1/events", { title: "Kept", description: "", is_time_independent: true })).json;
    assert.equal((await api(first, alice, "POST", `/v1/events/${event.id}/invites`, { invitee: botId })).status, 201);
    await first.close();

    const second = await startSandbox({ statePath });
    try {
      const read = await api(second, bot, "GET", `/v1/events/${event.id}`);
      assert.deepEqual([read.status, read.json.invite_status, read.json.can_edit], [200, "pending", false]);
      assert.equal((await api(second, alice, "POST", `/v1/events/${event.id}/invites`, { invitee: botId })).status, 204, "still invited");
    } finally {
      await second.close();
    }
  });
});
