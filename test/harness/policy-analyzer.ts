// Drives a policy pack over the Analyzer gRPC service the way the Pulumi CLI does, without the CLI.
//
// Start (pulumi/pulumi 1b5949891b3c, pulumi-policy v1.21.0 f6758175f877): the CLI's nodejs language host runs
// `node <pack>/node_modules/@pulumi/pulumi/cmd/run-policy-pack <engine-address> <pack-directory>` with the pack
// directory as working directory (pulumi/pulumi sdk/nodejs/cmd/pulumi-language-nodejs/main.go `RunPlugin`, which
// replaced the `pulumi-analyzer-policy` shim in v3.221.0, #21684). run-policy-pack drops the engine address, registers
// ts-node with type checking and requires the pack; `new PolicyPack` serves at once and prints its port as the first
// stdout line (pulumi-policy v1.21.0 sdk/nodejs/policy/server.ts `serve`). PULUMI_CONFIG and the PULUMI_NODEJS_*
// variables are set as the language host sets them after ConfigureStack.
//
// Calls, in the engine's order (pkg/resource/plugin/analyzer_plugin.go, pkg/engine/update.go): Handshake (the pack
// answers UNIMPLEMENTED, which the engine accepts), ConfigureStack, GetAnalyzerInfo, Configure with the reconciled
// config — for EVERY policy its enforcement level and properties, schema defaults included, validated against the
// schema (pkg/resource/analyzer/config.go `ReconcilePolicyPackConfig`) — then Analyze per resource on its checked
// inputs and AnalyzeStack on all outputs. Properties go over the wire as the engine marshals them: secrets wrapped,
// unknowns as sentinels, internal `__` keys dropped (SkipInternalKeys).
import { spawn, type ChildProcess } from "node:child_process";
import { childCoverageEnv } from "./child-coverage";
import * as readline from "node:readline";
import Ajv from "ajv";
import type * as AnalyzerMessages from "@pulumi/pulumi/proto/analyzer_pb";
import type { PropertyMap } from "./dynamic-host";
import { analyzerGrpcPb, analyzerPb, Empty, grpc, sdkDir, Struct } from "./sdk-modules";

export type EnforcementLevel = "advisory" | "mandatory" | "disabled" | "remediate";

/** A resource as the engine describes it to Analyze (inputs) or AnalyzeStack (outputs). */
export interface AnalyzedResource {
  urn: string;
  type: string;
  name: string;
  /** Inputs for Analyze, outputs for AnalyzeStack: secrets wrapped, unknowns as sentinels. */
  properties: PropertyMap;
  parent?: string;
  dependencies?: string[];
  propertyDependencies?: Record<string, string[]>;
  additionalSecretOutputs?: string[];
}

export interface Diagnostic {
  policyName: string;
  policyPackName: string;
  message: string;
  enforcementLevel: EnforcementLevel;
  severity: number;
  urn: string;
}

export interface AnalyzeResult {
  diagnostics: Diagnostic[];
  notApplicable: { policyName: string; reason: string }[];
}

/** One policy's entry in a `--policy-pack-config` file: a level, or a level with properties. */
export type PolicyConfigEntry = EnforcementLevel | ({ enforcementLevel?: EnforcementLevel } & Record<string, unknown>);

const LEVELS: Record<number, EnforcementLevel> = { 0: "advisory", 1: "mandatory", 2: "disabled", 3: "remediate" };
const LEVEL_NUMBERS: Record<EnforcementLevel, number> = { advisory: 0, mandatory: 1, disabled: 2, remediate: 3 };

export interface StartPolicyPackOptions {
  /** The pack directory: package.json (with a version), PulumiPolicy.yaml, index.ts, node_modules reachable. */
  packDir: string;
  project: string;
  stack: string;
  /** Stack config with namespaced keys, decrypted, as PULUMI_CONFIG carries it. */
  config?: Record<string, string>;
  startTimeoutMs?: number;
}

export class PolicyPackProcess {
  private constructor(
    private readonly child: ChildProcess,
    private readonly client: InstanceType<typeof analyzerGrpcPb.AnalyzerClient>,
    readonly stderr: string[],
  ) {}

