/**
 * What `pulumi preview --json` (and `pulumi refresh --preview-only --json`) prints: one "preview digest", written at
 * the end of the run. Shapes from pulumi/pulumi at 1b5949891b3cefcb9974752b24a5ecef0acc86c8 (v3.259.0+, the same at
 * v3.248.0 a88168d865b7):
 * - pkg/display/json.go `PreviewDigest`, `PreviewStep`, `PropertyDiff`, `PreviewDiagnostic`;
 * - pkg/backend/display/json.go `ShowPreviewDigest`, `getPreviewMetadataStep`: states serialized with secrets as the
 *   string "[secret]" and unknowns as the string 04da6b54-80e4-46f7-96ec-b56ff0331ba9; `detailedDiff` has no omitempty
 *   (null when the provider gave none, as our dynamic providers never give one); refresh steps that drifted are
 *   rewritten to `update` only when the provider gave a detailed diff, or to `delete`;
 * - sdk/go/common/apitype/core.go `ResourceV3` for oldState/newState (only the fields used here).
 * `duration` is nanoseconds (Go time.Duration). Policy violations are not part of it (json.go: "we don't handle policy
 * events in JSON serialization"): they come from the engine event log (engine-events.ts).
 */
export interface PreviewDigest {
  config?: Record<string, string>;
  steps?: PreviewStep[];
  diagnostics?: PreviewDiagnostic[];
  duration?: number;
  changeSummary?: Record<string, number>;
  maybeCorrupt?: boolean;
}

export interface PreviewStep {
  /** same, create, update, delete, replace, create-replacement, delete-replaced, read, refresh, import, … (pkg/resource/deploy/step.go). */
  op: string;
  urn: string;
  provider?: string;
  oldState?: ResourceState;
  newState?: ResourceState;
  diffReasons?: string[];
  replaceReasons?: string[];
  detailedDiff?: Record<string, { kind: string; inputDiff: boolean }> | null;
}

export interface ResourceState {
  urn: string;
  type: string;
  id?: string;
  custom?: boolean;
  inputs?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
  parent?: string;
  protect?: boolean;
  retainOnDelete?: boolean;
}

export interface PreviewDiagnostic {
  urn?: string;
  prefix?: string;
  message?: string;
  /** info, info#err, warning, error (sdk/go/common/diag/sink.go). */
  severity?: string;
}

export class PreviewDigestError extends Error {
  override readonly name = "PreviewDigestError";
}

/**
 * Parses the digest. Text before it is skipped: the CLI may print lines such as policy-pack installation notes on
 * stdout before the JSON (pulumi/pulumi#19775), so the digest starts at the first line that is just "{".
 */
export function parsePreviewDigest(text: string, source = "the preview"): PreviewDigest {
  const start = text.search(/^\{\s*$/m);
  const json = start >= 0 ? text.slice(start) : text.trimStart();
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch (error) {
    throw new PreviewDigestError(
      `${source} is not the JSON of "pulumi preview --json" (or "pulumi refresh --preview-only --json"): ${(error as Error).message}`,
    );
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed) || !isStepList((parsed as PreviewDigest).steps)) {
    throw new PreviewDigestError(`${source} is JSON, but not a preview digest: it needs "steps", a list of {op, urn}`);
  }
  return parsed as PreviewDigest;
}

function isStepList(steps: unknown): boolean {
  if (steps === undefined) return true;
  return Array.isArray(steps) && steps.every((s) => s !== null && typeof s === "object" && typeof s.op === "string" && typeof s.urn === "string");
}
