// The preview fixtures of `opentalk review` (test/gitops/fixtures): each `<name>.preview.json` cites, in its "//" key,
// the pulumi/pulumi source and commit its shape comes from; `<name>.events.jsonl` is the engine event log of the same
// run; `<case>.md` is the golden Markdown. UPDATE_GOLDEN=1 rewrites the goldens (then read the diff).
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { parseEngineEvents } from "../../provider/review/engine-events";
import { renderMarkdown } from "../../provider/review/markdown";
import { parsePreviewDigest } from "../../provider/review/preview-digest";
import { reviewDigest } from "../../provider/review/review";

export const FIXTURES = path.join(__dirname, "fixtures");

/** A golden case: a fixture, with or without its event log, with or without the raw digest. */
export interface GoldenCase {
  golden: string;
  fixture: string;
  events?: boolean;
  raw?: boolean;
  what: string;
}

export const GOLDEN_CASES: readonly GoldenCase[] = [
  { golden: "create", fixture: "create", what: "a new stack: meetings, a plain room, guest links to rooms not made yet" },
  { golden: "update", fixture: "update", what: "in-place changes: guest access, waiting room, a password, a title, dial-in, an expiry" },
  { golden: "replace-delete", fixture: "replace-delete", what: "replacements, deletions, a plain room that becomes a meeting, a new room not known yet" },
  { golden: "refresh-drift", fixture: "refresh-drift", events: true, what: "nightly drift, with the refresh's event log" },
  { golden: "refresh-drift.no-events", fixture: "refresh-drift", what: "nightly drift from the preview JSON alone" },
  { golden: "pull-request", fixture: "pull-request", events: true, what: "the README's pull request, with policy violations" },
  { golden: "show-secrets", fixture: "show-secrets", events: true, raw: true, what: "a run with --show-secrets, raw preview included" },
];

export function fixturePath(name: string, kind: "preview.json" | "events.jsonl"): string {
  return path.join(FIXTURES, `${name}.${kind}`);
}

export function render(c: GoldenCase): string {
  const digest = parsePreviewDigest(readFileSync(fixturePath(c.fixture, "preview.json"), "utf8"));
  const eventsFile = fixturePath(c.fixture, "events.jsonl");
  const events = c.events ? parseEngineEvents(readFileSync(eventsFile, "utf8"), eventsFile) : undefined;
  return renderMarkdown(reviewDigest(digest, events), { raw: c.raw ? digest : undefined });
}

export function golden(c: GoldenCase, actual: string): string {
  const file = path.join(FIXTURES, `${c.golden}.md`);
  if (process.env.UPDATE_GOLDEN === "1") writeFileSync(file, actual);
  if (!existsSync(file)) throw new Error(`${file} is missing: run the tests once with UPDATE_GOLDEN=1 and read what it wrote`);
  return readFileSync(file, "utf8");
}
