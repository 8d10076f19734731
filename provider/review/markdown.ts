import { SECRET_OUTPUTS } from "../resources/secret-output-names";
import { kindOfType, nameOfUrn } from "../resources/type-tokens";
import type { PolicyViolation } from "./engine-events";
import { code, escapeMarkdown } from "./markdown-text";
import type { PreviewDigest, PreviewStep, ResourceState } from "./preview-digest";
import { hasSecret, settingValue, UNKNOWN } from "./property-values";
import { MARKED, type Action, type ResourceLine, type Review } from "./review";

export interface MarkdownOptions {
  /** The heading's first words; default "OpenTalk rooms". */
  title?: string;
  /** Append the digest itself, folded, for reviewers who want every detail (internal keys left out). */
  raw?: PreviewDigest;
}

/** A PR comment fits in 65,536 characters; the raw digest is cut to leave room for the summary. */
const RAW_LIMIT = 40_000;

const HEADING_WORDS: Record<Action, string> = {
  retyped: "recreated",
  replaced: "replaced",
  deleted: "deleted",
  gone: "deleted outside Git",
  drifted: "drifted from Git",
  changed: "changed",
  new: "new",
};
/** The engine's step counts in the order people read a plan. */
const STEP_WORDS: Record<string, string> = {
  create: "to create", import: "to import", update: "to update", replace: "to replace", delete: "to delete", same: "unchanged", refresh: "refreshed",
};

/** The review as Markdown for a pull request comment or an issue. */
export function renderMarkdown(review: Review, options: MarkdownOptions = {}): string {
  const out: string[] = [`### ${escapeMarkdown(options.title ?? "OpenTalk rooms")}: ${headline(review)}`, ""];
  const mandatory = review.violations.filter((v) => v.enforcementLevel === "mandatory").length;
  if (mandatory > 0) {
    out.push(`**❌ ${mandatory === 1 ? "1 mandatory policy violation" : `${mandatory} mandatory policy violations`}: pulumi refuses this change until ${mandatory === 1 ? "it is" : "they are"} fixed (below).**`, "");
  }
  if (review.lines.length > 0) out.push(...review.lines.map(lineText), "");
  if (review.unexplainedDrift > 0) {
    out.push(
      `${review.unexplainedDrift === 1 ? "1 more resource" : `${review.unexplainedDrift} more resources`} changed outside Git, ` +
        "but the preview does not say which (dynamic providers report no details): pass the refresh's event log " +
        "(--event-log FILE) with --events, or run pulumi refresh --preview-only --diff.",
      "",
    );
  }
  if (review.violations.length > 0) out.push("#### Policy violations", "", ...violationLines(review.violations), "");
  if (review.problems.length > 0) out.push(`#### Problems reported by pulumi ${review.mode === "refresh" ? "refresh" : "preview"}`, "", ...review.problems.map((p) => `- ${escapeMarkdown(p)}`), "");
  out.push(`<sub>${footer(review)}</sub>`);
  if (options.raw) out.push("", ...rawSection(options.raw, review.mode));
  return `${out.join("\n")}\n`;
}

function headline(review: Review): string {
  const counts = new Map<string, number>();
  for (const line of review.lines) counts.set(HEADING_WORDS[line.action], (counts.get(HEADING_WORDS[line.action]) ?? 0) + 1);
  if (review.unexplainedDrift > 0) counts.set("drifted from Git", (counts.get("drifted from Git") ?? 0) + review.unexplainedDrift);
  if (counts.size === 0) return review.mode === "refresh" ? "no drift — OpenTalk matches Git" : "no changes";
  return [...counts].map(([words, count]) => `${count} ${words}`).join(", ");
}

function lineText(line: ResourceLine): string {
  const mark = MARKED.has(line.action) ? "⚠️ " : "";
  return `- ${mark}${label(line)}: ${line.words}`;
}

