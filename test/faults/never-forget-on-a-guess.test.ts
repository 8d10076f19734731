// Issue #9, "Never forget a room on a guess": a room, meeting or guest link leaves the stack's state only on the
// OpenTalk controller's own word, and a create whose answer was lost is never guessed at. Run through the real
// dynamic-provider host on 25 rooms, 25 guest links and 5 meetings, against the sandbox imitating a released
// controller. What counts as the controller's word (provider/client/responses.ts): its JSON error body, or the empty
// body of its permission layer; what counts as gone (provider/runtime/gone.ts): a denial (403) or its JSON 404, and
// then a listing of the user's rooms or meetings, started after that answer, that lacks the object.
import * as assert from "assert";
import { mkdtempSync, rmSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { SandboxFault } from "../sandbox";
import { json, opentalk } from "../cli/run-cli";
import { sandboxEnv } from "../support/sandbox-fixture";
import { forEachReleaseOf } from "./fault-matrix";
import { CLEAN, failuresOf, FaultStack, meetingName, nameOf, opsOf, PATHS, ROOM_COUNT, roomName, useFaultStack, type RunReport, type StepFailure } from "./fault-stack";
import { shapeOf, type ReleaseShape } from "./release-shape";
import { assertAll, stateOf } from "./stack-assertions";
import { writeStackExport } from "./stack-export";

const MEETINGS = 5;
/**
 * Releases these run on: the newest (no invite codes) and the last with invite codes. 0.29 and 0.30 answer a missing
 * or foreign room as 0.34 does (an empty 403, from their kustos policies), and differ from it only in login.
 */
const RELEASES = ["0.34", "0.35"] as const;
/** Every matching request from now until the faults are cleared. */
const EVERY = 100_000;

const UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
const ORIGIN = String.raw`http://127\.0\.0\.1:\d+`;
const NOT_THE_CONTROLLER = String.raw`Only the controller's own answers count, so nothing is taken as done, deleted or gone, and the stack's state is left as it was\.`;
const PROXY_PAGE_HINT = String.raw`A proxy, load balancer or maintenance page answered in the controller's place\. If this persists, check that it forwards /v1/ to the controller\. Check opentalk:url \(OPENTALK_URL\) or set opentalk:controllerUrl \(OPENTALK_CONTROLLER_URL\)\.`;
const REDIRECT_HINT = String.raw`A proxy or single sign-on gateway in front of the controller redirects API calls \(credentials are never sent after a redirect\): let /v1/ through to the controller unchanged\.`;
const LOGIN_PAGE = "https://sso.example.org/login?return=%2Fv1%2Frooms";

/** The path a resource's read or delete goes to, as messages show it (invite codes masked). */
function pathOf(shape: ReleaseShape, kind: StepFailure["kind"]): string {
  // Meeting writes ask the controller not to mail the owner.
  if (kind === "meeting") return `/v1/events/${UUID}(\\?suppress_email_notification=true)?`;
  if (kind === "invite" && shape.inviteCodes) return `/v1/rooms/${UUID}/invites/\\*\\*\\*`;
  return `/v1/rooms/${UUID}`;
}

function proxyAnswer(shape: ReleaseShape, failure: StepFailure, method: string, answer: string, hint: string): RegExp {
  return new RegExp(`The answer to ${method} ${ORIGIN}${pathOf(shape, failure.kind)} did not come from the OpenTalk controller: HTTP ${answer}\\. ${NOT_THE_CONTROLLER} ${hint}`);
}

function idOf(s: FaultStack, name: string): string {
  return s.engine.resources().find((resource) => nameOf(resource) === name)!.id;
}

function failedNames(run: RunReport): string[] {
  return failuresOf(run).map((failure) => failure.name);
}

forEachReleaseOf(RELEASES, (release) => {
  const shape = shapeOf(release);
  const RESOURCES = 2 * ROOM_COUNT + MEETINGS;

  describe("a room, meeting or guest link leaves the state only on the controller's word", () => {
    const stack = useFaultStack({ release, meetings: MEETINGS });
    let dir: string;
    before(() => {
      dir = mkdtempSync(path.join(os.tmpdir(), "opentalk-never-forget-"));
    });
    after(() => rmSync(dir, { recursive: true, force: true }));

    describe("an answer from something in front of the controller", () => {
      for (const [body, answer] of [["html", `404, an HTML page titled "404 Not Found"`], ["text", `404, text/plain "404 Not Found"`]] as const) {
        // Would catch: a proxy's 404 taken for "not found" — the refresh drops all 55 and the next up makes them again.
        it(`fails the refresh of every resource when a proxy answers every read with a 404 ${body === "html" ? "page" : "text"}, naming what answered and what to check; the state stays as it was, and a clean up changes nothing`, async () => {
          const s = stack();
          await s.converge(1);
          const before = stateOf(s);
          s.sandbox.addFault({ service: "controller", method: "GET", path: "^/v1/", status: 404, body, count: EVERY });
          const run = await s.refresh();
          assert.strictEqual(failuresOf(run).length, RESOURCES, "every read failed");
          for (const failure of failuresOf(run)) assert.match(failure.message, proxyAnswer(shape, failure, "GET", answer, PROXY_PAGE_HINT), failure.name);
          assert.deepStrictEqual(stateOf(s), before, "the state is as it was");
          s.sandbox.clearFaults();
          assertAll(s, await s.up(1), "same");
          assert.deepStrictEqual(s.account(), CLEAN, "no duplicate, no orphan");
        });
      }

      const listedButRefused: [string, Partial<SandboxFault>, RegExp][] = [
        // A proxy's text is no word of the controller's: not even the census is asked.
        ["a proxy's text", { body: "text" }, /did not come from the OpenTalk controller: HTTP 403, text\/plain "403 Forbidden"\./],
        // The controller's JSON denial, or an empty 403 (the controller's own form, which a proxy can imitate): the census decides.
        ["the controller's JSON forbidden", { body: '{"code":"forbidden","message":"Access denied"}' }, /OpenTalk controller answered 403 to GET \/v1\/(rooms|events)\/\S+ \(forbidden: Access denied\) — yet (room|meeting|the room of guest link) \S+ is still listed among bot@example\.org's (rooms|meetings), so it exists and something refused access to it \(a proxy rule, or permissions changed on the server\)\. It stays in the stack's state as it was/],
        ["an empty body", { body: "empty" }, /OpenTalk controller answered 403 to GET \/v1\/(rooms|events)\/\S+ — yet (room|meeting|the room of guest link) \S+ is still listed among bot@example\.org's (rooms|meetings), so it exists/],
      ];
      for (const [what, answer, message] of listedButRefused) {
        // Would catch: a denial taken for "gone" without asking the controller's list, or a proxy's 403 taken for a denial.
        it(`keeps a room and a meeting the controller still lists when their reads are answered 403 with ${what}: their refresh fails, the state stays as it was`, async () => {
          const s = stack();
          await s.converge(1);
          const before = stateOf(s);
          const [room, meeting] = [idOf(s, "r04"), idOf(s, "m01")];
          s.sandbox.addFault({ service: "controller", method: "GET", path: `^/v1/rooms/${room}$`, status: 403, count: EVERY, ...answer });
          s.sandbox.addFault({ service: "controller", method: "GET", path: `^/v1/events/${meeting}$`, status: 403, count: EVERY, ...answer });
          const run = await s.refresh();
          // On 0.35 the guest link reads its room, so it meets the same answer.
          assert.deepStrictEqual(failedNames(run), shape.inviteCodes ? ["m01", "r04"] : ["i04", "m01", "r04"]);
          for (const failure of failuresOf(run)) assert.match(failure.message, message, failure.name);
          assert.deepStrictEqual(stateOf(s), before, "nothing was dropped or changed");
          s.sandbox.clearFaults();
          assertAll(s, await s.up(1), "same");
        });
      }
    });

    describe("an address setting that names the wrong server", () => {
      const cases: [string, (s: FaultStack) => Record<string, string>, RegExp][] = [
        [
          "opentalk:url is the controller's address",
          (s) => ({ "opentalk:url": s.sandbox.controllerUrl }),
          /opentalk:url \(http:\/\/127\.0\.0\.1:\d+\) is the OpenTalk controller's address, not the web app's: set opentalk:url \(OPENTALK_URL\) to the address people open in their browser \(room links are built on it\), and, to skip discovery, opentalk:controllerUrl to http:\/\/127\.0\.0\.1:\d+\./,
        ],
        [
          "opentalk:controllerUrl is the web app's address",
          (s) => ({ "opentalk:controllerUrl": s.sandbox.url }),
          /opentalk:controllerUrl \(http:\/\/127\.0\.0\.1:\d+\) answers http:\/\/127\.0\.0\.1:\d+\/\.well-known\/opentalk\/api with a web page, not the controller's API document: that is the web app's address, not the controller's\. Set opentalk:controllerUrl to the controller's address, or leave it unset so it is discovered from opentalk:url\./,
        ],
      ];
      for (const [setting, config, message] of cases) {
        // Would catch: the web app's start page (a 200) read as an answer, or a failed discovery taken for "gone".
        it(`fails refresh and destroy with a message naming the setting when ${setting}; the state stays as it was`, async () => {
          const s = stack();
          await s.converge(1);
          const before = stateOf(s);
          await s.restartHost(config(s));
          try {
            const refresh = await s.refresh();
            assert.strictEqual(failuresOf(refresh).length, RESOURCES, "every read failed");
            const destroy = await s.destroy();
            // The rooms wait for their guest links, which failed.
            assert.deepStrictEqual(opsOf(destroy), { "delete!": ROOM_COUNT + MEETINGS });
            for (const failure of [...failuresOf(refresh), ...failuresOf(destroy)]) assert.match(failure.message, message, failure.name);
            assert.deepStrictEqual(stateOf(s), before, "the state is as it was");
          } finally {
            await s.restartHost();
          }
          assertAll(s, await s.up(1), "same");
          assert.deepStrictEqual(s.account(), CLEAN);
        });
      }
    });

    describe("an object deleted outside Pulumi", () => {
      // Would catch: a deleted room kept (refresh fails for ever), or its guest link kept pointing at nothing.
      it("drops a room deleted out of band (the controller answers 403 with an empty body) and its guest link at refresh, and the next up makes them again", async () => {
        const s = stack();
        await s.converge(1);
        const old = idOf(s, "r06");
        s.sandbox.store.deleteRoom(old);
        s.sandbox.clearRequests();
        const refresh = await s.refresh();
        assert.deepStrictEqual(failuresOf(refresh), []);
        assert.deepStrictEqual(refresh.steps.filter((step) => step.op === "refresh-gone").map(nameOf).sort(), ["i06", "r06"]);
        const denied = s.sandbox.requests({ service: "controller", method: "GET" }).filter((r) => r.path === `/v1/rooms/${old}`);
        assert.ok(denied.length > 0 && denied.every((r) => r.status === 403), "the room's read was denied, as a real controller denies a missing room");
        assert.ok(s.received("GET", /^\/v1\/rooms\?/) >= 1, "and the user's rooms were listed before calling it gone");
        const up = await s.up(1);
        assert.deepStrictEqual(opsOf(up), { create: 2, same: RESOURCES - 2 });
        assert.notStrictEqual(idOf(s, "r06"), old, "a new room");
        assert.deepStrictEqual(s.account(), CLEAN);
      });

      // Would catch: a meeting's denial not checked against the list of meetings (kept for ever, or dropped on a guess).
      it("drops a meeting deleted out of band at refresh, and the next up makes it again", async () => {
        const s = stack();
        await s.converge(1);
        const old = idOf(s, "m02");
        s.sandbox.store.deleteEvent(old);
        const refresh = await s.refresh();
        assert.deepStrictEqual(failuresOf(refresh), []);
        assert.deepStrictEqual(refresh.steps.filter((step) => step.op === "refresh-gone").map(nameOf), ["m02"]);
        assert.deepStrictEqual(opsOf(await s.up(1)), { create: 1, same: RESOURCES - 1 });
        assert.deepStrictEqual(s.account(), CLEAN);
      });

      // Would catch: one listing per gone room not shared (25 at once), or a meeting's room taken for a plain room.
      it("drops the rooms the controller's room-cleanup job deleted, with their guest links, keeps the meetings, and the next up makes them again", async () => {
        const s = stack();
        await s.converge(1);
        assert.strictEqual(s.sandbox.runRoomCleanup(), ROOM_COUNT, "the job deletes every room without a meeting");
        s.sandbox.clearRequests();
        const refresh = await s.refresh();
        const listings = s.received("GET", /^\/v1\/rooms\?/);
        assert.ok(listings >= 1 && listings <= 10, `the 50 denials shared a few listings of the rooms, not one each (${listings})`);
        assert.deepStrictEqual(failuresOf(refresh), []);
        assert.strictEqual(refresh.steps.filter((step) => step.op === "refresh-gone").length, 2 * ROOM_COUNT);
        assert.ok(refresh.steps.filter((step) => step.op !== "refresh-gone").every((step) => nameOf(step).startsWith("m")), "only the meetings stay");
        assert.deepStrictEqual(opsOf(await s.up(1)), { create: 2 * ROOM_COUNT, same: MEETINGS });
        assert.deepStrictEqual(s.account(), CLEAN);
      });
    });

    describe("a create whose answer was lost", () => {
      const cases = [
        {
          kind: "room",
          name: "r07",
          create: PATHS.roomCreate,
          url: "/v1/rooms",
          adopt: "adoptRoomId",
          noun: "Rooms",
          remove: (s: FaultStack, id: string) => s.sandbox.store.deleteRoom(id),
          made: (s: FaultStack) => s.sandbox.store.rooms().find((room) => room.password === "fault-r07-v1")?.id,
        },
        {
          kind: "meeting",
          name: "m03",
          create: PATHS.meetingCreate,
          url: "/v1/events\\?suppress_email_notification=true",
          adopt: "adoptEventId",
          noun: "Meetings",
          remove: (s: FaultStack, id: string) => s.sandbox.store.deleteEvent(id),
          made: (s: FaultStack) => s.sandbox.store.events().find((event) => event.title === "fault-m03")?.id,
        },
      ] as const;
      for (const { kind, name, create, url, adopt, noun, remove, made } of cases) {
        // Would catch: the lost create repeated (a duplicate), a guess at which object is ours, a candidate list that
        // misses the object, or an adoption that leaves it unmanaged.
        it(`names the ${kind} it may have made with the line that adopts it, rooms unmanaged lists it, and adopting it converges with no orphan`, async () => {
          const s = stack();
          await s.converge(1);
          // The resource must be created again: its ${kind} was deleted out of band.
          remove(s, idOf(s, name));
          await s.refresh();
          s.sandbox.addFault({ service: "controller", method: "POST", path: create, dropAfterProcessing: true, count: 1 });
          const run = await s.up(1);
          assert.deepStrictEqual(failedNames(run), [name]);
          const candidate = made(s);
          assert.ok(candidate, `the ${kind} was made on the server`);
          assert.match(
            failuresOf(run)[0]!.message,
            new RegExp(
              `Creating the ${kind} may have succeeded on the server although its answer was lost, so it was not repeated \\(OpenTalk has no way to make a create safe to repeat\\): ` +
                `Cannot reach the OpenTalk controller at ${ORIGIN} \\(POST ${ORIGIN}${url}\\): the connection was dropped \\(\\w+\\); not retried, since the request may have been processed\\.[^\\n]*\\n` +
                `${noun} of bot@example\\.org created since \\S+ with the settings asked for \\(newest first\\):\\n  - ${candidate} created \\S+ \\([^)]*\\)\\n` +
                `To take one over instead of making another, add ${adopt}: "${candidate}" \\(the one that is yours\\) to this resource`,
            ),
          );
          assert.deepStrictEqual(s.account(), { ...CLEAN, [kind === "room" ? "orphanRooms" : "orphanMeetings"]: [name] }, "the one orphan, and no duplicate");

          const exported = path.join(dir, `${kind}.json`);
          writeStackExport(s.engine, exported);
          const unmanaged = await opentalk(["rooms", "unmanaged", "--state", exported], sandboxEnv(s.sandbox));
          assert.deepStrictEqual(json<{ kind: string; id: string; adopt: string }[]>(unmanaged).map((row) => [row.kind, row.id, row.adopt]), [[kind, candidate, `${adopt}: ${candidate}`]]);

          s.declare(name, { [adopt]: candidate });
          const adopted = await s.up(1);
          assert.deepStrictEqual(failuresOf(adopted), []);
          assert.strictEqual(idOf(s, name), candidate, "the resource took the orphan over");
          assert.deepStrictEqual(s.account(), CLEAN, "no orphan, no duplicate");
          // Taking the adopt line out of the program again changes nothing (README, "Taking over an existing room").
          s.declare(name, {});
          assertAll(s, await s.up(1), "same");
          writeStackExport(s.engine, exported);
          assert.deepStrictEqual(json(await opentalk(["rooms", "unmanaged", "--state", exported], sandboxEnv(s.sandbox))), []);
        });
      }
    });

    describe("a DELETE answered by something in front of the controller", () => {
      const answers: [string, Partial<SandboxFault>, string, string][] = [
        ["a proxy's 404 page", { status: 404, body: "html" }, `404, an HTML page titled "404 Not Found"`, PROXY_PAGE_HINT],
        ["a redirect to a login page", { status: 302, location: LOGIN_PAGE }, "302, a redirect to https://sso\\.example\\.org/login", REDIRECT_HINT],
      ];
      for (const [what, answer, described, hint] of answers) {
        // Would catch: a proxy's answer to a DELETE taken for "deleted" or "already gone" — the state forgets objects
        // that still exist (orphans no later run can find).
        it(`fails the destroy of every room and meeting${shape.inviteCodes ? " and guest link" : ""} when every DELETE is answered with ${what}, keeps them in the state, and a clean destroy removes everything`, async () => {
          const s = stack();
          await s.converge(1);
          const before = stateOf(s);
          const strike = (where: string) => s.sandbox.addFault({ service: "controller", method: "DELETE", path: where, count: EVERY, ...answer });
          strike("^/v1/");
          const first = await s.destroy();
          let failures = failuresOf(first);
          if (shape.inviteCodes) {
            // A room is deleted after its guest link: the refused guest links kept the rooms waiting, the state is whole.
            assert.deepStrictEqual(failures.map((f) => f.kind).filter((k) => k === "room"), []);
            assert.deepStrictEqual(stateOf(s), before, "nothing left the state");
            // Let the guest links go, so the rooms meet the same answer.
            s.sandbox.clearFaults();
            strike(`${PATHS.room}|${PATHS.meeting}`);
            const second = await s.destroy();
            failures = [...failures, ...failuresOf(second)];
          }
          for (const failure of failures) assert.match(failure.message, proxyAnswer(shape, failure, "DELETE", described, hint), failure.name);
          const refused = new Set(failures.map((f) => f.name));
          const recorded = new Set(s.engine.resources().map(nameOf));
          for (const name of [...Array.from({ length: ROOM_COUNT }, (_, i) => roomName(i)), ...Array.from({ length: MEETINGS }, (_, i) => meetingName(i))]) {
            assert.ok(refused.has(name), `${name}: its DELETE was refused`);
            assert.ok(recorded.has(name), `${name}: still in the state`);
          }
          assert.deepStrictEqual(s.account(), CLEAN, "everything recorded is still on the server");
          s.sandbox.clearFaults();
          const clean = await s.destroy();
          assert.deepStrictEqual(failuresOf(clean), []);
          assert.deepStrictEqual(s.engine.resources(), []);
          assert.deepStrictEqual(s.account(), CLEAN, "nothing left on the server");
        });
      }
    });
  });
});