  static async start(options: StartPolicyPackOptions): Promise<PolicyPackProcess> {
    const runPolicyPack = `${sdkDir}/cmd/run-policy-pack`;
    const child = spawn(process.execPath, [runPolicyPack, "127.0.0.1:0", options.packDir], {
      cwd: options.packDir,
      stdio: ["ignore", "pipe", "pipe"],
      env: {
        ...process.env,
        // When coverage is measured, the pack's own coverage counts too.
        ...childCoverageEnv(),
        PULUMI_NODEJS_PROJECT: options.project,
        PULUMI_NODEJS_STACK: options.stack,
        PULUMI_NODEJS_DRY_RUN: "true",
        PULUMI_CONFIG: JSON.stringify(options.config ?? {}),
      },
    });
    const stderr: string[] = [];
    readline.createInterface({ input: child.stderr! }).on("line", (line) => stderr.push(line));
    const port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the policy pack printed no port within ${options.startTimeoutMs ?? 30_000} ms:\n${stderr.join("\n")}`)), options.startTimeoutMs ?? 30_000);
      readline.createInterface({ input: child.stdout! }).once("line", (line) => {
        clearTimeout(timer);
        const port = Number.parseInt(line.trim(), 10);
        if (Number.isInteger(port) && port > 0 && port < 65536) resolve(port);
        else reject(new Error(`the policy pack's first line is not a port: ${JSON.stringify(line)}\n${stderr.join("\n")}`));
      });
      child.once("exit", (code) => reject(new Error(`the policy pack exited (${code}) before printing its port:\n${stderr.join("\n")}`)));
    });
    const client = new analyzerGrpcPb.AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
    return new PolicyPackProcess(child, client, stderr);
  }

  get pid(): number {
    return this.child.pid!;
  }

  async handshake(): Promise<void> {
    const request = new analyzerPb.AnalyzerHandshakeRequest();
    request.setEngineAddress("127.0.0.1:0");
    await this.call("handshake", request);
  }

  async configureStack(stack: { project: string; stack: string; config: Record<string, string>; secretKeys: string[]; dryRun?: boolean }): Promise<void> {
    const request = new analyzerPb.AnalyzerStackConfigureRequest();
    request.setProject(stack.project);
    request.setStack(stack.stack);
    request.setOrganization("organization");
    request.setDryRun(stack.dryRun ?? true);
    for (const [key, value] of Object.entries(stack.config)) request.getConfigMap().set(key, value);
    request.setConfigSecretKeysList(stack.secretKeys);
    await this.call("configureStack", request);
  }

  async analyzerInfo(): Promise<AnalyzerMessages.AnalyzerInfo> {
    return this.call<AnalyzerMessages.AnalyzerInfo>("getAnalyzerInfo", new Empty());
  }

  /**
   * Configure as the engine does after reconciling a `--policy-pack-config` file with the pack's own levels and
   * schema defaults; an ill-typed setting is refused here, as the CLI refuses it before Configure.
   */
  async configure(file: Record<string, PolicyConfigEntry> = {}): Promise<void> {
    const reconciled = reconcile(await this.analyzerInfo(), file);
    const request = new analyzerPb.ConfigureAnalyzerRequest();
    for (const [policy, { enforcementLevel, properties }] of Object.entries(reconciled)) {
      const entry = new analyzerPb.PolicyConfig();
      entry.setEnforcementlevel(LEVEL_NUMBERS[enforcementLevel] as AnalyzerMessages.EnforcementLevel);
      entry.setProperties(Struct.fromJavaScript(properties as Parameters<typeof Struct.fromJavaScript>[0]));
      request.getPolicyconfigMap().set(policy, entry);
    }
    await this.call("configure", request);
  }

  async analyze(resource: AnalyzedResource): Promise<AnalyzeResult> {
    const request = new analyzerPb.AnalyzeRequest();
    request.setUrn(resource.urn);
    request.setType(resource.type);
    request.setName(resource.name);
    request.setProperties(wire(resource.properties));
    request.setOptions(options(resource));
    request.setProvider(defaultProvider(resource.urn));
    return result(await this.call<AnalyzerMessages.AnalyzeResponse>("analyze", request));
  }

  async analyzeStack(resources: AnalyzedResource[]): Promise<AnalyzeResult> {
    const request = new analyzerPb.AnalyzeStackRequest();
    request.setResourcesList(resources.map((resource) => {
      const message = new analyzerPb.AnalyzerResource();
      message.setUrn(resource.urn);
      message.setType(resource.type);
      message.setName(resource.name);
      message.setProperties(wire(resource.properties));
      message.setOptions(options(resource));
      message.setProvider(defaultProvider(resource.urn));
      message.setParent(resource.parent ?? "");
      message.setDependenciesList(resource.dependencies ?? []);
      for (const [key, urns] of Object.entries(resource.propertyDependencies ?? {})) {
        if (key.startsWith("__")) continue;
        const dependencies = new analyzerPb.AnalyzerPropertyDependencies();
        dependencies.setUrnsList(urns);
        message.getPropertydependenciesMap().set(key, dependencies);
      }
      return message;
    }));
    return result(await this.call<AnalyzerMessages.AnalyzeResponse>("analyzeStack", request));
  }

  async close(): Promise<void> {
    this.client.close();
    if (this.child.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => this.child.once("exit", () => resolve()));
    this.child.kill();
    await exited;
  }

  private call<T>(method: string, request: unknown): Promise<T> {
    return new Promise((resolve, reject) => {
      (this.client as unknown as Record<string, (r: unknown, cb: (e: Error | null, r: T) => void) => void>)[method]!(
        request,
        (error, response) => (error ? reject(error) : resolve(response)),
      );
    });
  }
}

