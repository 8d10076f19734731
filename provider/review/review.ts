import { kindOfType, nameOfUrn, typeOfUrn, type ResourceKind } from "../resources/type-tokens";
import type { EngineEvents, PolicyViolation } from "./engine-events";
import type { PreviewDigest, PreviewStep, ResourceState } from "./preview-digest";
import { settingsOf, type SettingValue } from "./property-values";
import { changePhrases, summary } from "./setting-words";

/**
 * What a preview (or a refresh preview) means for the rooms, as one line per room, meeting and guest link — the
 * decisions of `opentalk review`, apart from their Markdown (markdown.ts).
 *
 * Our dynamic providers give the engine no detailed diff (@pulumi/pulumi 3.248 cmd/dynamic-provider/index.js answers
 * Diff with `changes`, `replaces` and `deleteBeforeReplace` only), so a step's `detailedDiff` is null and `diffReasons`
 * empty: changes are found by comparing the step's old and new inputs — outputs
 * in a refresh, where refreshed inputs leave the password out (runtime/room-provider.ts `inputsFromOutputs`).
 */
export type Action = "replaced" | "deleted" | "retyped" | "changed" | "new" | "drifted" | "gone";

export interface ResourceLine {
  name: string;
  kind: ResourceKind | "other";
  /** The resource's type token, for resources that are not ours. */
  type: string;
  /** A meeting's title, when known. */
  title?: string;
  action: Action;
  /** The line in words, already Markdown-safe. */
  words: string;
}

export interface Review {
  mode: "preview" | "refresh";
  lines: ResourceLine[];
  /** Refresh: resources the engine counted as drifted or gone that neither the digest nor the events name. */
  unexplainedDrift: number;
  violations: PolicyViolation[];
  /** Error and warning diagnostics of the run. */
  problems: string[];
  changeSummary: Record<string, number>;
}

/** Marked lines (links that stop working) come first, then changes, then new resources. */
const ORDER: Record<Action, number> = { retyped: 0, replaced: 0, deleted: 0, gone: 0, drifted: 1, changed: 1, new: 2 };
export const MARKED: ReadonlySet<Action> = new Set(["retyped", "replaced", "deleted", "gone"]);

/** Steps that are halves of a replacement, shown only with --show-replacement-steps; the `replace` step says it all. */
const NOT_LOGICAL = new Set(["create-replacement", "delete-replaced", "discard-replaced", "remove-pending-replace", "read-replacement", "import-replacement"]);

export function reviewDigest(digest: PreviewDigest, events?: EngineEvents): Review {
  const steps = (digest.steps ?? []).filter((step) => !NOT_LOGICAL.has(step.op) && isManaged(typeOf(step)));
  const mode = isRefresh(digest.steps ?? []) ? "refresh" : "preview";
  const lines = mode === "refresh" ? refreshLines(steps, events) : previewLines(steps.filter((step) => step.op !== "refresh"));
  const changeSummary = digest.changeSummary ?? {};
  const unexplainedDrift =
    mode === "refresh" ? Math.max(0, (changeSummary.update ?? 0) + (changeSummary.delete ?? 0) - lines.length) : 0;
  const problems = (digest.diagnostics ?? [])
    .filter((d) => d.severity === "error" || d.severity === "warning")
    .map((d) => (d.message ?? "").trim())
    .filter((message, i, all) => message !== "" && all.indexOf(message) === i);
  return { mode, lines: sorted(lines), unexplainedDrift, violations: events?.policyViolations ?? [], problems, changeSummary };
}

/**
 * A refresh digest (`pulumi refresh --preview-only --json`) has a `refresh` step per resource, some rewritten to
 * `update` or `delete`. `pulumi preview --refresh --json` also has refresh steps, but then each resource appears a
 * second time with its planned step (pkg/engine/deployment_executor.go runs a refresh pass first).
 */
export function isRefresh(steps: readonly PreviewStep[]): boolean {
  if (!steps.some((step) => step.op === "refresh")) return false;
  const urns = steps.map((step) => step.urn);
  return new Set(urns).size === urns.length && steps.every((step) => ["refresh", "update", "delete", "same"].includes(step.op));
}

function previewLines(steps: PreviewStep[]): ResourceLine[] {
  const lines: ResourceLine[] = [];
  const created = new Map(steps.filter((s) => s.op === "create").map((s) => [nameOfUrn(s.urn), s]));
  const retyped = new Set<PreviewStep>();
  for (const step of steps) {
    // An entry that gains or loses its title: the engine deletes the room of one type and creates one of the other.
    const successor = step.op === "delete" ? created.get(nameOfUrn(step.urn)) : undefined;
    if (successor && kindOf(successor) !== kindOf(step) && kindOf(step) !== "invite" && kindOf(successor) !== "invite") {
      retyped.add(successor);
      lines.push(line(successor, "retyped", `${noun(kindOf(step))} becomes a ${noun(kindOf(successor))} — a new room with a new link; people's bookmarks will stop working`));
    }
  }
  for (const step of steps) {
    if (retyped.has(step) || (step.op === "delete" && [...retyped].some((s) => nameOfUrn(s.urn) === nameOfUrn(step.urn)))) continue;
    const kind = kindOf(step);
    switch (step.op) {
      case "create":
      case "import":
        lines.push(line(step, "new", kind === "other" ? "new" : `new ${noun(kind)} — ${summary(kind, settingsOf(step.newState?.inputs))}`));
        break;
      case "update":
        lines.push(line(step, "changed", updateWords(step, kind)));
        break;
      case "replace":
        lines.push(line(step, "replaced", replaceWords(step, kind)));
        break;
      case "delete":
        lines.push(line(step, "deleted", deleteWords(step.oldState, kind)));
        break;
    }
  }
  return lines;
}

