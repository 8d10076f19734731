import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import * as path from "node:path";
import { parseEngineEvents } from "../../provider/review/engine-events";
import { parsePreviewDigest, PreviewDigestError } from "../../provider/review/preview-digest";
import { SECRET, UNKNOWN } from "../../provider/review/property-values";
import { isRefresh } from "../../provider/review/review";
import { changePhrases } from "../../provider/review/setting-words";
import { opentalk } from "../cli/run-cli";
import { FIXTURES, fixturePath, golden, GOLDEN_CASES, render } from "./review-fixtures";

describe("opentalk review", () => {
  describe("golden summaries of the preview fixtures", () => {
    for (const c of GOLDEN_CASES) {
      it(`${c.golden}: ${c.what}`, () => {
        const actual = render(c);
        assert.equal(actual, golden(c, actual));
      });
    }
  });

  describe("secrets", () => {
    const outputs = () => GOLDEN_CASES.map((c) => ({ c, text: render({ ...c, raw: true, events: c.events }) }));

    it("shows no secret value of the --show-secrets fixtures, not even in the raw preview", () => {
      const fixture = JSON.parse(readFileSync(fixturePath("show-secrets", "preview.json"), "utf8")) as { "//secrets": string[] };
      assert.ok(fixture["//secrets"].length >= 5);
      for (const { c, text } of outputs()) {
        for (const secret of fixture["//secrets"]) assert.ok(!text.includes(secret), `${c.golden} shows ${secret}`);
      }
    });

    it("shows no secret marker, ciphertext or serialized provider code", () => {
      for (const { c, text } of outputs()) {
        for (const marker of ["4dabf18193072939515e22adb298388d", "ciphertext", "plaintext", "__provider", "exports.handler", "04da6b54-80e4"]) {
          assert.ok(!text.includes(marker), `${c.golden} shows ${marker}`);
        }
        const summary = text.split("<details>")[0]!;
        assert.ok(!summary.includes("[secret]"), `${c.golden}: the summary says "password changed", never [secret]`);
      }
    });
  });

  describe("what the fixtures are", () => {
    it("each preview fixture cites the pulumi/pulumi source and commit of its shape", () => {
      const files = readdirSync(FIXTURES).filter((f) => f.endsWith(".preview.json") || f.endsWith(".events.jsonl"));
      assert.ok(files.length >= 8);
      for (const file of files) {
        const text = readFileSync(path.join(FIXTURES, file), "utf8");
        const citation = (JSON.parse(text.split("\n")[0]!.startsWith("{\"//\"") ? text.split("\n")[0]! : text) as { "//": string })["//"];
        assert.match(citation, /pulumi\/pulumi 1b5949891b3cefcb9974752b24a5ecef0acc86c8/, file);
        assert.match(citation, /pkg\/backend\/display\/(json|display|events)\.go/, file);
      }
    });
  });

  describe("reading pulumi's output", () => {
    it("skips what the CLI printed before the JSON (pulumi/pulumi#19775)", () => {
      const text = readFileSync(fixturePath("update", "preview.json"), "utf8");
      const digest = parsePreviewDigest(`Installing policy pack opentalk-rooms 0.1.0...\n{ not yet\n${text}`);
      assert.equal(digest.steps!.length, 5);
    });

    it("says what is wrong with a file that is not a preview", () => {
      assert.throws(() => parsePreviewDigest("{}\n[1]", "x.json"), PreviewDigestError);
      assert.throws(() => parsePreviewDigest('{"steps": [{"op": 1}]}', "x.json"), /x\.json is JSON, but not a preview digest/);
      assert.throws(() => parseEngineEvents("{}\nnot json", "e.jsonl"), /e\.jsonl, line 2, is not JSON/);
    });

    it("tells a refresh preview from a preview run with --refresh (each resource twice)", () => {
      const refresh = [{ op: "refresh", urn: "a" }, { op: "update", urn: "b" }];
      assert.equal(isRefresh(refresh), true);
      assert.equal(isRefresh([...refresh, { op: "update", urn: "a" }]), false);
      assert.equal(isRefresh([{ op: "update", urn: "a" }]), false);
    });
  });

  describe("words for settings", () => {
    const table: [string, Record<string, unknown>, Record<string, unknown>, string[]][] = [
      ["guest access opened", { guestAccess: "waiting_room" }, { guestAccess: "direct_access" }, ["guests now enter directly (was: waiting room)"]],
      ["guests shut out", { guestAccess: "direct_access" }, { guestAccess: "disabled" }, ["guests can no longer join (was: direct)"]],
      ["guest access left to the server", { guestAccess: "disabled" }, {}, ["guest access now left to the server (was: no guests)"]],
      ["a password added", {}, { password: SECRET }, ["password set"]],
      ["a password removed", { password: SECRET }, {}, ["password removed — anyone with the link gets as far as the room allows"]],
      ["two secrets: nothing visible", { password: SECRET }, { password: SECRET }, []],
      ["dial-in switched on", {}, { sip: { enabled: true, lobby: true } }, ["phone dial-in on (callers wait in the lobby)"]],
      ["a new meeting time", { startsAt: "2027-01-04T09:00:00Z", endsAt: "2027-01-04T10:00:00Z" }, { startsAt: "2027-01-11T09:00:00Z", endsAt: "2027-01-11T10:00:00Z" }, ["schedule changed (start, end)"]],
      ["a value known after apply", { title: "Old" }, { title: UNKNOWN }, ["title known after apply"]],
      ["ids are not settings", { roomId: "a", adoptRoomId: "x", eventId: "e" }, { roomId: "b", adoptRoomId: "y", eventId: "f" }, []],
    ];
    for (const [what, old, now, phrases] of table) {
      it(what, () => assert.deepEqual(changePhrases("meeting", old as never, now as never).phrases, phrases));
    }

    it("guest link expiries as days", () => {
      assert.deepEqual(changePhrases("invite", { expiresAt: "2027-03-31T18:00:00Z" }, {}).phrases, ["expiry removed — the link never expires (was: 31 Mar 2027)"]);
      assert.deepEqual(changePhrases("invite", {}, { expiresAt: "2027-06-30T18:00:00+02:00" }).phrases, ["now expires 30 Jun 2027 (was: never)"]);
    });
  });

  describe("as a command", () => {
    it("prints the summary of a preview and its event log", async () => {
      const run = await opentalk(["review", fixturePath("pull-request", "preview.json"), "--events", fixturePath("pull-request", "events.jsonl")], {});
      assert.equal(run.status, 0, run.stderr);
      assert.equal(run.stdout, render(GOLDEN_CASES.find((c) => c.golden === "pull-request")!));
    });

    it("refuses what it cannot read, with exit status 2", async () => {
      const missing = await opentalk(["review", "no-such-preview.json"], {});
      assert.equal(missing.status, 2);
      assert.match(missing.stderr, /cannot read no-such-preview\.json: ENOENT/);
      const missingEvents = await opentalk(["review", fixturePath("pull-request", "preview.json"), "--events", "no-such-events.jsonl"], {});
      assert.equal(missingEvents.status, 2, "a usage error, not an unexpected failure with a stack trace");
      assert.match(missingEvents.stderr, /cannot read no-such-events\.jsonl: ENOENT/);
      const notJson = await opentalk(["review", fixturePath("pull-request", "events.jsonl")], {});
      assert.equal(notJson.status, 2);
      assert.match(notJson.stderr, /is JSON, but not a preview digest|is not the JSON of "pulumi preview --json"/);
      const csv = await opentalk(["review", fixturePath("update", "preview.json"), "--csv"], {});
      assert.equal(csv.status, 2);
      assert.match(csv.stderr, /--csv does not apply: this command prints Markdown/);
    });

    it("is listed in the help, with its options", async () => {
      const general = await opentalk(["--help"], {});
      assert.match(general.stdout, /^ {2}review +Turn pulumi preview --json into a Markdown summary reviewers can read$/m);
      const own = await opentalk(["review", "--help"], {});
      assert.match(own.stdout, /^Usage: opentalk review <preview-json> \[--events FILE\] \[--raw\] \[--title TEXT\]$/m);
    });
  });
});

describe("the README's review examples", () => {
  const readme = readFileSync(path.join(__dirname, "../../README.md"), "utf8");
  const blocks = [...readme.matchAll(/<!-- opentalk review (\S+) --events (\S+) -->\n([\s\S]*?)\n<!-- end of opentalk review -->/g)];

  it("are what opentalk review renders from the fixtures they name", () => {
    assert.equal(blocks.length, 2, "the pull request summary and the drift report");
    for (const [, preview, events, quoted] of blocks) {
      const shown = quoted!.split("\n").map((line) => line.replace(/^> ?/, "")).join("\n") + "\n";
      const fixture = path.basename(preview!, ".preview.json");
      assert.equal(path.basename(events!, ".events.jsonl"), fixture);
      assert.equal(shown, render({ golden: fixture, fixture, events: true, what: "README" }), `README block for ${preview}`);
    }
  });
});
