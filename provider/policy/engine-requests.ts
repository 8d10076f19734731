import { createRequire } from "node:module";
import { SECRET_SIG, SECRET_SIG_KEY } from "../plan/wire-secrets";

/**
 * What the engine tells a policy pack that @pulumi/policy 1.21.0 does not pass on to policies: which properties
 * arrived as secrets, and which stack settings are secret.
 *
 * - The engine sends Analyze and AnalyzeStack properties with their secret marks (pulumi/pulumi
 *   pkg/resource/plugin/analyzer_plugin.go L306-307, L350-351: `MarshalOptions{KeepSecrets: true, …}`), but
 *   @pulumi/policy unwraps them before a policy sees them (pulumi-policy v1.21.0 sdk/nodejs/policy/deserialize.ts:
 *   `deserializeProperties(…, false)` returns the secret's value; server.ts `makeAnalyzeRpcFun`). `args.props` has no
 *   `isSecret`, and ResourceValidationArgs no list of secret keys.
 * - The engine sends the decrypted stack config with the names of its secret keys in ConfigureStack
 *   (analyzer.proto `AnalyzerStackConfigureRequest.config`, `config_secret_keys`; pkg/engine/update.go
 *   `Config: target.Config.Decrypt(…)`, `ConfigSecretKeys: target.Config.SecureKeys()`), but @pulumi/policy keeps only
 *   the tags (server.ts `configureStack`), and the CLI's language host sets PULUMI_CONFIG for the pack, not
 *   PULUMI_CONFIG_SECRET_KEYS (sdk/nodejs/cmd/pulumi-language-nodejs/main.go `RunPlugin`).
 *
 * So the pack records both from the requests themselves: `observeEngineRequests()`, called before `new PolicyPack`,
 * wraps the Analyzer service's handlers as @pulumi/policy registers them with gRPC (`Server.addService` of the
 * @grpc/grpc-js copy @pulumi/policy loads) — each request is read, recorded and handed on unchanged. Policies ask
 * `engineRequests`. Without the observer they cannot tell, and the rules that need it say so (not applicable)
 * instead of passing silently. The gRPC tests (test/policy) run this against the real @pulumi/policy server.
 */

export interface StackConfig {
  project: string;
  /** Namespaced keys (`opentalk-rooms:boardPassword`) and their decrypted values. */
  values: ReadonlyMap<string, string>;
  secretKeys: ReadonlySet<string>;
}

class EngineRequests {
  private readonly secretInputs = new Map<string, ReadonlySet<string>>();
  private readonly secretOutputs = new Map<string, ReadonlySet<string>>();
  private config?: StackConfig;
  observing = false;

  /** The top-level inputs of the resource that the engine sent as secrets; undefined if its request was not seen. */
  secretInputsOf(urn: string): ReadonlySet<string> | undefined {
    return this.secretInputs.get(urn);
  }

  /** The same for the outputs the engine sent with AnalyzeStack. */
  secretOutputsOf(urn: string): ReadonlySet<string> | undefined {
    return this.secretOutputs.get(urn);
  }

  /** The stack's settings, once the engine has sent ConfigureStack (it does for preview and up, not for publish). */
  stackConfig(): StackConfig | undefined {
    return this.config;
  }

  /**
   * The stack settings that hold exactly this value, by the name people type (`boardPassword` for
   * `opentalk-rooms:boardPassword`), and whether each is stored as a secret. Names only, never values.
   */
  settingsHolding(value: string): { setting: string; secret: boolean }[] {
    const config = this.config;
    if (!config) return [];
    return [...config.values]
      .filter(([, held]) => held === value)
      .map(([key]) => ({
        setting: key.startsWith(`${config.project}:`) ? key.slice(config.project.length + 1) : key,
        secret: config.secretKeys.has(key),
      }));
  }

  recordAnalyze(request: AnalyzeRequestLike): void {
    this.secretInputs.set(request.getUrn(), secretKeysOf(request.getProperties()?.toJavaScript()));
  }