function refreshLines(steps: PreviewStep[], events?: EngineEvents): ResourceLine[] {
  const lines: ResourceLine[] = [];
  for (const step of steps) {
    const outcome = step.op === "refresh" ? events?.refreshOutcomes.get(step.urn) : undefined;
    const op = outcome?.op ?? step.op;
    const kind = kindOf(step);
    if (op === "delete") {
      lines.push(line(step, "gone", kind === "invite"
        ? "gone outside Git (revoked, expired, or its room deleted) — the next pulumi up makes a new link"
        : "deleted outside Git — the next pulumi up makes a new one, with a new link; bookmarks of the old one stop working"));
    } else if (op === "update") {
      const old = settingsOf(outcome?.old?.outputs ?? step.oldState?.outputs);
      const now = settingsOf(outcome?.new?.outputs ?? step.newState?.outputs);
      const { phrases, hidden } = kind === "other" ? { phrases: [], hidden: false } : changePhrases(kind, old, now);
      const what = phrases.length > 0 ? phrases.join("; ") : hidden ? "a secret setting changed (the password)" : "changed";
      lines.push(line(step, "drifted", `changed outside Git — ${what}; the next pulumi up puts the declared settings back`));
    }
  }
  return lines;
}

function updateWords(step: PreviewStep, kind: ResourceKind | "other"): string {
  if (kind === "other") return "changed";
  const { phrases, hidden } = changePhrases(kind, settingsOf(step.oldState?.inputs), settingsOf(step.newState?.inputs));
  const reasons = new Set([...(step.diffReasons ?? []), ...Object.keys(step.detailedDiff ?? {})]);
  if (reasons.has("password") && !phrases.some((p) => p.startsWith("password"))) phrases.push("password changed");
  // Nothing visible changed, yet the provider asks for an update: the difference is in the only secret input.
  if (phrases.length === 0) phrases.push(hidden ? "password changed" : "settings applied again (no visible change)");
  return phrases.join("; ");
}

function replaceWords(step: PreviewStep, kind: ResourceKind | "other"): string {
  const reasons = step.replaceReasons?.length ? ` (${step.replaceReasons.map(reasonWords).join(", ")})` : "";
  if (kind === "invite") return `replaced${reasons} — a new guest link; the old one stops working`;
  return `replaced${reasons} — a new room with a new link; people's bookmarks will stop working`;
}

function reasonWords(key: string): string {
  switch (key) {
    case "adoptRoomId":
      return "takes over another room";
    case "adoptEventId":
      return "takes over another meeting";
    case "roomId":
      return "for another room";
    default:
      return `${key} changed`;
  }
}

function deleteWords(old: ResourceState | undefined, kind: ResourceKind | "other"): string {
  if (old?.retainOnDelete) return "removed from the stack, kept in OpenTalk (retainOnDelete)";
  const protectedNote = old?.protect ? " — protected: pulumi up will refuse until protect is removed" : "";
  if (kind === "invite") return `deleted — the guest link stops working (on OpenTalk 0.35, where it is the room link, only once the room's guestAccess is disabled)${protectedNote}`;
  if (kind === "other") return `deleted${protectedNote}`;
  return `deleted — people's bookmarks will stop working${protectedNote}`;
}

function line(step: PreviewStep, action: Action, words: string): ResourceLine {
  const kind = kindOf(step);
  const inputs = settingsOf(step.newState?.inputs ?? step.oldState?.inputs);
  const title: SettingValue = kind === "meeting" ? inputs.title : undefined;
  return { name: nameOfUrn(step.urn), kind, type: typeOf(step), title: typeof title === "string" ? title : undefined, action, words };
}

function sorted(lines: ResourceLine[]): ResourceLine[] {
  return [...lines].sort((a, b) => ORDER[a.action] - ORDER[b.action] || a.name.localeCompare(b.name));
}

function typeOf(step: PreviewStep): string {
  return step.newState?.type ?? step.oldState?.type ?? typeOfUrn(step.urn);
}

function kindOf(step: PreviewStep): ResourceKind | "other" {
  return kindOfType(typeOf(step)) ?? "other";
}

/** The stack and providers are machinery, not rooms. */
function isManaged(type: string): boolean {
  return type !== "pulumi:pulumi:Stack" && !type.startsWith("pulumi:providers:");
}

function noun(kind: ResourceKind | "other"): string {
  return { room: "plain room", meeting: "meeting", invite: "guest link", other: "resource" }[kind];
}