function label(line: ResourceLine): string {
  switch (line.kind) {
    case "meeting":
      return line.title ? `**${escapeMarkdown(line.title)}** (${code(line.name)})` : `**${escapeMarkdown(line.name)}**`;
    case "invite":
      return `guest link **${escapeMarkdown(line.name)}**`;
    case "room":
      return `**${escapeMarkdown(line.name)}**`;
    default:
      return `${code(line.name)} (${code(line.type)})`;
  }
}

function violationLines(violations: readonly PolicyViolation[]): string[] {
  const rank = (v: PolicyViolation) => (v.enforcementLevel === "mandatory" ? 0 : 1);
  return [...violations]
    .sort((a, b) => rank(a) - rank(b) || a.policyName.localeCompare(b.policyName))
    .map((v) => {
      const level = v.enforcementLevel === "mandatory" ? "❌ **mandatory**" : `⚠️ ${escapeMarkdown(v.enforcementLevel)}`;
      const lines = v.message.split("\n").map((l) => l.trim()).filter(Boolean);
      // The pack puts the policy's description first and the violation's own message after it.
      const text = lines.length > 1 ? lines.slice(1).join(" ") : (lines[0] ?? "");
      const where = v.urn ? ` (${code(nameOfUrn(v.urn))})` : "";
      return `- ${level} ${code(v.policyName)}${where}: ${escapeMarkdown(text)}`;
    });
}

function blindStep(step: PreviewStep): PreviewStep {
  const blind = (state: ResourceState | undefined): ResourceState | undefined => {
    if (!state) return state;
    const kind = kindOfType(state.type);
    // Which properties of other resources (the stack's exports among them) are secret is not known here.
    if (!kind) return { ...state, inputs: undefined, outputs: undefined };
    const secretKeys = new Set<string>(["password", ...(kind ? SECRET_OUTPUTS[kind] : [])]);
    const props = (values: Record<string, unknown> | undefined) =>
      values && Object.fromEntries(Object.entries(values).map(([key, value]) => [key, secretKeys.has(key) || hasSecret(settingValue(value)) ? "[secret]" : value]));
    return { ...state, inputs: props(state.inputs), outputs: props(state.outputs) };
  };
  return { ...step, oldState: blind(step.oldState), newState: blind(step.newState) };
}

function footer(review: Review): string {
  const command = review.mode === "refresh" ? "pulumi refresh --preview-only" : "pulumi preview";
  const ops = [...Object.keys(STEP_WORDS), ...Object.keys(review.changeSummary).filter((op) => !(op in STEP_WORDS)).sort()];
  const counts = ops
    .filter((op) => (review.changeSummary[op] ?? 0) > 0)
    .map((op) => `${review.changeSummary[op]} ${STEP_WORDS[op] ?? op}`);
  return `${command}: ${counts.length > 0 ? counts.join(", ") : "nothing to do"} (all resources, the stack included). Secret values are never shown.`;
}

/**
 * The digest, for reviewers who want every detail — but never a secret: a run with --show-secrets prints them in
 * plain text, so the outputs that are always secret (resources/secret-output-names.ts), the password input and
 * anything marked secret are blinded again; the stack config and the properties of resources that are not ours (the
 * stack's exports among them) are left out, since which of them are secret is not in the digest.
 */
function rawSection(digest: PreviewDigest, mode: Review["mode"]): string[] {
  const { config: _config, ...rest } = digest;
  let json = JSON.stringify({ ...rest, steps: rest.steps?.map(blindStep) }, (key, value: unknown) => {
    if (key.startsWith("__") || key.startsWith("//")) return undefined;
    return settingValue(value) === UNKNOWN ? "(known after apply)" : value;
  }, 2);
  if (json.length > RAW_LIMIT) json = `${json.slice(0, RAW_LIMIT)}\n… (cut at ${RAW_LIMIT} characters)`;
  const fence = "`".repeat(Math.max(3, ...(json.match(/`+/g) ?? []).map((run) => run.length + 1)));
  const command = mode === "refresh" ? "pulumi refresh --preview-only --json" : "pulumi preview --json";
  return [`<details><summary>The raw output of ${command} (internal keys, the stack config and the properties of other resources left out)</summary>`, "", `${fence}json`, json, fence, "", "</details>"];
}
