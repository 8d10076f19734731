import assert from "node:assert/strict";
import { isUnattributedAnswerError } from "../../provider/client";
import type { ControllerVersion } from "../sandbox";
import { releasesUnderTest } from "../support/releases";
import { closeClients, newClient, rejection, useSandbox } from "../support/sandbox-fixture";

/**
 * An operator may turn GET /v1/openapi.json off (`endpoints.disable_openapi`), or a proxy may hide it. The client then
 * tells the release by the routes it has — and only by the controller's own answers — because what it may send
 * depends on it: invite codes until 0.34, room names from 0.35, 0.29's login quirks.
 */
describe("OpenTalkClient: learning the release without the API document", () => {
  afterEach(closeClients);

  const expected: Array<[ControllerVersion, RegExp, { inviteCodes: boolean; roomNames: boolean }]> = [
    ["0.29", /its version is not published; it answers like 0\.29/, { inviteCodes: true, roomNames: false }],
    // 0.30 to 0.34 route the same paths: the newest of them is assumed, and the label says so.
    ["0.30", /its version is not published; taken for 0\.34/, { inviteCodes: true, roomNames: false }],
    ["0.34", /its version is not published; taken for 0\.34/, { inviteCodes: true, roomNames: false }],
    ["0.35", /its version is not published; it has room names/, { inviteCodes: false, roomNames: true }],
  ];
  for (const [version, label, can] of expected.filter(([version]) => releasesUnderTest().includes(version))) {
    describe(`on OpenTalk ${version} with the document turned off`, () => {
      const sandbox = useSandbox({ controllerVersion: version, openApiDocument: false });

      it("tells the release by its routes, changing nothing, and works with what it learned", async () => {
        const client = newClient(sandbox());
        const caps = await client.capabilities();
        assert.match(caps.label, label);
        assert.equal(caps.version, undefined, "no version is claimed that the server did not publish");
        assert.deepEqual({ inviteCodes: caps.inviteCodes, roomNames: caps.roomNames }, can);
        assert.equal(sandbox().store.rooms().length, 0, "the probe made nothing");
        // The client then works as on that release: a room with a guest link of the kind the release has.
        const room = await client.createRoom({ waiting_room: false });
        if (can.inviteCodes) assert.ok((await client.createInvite(room.id, null)).invite_code);
        else assert.ok(room.id);
      });
    });
  }

  describe("behind a proxy that hides the document", () => {
    const sandbox = useSandbox({ controllerVersion: "0.34" });
    afterEach(() => sandbox().clearFaults());

    it("takes the proxy's 404 page for a hidden document, not for a failure, and asks the routes", async () => {
      sandbox().addFault({ service: "controller", method: "GET", path: "^/v1/openapi\\.json", status: 404, body: "html", count: 100 });
      const caps = await newClient(sandbox()).capabilities();
      assert.match(caps.label, /taken for 0\.34/);
    });

    it("fails on a proxy's 502 for the document: the controller may be down, and guessing would be wrong", async () => {
      sandbox().addFault({ service: "controller", method: "GET", path: "^/v1/openapi\\.json", status: 502, count: 100 });
      const error = await rejection(newClient(sandbox()).capabilities());
      assert.ok(isUnattributedAnswerError(error), String(error));
      assert.match(error.message, /502/);
    });

    it("fails when the routes, too, are answered by the proxy rather than the controller", async () => {
      sandbox().addFault({ service: "controller", path: "^/v1/(openapi\\.json|rooms/name/verify)", status: 404, body: "html", count: 100 });
      const error = await rejection(newClient(sandbox()).capabilities());
      assert.ok(isUnattributedAnswerError(error), String(error));
      assert.match(error.message, /rooms\/name\/verify/);
    });
  });
});
