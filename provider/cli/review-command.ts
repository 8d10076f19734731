import { readFileSync } from "node:fs";
import { EngineEventsError, parseEngineEvents } from "../review/engine-events";
import { renderMarkdown } from "../review/markdown";
import { parsePreviewDigest, PreviewDigestError } from "../review/preview-digest";
import { reviewDigest } from "../review/review";
import { UsageError, type Command } from "./command";

/**
 * `opentalk review <preview.json>`: what `pulumi preview --json` (or `pulumi refresh --preview-only --json`) means
 * for the rooms, as Markdown for a pull request comment or an issue. Reads files only; needs no OpenTalk settings.
 */
export const review: Command = {
  group: "review",
  action: "",
  args: [{ name: "preview-json", description: "the file that `pulumi preview --json` (or `pulumi refresh --preview-only --json`) wrote" }],
  prints: "markdown",
  options: {
    events: {
      type: "string",
      valueName: "FILE",
      description: "The engine event log of the same run (--event-log FILE): adds policy violations, and which resources drifted in a refresh",
    },
    raw: { type: "boolean", description: "Append the preview itself, folded (<details>), internal keys left out" },
    title: { type: "string", valueName: "TEXT", description: 'The heading\'s first words (default "OpenTalk rooms")' },
  },
  summary: "Turn pulumi preview --json into a Markdown summary reviewers can read",
  details: [
    "One line per room, meeting and guest link, in words: replacements and deletions first and marked, then changes,",
    "then new ones. Secret values are never shown (a password is \"set\", \"removed\" or \"changed\"). A refresh",
    "(pulumi refresh --preview-only --json) is reported as drift from Git. Policy violations are not part of",
    "pulumi's JSON: give the run's event log with --events to include them.",
    "",
    "  pulumi preview --json --policy-pack policy --event-log events.jsonl > preview.json",
    "  opentalk review preview.json --events events.jsonl > summary.md",
  ].join("\n"),
  async run({ args, options }) {
    const file = args["preview-json"]!;
    try {
      const digest = parsePreviewDigest(readText(file), file);
      const events = typeof options.events === "string" ? parseEngineEvents(readText(options.events), options.events) : undefined;
      const text = renderMarkdown(reviewDigest(digest, events), {
        title: typeof options.title === "string" ? options.title : undefined,
        raw: options.raw === true ? digest : undefined,
      });
      return { shape: "text", text };
    } catch (error) {
      if (error instanceof PreviewDigestError || error instanceof EngineEventsError) throw new UsageError(error.message, review);
      throw error;
    }
  },
};

function readText(file: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch (error) {
    throw new UsageError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, review);
  }
}

export const REVIEW_COMMANDS: readonly Command[] = [review];