  recordAnalyzeStack(request: { getResourcesList(): AnalyzeRequestLike[] }): void {
    for (const resource of request.getResourcesList()) {
      this.secretOutputs.set(resource.getUrn(), secretKeysOf(resource.getProperties()?.toJavaScript()));
    }
  }

  recordConfigureStack(request: ConfigureStackRequestLike): void {
    const values = new Map<string, string>();
    request.getConfigMap().forEach((value, key) => values.set(key, value));
    this.config = { project: request.getProject(), values, secretKeys: new Set(request.getConfigSecretKeysList()) };
  }
}

export const engineRequests = new EngineRequests();

/**
 * Start recording what the engine sends (see above). Call it once, before `new PolicyPack(…)`: the pack registers
 * its gRPC service in that constructor.
 */
export function observeEngineRequests(): void {
  if (engineRequests.observing) return;
  const fromPolicy = createRequire(require.resolve("@pulumi/policy"));
  const grpc = fromPolicy("@grpc/grpc-js") as { Server: { prototype: GrpcServer } };
  const prototype = grpc.Server.prototype;
  const addService = prototype.addService;
  prototype.addService = function (this: GrpcServer, service: object, implementation: Record<string, Handler>) {
    if (!isAnalyzerService(service)) return addService.call(this, service, implementation);
    prototype.addService = addService;
    return addService.call(this, service, observed(implementation));
  };
  engineRequests.observing = true;
}

type Handler = (call: { request: unknown }, callback: unknown) => unknown;
interface GrpcServer {
  addService(service: object, implementation: Record<string, Handler>): void;
}
interface StructLike {
  toJavaScript(): unknown;
}
interface AnalyzeRequestLike {
  getUrn(): string;
  getProperties(): StructLike | undefined;
}
interface ConfigureStackRequestLike {
  getProject(): string;
  getConfigMap(): { forEach(fn: (value: string, key: string) => void): void };
  getConfigSecretKeysList(): string[];
}

/** The Analyzer service definition (pulumi/pulumi proto/analyzer.proto, as the SDK's generated analyzer_grpc_pb has it). */
function isAnalyzerService(service: object): boolean {
  return "analyze" in service && "analyzeStack" in service && "getAnalyzerInfo" in service;
}

function observed(implementation: Record<string, Handler>): Record<string, Handler> {
  const before = (name: string, record: (request: never) => void): Handler | undefined => {
    const handler = implementation[name];
    if (!handler) return undefined;
    return (call, callback) => {
      try {
        record(call.request as never);
      } catch {
        // Recording is best effort: the request goes on to @pulumi/policy, which reports what is wrong with it.
      }
      return handler(call, callback);
    };
  };
  const wrapped: Record<string, Handler | undefined> = {
    analyze: before("analyze", (request: AnalyzeRequestLike) => engineRequests.recordAnalyze(request)),
    analyzeStack: before("analyzeStack", (request: { getResourcesList(): AnalyzeRequestLike[] }) => engineRequests.recordAnalyzeStack(request)),
    configureStack: before("configureStack", (request: ConfigureStackRequestLike) => engineRequests.recordConfigureStack(request)),
  };
  return { ...implementation, ...Object.fromEntries(Object.entries(wrapped).filter(([, handler]) => handler)) } as Record<string, Handler>;
}

/** Top-level keys whose value holds a secret anywhere inside (the engine marks outputs secret per top-level key). */
function secretKeysOf(props: unknown): ReadonlySet<string> {
  if (props === null || typeof props !== "object") return new Set();
  return new Set(Object.entries(props).filter(([, value]) => holdsSecret(value)).map(([key]) => key));
}

function holdsSecret(value: unknown): boolean {
  if (value === null || typeof value !== "object") return false;
  if ((value as Record<string, unknown>)[SECRET_SIG_KEY] === SECRET_SIG) return true;
  return Object.values(value).some(holdsSecret);
}
