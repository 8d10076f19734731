// What the standing-rooms stack really registers, in the form the engine hands it to a policy pack: each resource's
// checked inputs (what Analyze gets) and outputs (what AnalyzeStack gets), with secret marks where the engine would
// have them, `__provider` and other internal keys dropped (analyzer_plugin.go marshals with SkipInternalKeys).
//
// The program runs in-process under setMocks with the project's forwarding mocks, so every resource goes through its
// real provider against the sandbox. Around the mocks, the resource monitor's registerResource requests are recorded
// as the SDK sends them (RegisterResourceRequest: type, name, parent, the serialized inputs with their secret wrappers,
// dependencies, property dependencies, additionalSecretOutputs) — the same request a real engine would receive.
//
// Secret marks, as the engine sets them (pulumi/pulumi pkg/resource/plugin/provider_plugin.go `annotateSecrets`):
// a checked input is secret when the registered input of that name was; an output is secret when the same-named
// input was, or when it is listed in additionalSecretOutputs.
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { loadRoomsFile } from "../../examples/standing-rooms/rooms-file";
import { declareStandingRooms } from "../../examples/standing-rooms/standing-rooms";
import type { PropertyMap } from "../harness/dynamic-host";
import { forwardingMocks } from "../harness/mocks";
import { runProgram } from "../harness/mocks";
import { Struct } from "../harness/sdk-modules";
import { splitSecrets, wrapSecret } from "../harness/wire-values";
import type { Sandbox } from "../sandbox";

export const PROJECT = "opentalk-rooms";
export const STACK = "production";
export const STACK_URN = `urn:pulumi:${STACK}::${PROJECT}::pulumi:pulumi:Stack::${PROJECT}-${STACK}`;

/** One resource as the engine would describe it to an analyzer. */
export interface RegisteredResource {
  urn: string;
  type: string;
  name: string;
  parent: string;
  /** Checked inputs, secrets wrapped as on the wire, internal keys dropped. */
  inputs: PropertyMap;
  /** Outputs after create, secrets wrapped, internal keys dropped. */
  outputs: PropertyMap;
  dependencies: string[];
  propertyDependencies: Record<string, string[]>;
  additionalSecretOutputs: string[];
}

export interface StandingRoomsRun {
  resources: RegisteredResource[];
  /** The stack config the program ran with (namespaced keys), and which of it is secret, as ConfigureStack carries them. */
  config: Record<string, string>;
  secretKeys: string[];
}

interface RecordedRequest {
  type: string;
  name: string;
  parent: string;
  object: PropertyMap;
  dependencies: string[];
  propertyDependencies: Record<string, string[]>;
  additionalSecretOutputs: string[];
}

/**
 * Runs examples/standing-rooms with the given rooms file (default: its rooms.yaml) against the sandbox, from a
 * prepared program directory (test/harness/fixture.ts), and returns what it registered.
 */
export async function runStandingRooms(sandbox: Sandbox, cwd: string, roomsFile = path.join(__dirname, "../../examples/standing-rooms/rooms.yaml")): Promise<StandingRoomsRun> {
  const config = {
    "opentalk:url": sandbox.url,
    "opentalk:username": sandbox.username,
    "opentalk:password": { secret: sandbox.password },
    [`${PROJECT}:boardPassword`]: { secret: "board-room-pass-2026" },
  };
  const mocks = forwardingMocks({ config, cwd });
  const requests: RecordedRequest[] = [];
  await runProgram(
    () => {
      recordRegistrations(requests);
      return declareStandingRooms(loadRoomsFile(roomsFile), new pulumi.Config()) as unknown as Record<string, unknown>;
    },
    { project: PROJECT, stack: STACK, cwd, config, mocks },
  );

  const resources = requests.map((request): RegisteredResource => {
    const forwarded = mocks.forwarded.find((f) => f.type === request.type && f.name === request.name);
    if (!forwarded) throw new Error(`${request.type} ${request.name} was registered but never reached its provider`);
    const { secretKeys: secretInputs } = splitSecrets(request.object);
    const marked = (props: PropertyMap, secret: (key: string) => boolean): PropertyMap =>
      Object.fromEntries(
        Object.entries(splitSecrets(props).plain)
          .filter(([key]) => !key.startsWith("__"))
          .map(([key, value]) => [key, secret(key) ? wrapSecret(value) : value]),
      );
    return {
      urn: urnOf(request.type, request.name),
      type: request.type,
      name: request.name,
      parent: request.parent,
      inputs: marked(forwarded.inputs, (key) => secretInputs.has(key)),
      outputs: marked(forwarded.state, (key) => secretInputs.has(key) || request.additionalSecretOutputs.includes(key)),
      dependencies: request.dependencies,
      propertyDependencies: request.propertyDependencies,
      additionalSecretOutputs: request.additionalSecretOutputs,
    };
  });
  const plainConfig = Object.fromEntries(Object.entries(config).map(([key, value]) => [key, typeof value === "string" ? value : value.secret]));
  const secretKeys = Object.entries(config).filter(([, value]) => typeof value !== "string").map(([key]) => key);
  return { resources, config: plainConfig, secretKeys };
}

export function urnOf(type: string, name: string): string {
  return `urn:pulumi:${STACK}::${PROJECT}::${type}::${name}`;
}

/**
 * Wraps the mock resource monitor's registerResource, which setMocks installed just before the program runs, so the
 * request is seen as the SDK built it. Only dynamic resources are kept (the stack itself is registered too).
 */
function recordRegistrations(requests: RecordedRequest[]): void {
  const settings = require("@pulumi/pulumi/runtime/settings") as { getMonitor(): { registerResource: Function } };
  const monitor = settings.getMonitor();
  const register = monitor.registerResource.bind(monitor);
  monitor.registerResource = (request: RegisterResourceRequest, ...rest: unknown[]) => {
    if (request.getType().startsWith("pulumi-nodejs:dynamic")) {
      const propertyDependencies: Record<string, string[]> = {};
      request.getPropertydependenciesMap().forEach((value, key) => (propertyDependencies[key] = value.getUrnsList()));
      requests.push({
        type: request.getType(),
        name: request.getName(),
        parent: request.getParent() || STACK_URN,
        object: (request.getObject()?.toJavaScript() ?? {}) as PropertyMap,
        dependencies: request.getDependenciesList(),
        propertyDependencies,
        additionalSecretOutputs: request.getAdditionalsecretoutputsList(),
      });
    }
    return register(request, ...rest);
  };
}

interface RegisterResourceRequest {
  getType(): string;
  getName(): string;
  getParent(): string;
  getObject(): InstanceType<typeof Struct> | undefined;
  getDependenciesList(): string[];
  getPropertydependenciesMap(): { forEach(fn: (value: { getUrnsList(): string[] }, key: string) => void): void };
  getAdditionalsecretoutputsList(): string[];
}