/**
 * pulumi pkg/resource/analyzer/config.go: every policy starts at its own level (or the pack's) with its schema's
 * defaults; "all" sets every level; then each entry of the file; then each policy's properties are validated against
 * `{"type":"object", properties, required}`.
 */
export function reconcile(info: AnalyzerMessages.AnalyzerInfo, file: Record<string, PolicyConfigEntry>): Record<string, { enforcementLevel: EnforcementLevel; properties: Record<string, unknown> }> {
  const reconciled: Record<string, { enforcementLevel: EnforcementLevel; properties: Record<string, unknown> }> = {};
  const all = file.all;
  for (const policy of info.getPoliciesList()) {
    const schema = policy.getConfigschema()?.getProperties()?.toJavaScript() ?? {};
    const defaults = Object.fromEntries(
      Object.entries(schema).filter(([, property]) => (property as { default?: unknown }).default !== undefined)
        .map(([key, property]) => [key, (property as { default: unknown }).default]),
    );
    let enforcementLevel = LEVELS[policy.getEnforcementlevel()]!;
    if (typeof all === "string") enforcementLevel = all;
    const entry = file[policy.getName()];
    let properties = defaults;
    if (typeof entry === "string") enforcementLevel = entry;
    else if (entry) {
      const { enforcementLevel: level, ...rest } = entry;
      if (level) enforcementLevel = level;
      properties = { ...defaults, ...rest };
    }
    const validate = new Ajv({ strict: false, allErrors: true }).compile({
      type: "object",
      properties: schema,
      required: policy.getConfigschema()?.getRequiredList() ?? [],
    });
    if (!validate(properties)) {
      throw new Error(`validating policy config for "${info.getName()}": ${policy.getName()}: ${validate.errors!.map((e) => `${e.instancePath || "(root)"} ${e.message}`).join("; ")}`);
    }
    reconciled[policy.getName()] = { enforcementLevel, properties };
  }
  return reconciled;
}

function wire(properties: PropertyMap): InstanceType<typeof Struct> {
  const kept = Object.fromEntries(Object.entries(properties).filter(([key, value]) => !key.startsWith("__") && value !== undefined));
  return Struct.fromJavaScript(kept as Parameters<typeof Struct.fromJavaScript>[0]);
}

function options(resource: AnalyzedResource): AnalyzerMessages.AnalyzerResourceOptions {
  const message = new analyzerPb.AnalyzerResourceOptions();
  message.setAdditionalsecretoutputsList(resource.additionalSecretOutputs ?? []);
  if (resource.parent) message.setParent(resource.parent);
  return message;
}

/** The default provider every dynamic resource of a stack uses (`pulumi:providers:pulumi-nodejs::default`). */
function defaultProvider(urn: string): AnalyzerMessages.AnalyzerProviderResource {
  const [stack, project] = urn.split("::");
  const provider = new analyzerPb.AnalyzerProviderResource();
  provider.setType("pulumi:providers:pulumi-nodejs");
  provider.setName("default");
  provider.setUrn(`${stack}::${project}::pulumi:providers:pulumi-nodejs::default`);
  provider.setProperties(new Struct());
  return provider;
}

function result(response: AnalyzerMessages.AnalyzeResponse): AnalyzeResult {
  return {
    diagnostics: response.getDiagnosticsList().map((d) => ({
      policyName: d.getPolicyname(),
      policyPackName: d.getPolicypackname(),
      message: d.getMessage(),
      enforcementLevel: LEVELS[d.getEnforcementlevel()]!,
      severity: d.getSeverity(),
      urn: d.getUrn(),
    })),
    notApplicable: response.getNotApplicableList().map((n) => ({ policyName: n.getPolicyName(), reason: n.getReason() })),
  };
}
