
/**
 * The engine event log of the same run (`pulumi preview --event-log FILE`, `pulumi refresh --preview-only
 * --event-log FILE`): one JSON engine event per line (pulumi/pulumi 1b5949891b3c pkg/backend/display/display.go, the
 * log writer; sdk/go/common/apitype/events.go `EngineEvent`). The preview digest leaves out two things it has:
 * - policy violations, `policyEvent` {resourceUrn, message, policyName, policyPackName, enforcementLevel, severity}
 *   (pkg/backend/display/events.go `ConvertEngineEvent`). The message is the pack's `description\nmessage` wrapped in
 *   Pulumi colour tags such as `<{%reset%}>` (pkg/engine/events.go `policyViolationEvent`, colours left raw);
 * - what a refresh found per resource, `resOutputsEvent.metadata` {op, urn, old, new} after a `resourcePreEvent` with
 *   op "refresh": the digest shows a drifted resource only when its provider gave a detailed diff, which dynamic
 *   providers never do, while the event log always has the op ("update", "delete") with the state before and after.
 *   States carry secrets as `{sig, ciphertext: "[secret]"}` (property-values.ts).
 */
export interface PolicyViolation {
  urn?: string;
  policyName: string;
  policyPackName: string;
  enforcementLevel: string;
  severity?: string;
  /** Colour tags removed; the pack's description first, then the policy's own message. */
  message: string;
}

export interface RefreshOutcome {
  urn: string;
  op: string;
  old?: { type: string; inputs?: Record<string, unknown>; outputs?: Record<string, unknown> };
  new?: { type: string; inputs?: Record<string, unknown>; outputs?: Record<string, unknown> };
}

export interface EngineEvents {
  policyViolations: PolicyViolation[];
  /** Refreshed resources whose refresh changed or removed them, by URN. */
  refreshOutcomes: Map<string, RefreshOutcome>;
}

export class EngineEventsError extends Error {
  override readonly name = "EngineEventsError";
}

export function parseEngineEvents(text: string, source = "the event log"): EngineEvents {
  const policyViolations: PolicyViolation[] = [];
  const refreshOutcomes = new Map<string, RefreshOutcome>();
  const refreshing = new Set<string>();
  text.split("\n").forEach((line, index) => {
    if (line.trim() === "") return;
    let event: Record<string, any>;
    try {
      event = JSON.parse(line) as Record<string, any>;
    } catch {
      throw new EngineEventsError(`${source}, line ${index + 1}, is not JSON: an event log (--event-log FILE) has one engine event per line`);
    }
    if (event.policyEvent) {
      const p = event.policyEvent;
      policyViolations.push({
        urn: p.resourceUrn || undefined,
        policyName: String(p.policyName ?? ""),
        policyPackName: String(p.policyPackName ?? ""),
        enforcementLevel: String(p.enforcementLevel ?? ""),
        severity: p.severity || undefined,
        message: withoutColours(String(p.message ?? "")).trim(),
      });
    }
    const pre = event.resourcePreEvent?.metadata;
    if (pre?.op === "refresh") refreshing.add(pre.urn);
    const outputs = event.resOutputsEvent?.metadata;
    if (outputs && refreshing.has(outputs.urn) && (outputs.op === "update" || outputs.op === "delete")) {
      refreshOutcomes.set(outputs.urn, { urn: outputs.urn, op: outputs.op, old: outputs.old ?? undefined, new: outputs.new ?? undefined });
    }
  });
  return { policyViolations, refreshOutcomes };
}

/** Pulumi's colour tags, `<{%fg 1%}>`, `<{%reset%}>` (sdk/go/common/diag/colors/colors.go). */
function withoutColours(text: string): string {
  return text.replace(/<\{%[^%]*%\}>/g, "");
}
