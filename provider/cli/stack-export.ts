import { OpenTalkError } from "../client";
import { TYPE_TOKENS } from "../resources/type-tokens";
import { isMap } from "./config-file";

/** A state file that cannot be read as `pulumi stack export` output; exit status 1, like an unreadable --config file. */
export class StackExportError extends OpenTalkError {
  override readonly name = "StackExportError";
}

/** What a stack's state says it manages on OpenTalk. */
export interface ManagedObjects {
  /** Rooms of OpenTalkRoom resources (their ids) and of OpenTalkMeeting resources (their `roomId` outputs). */
  roomIds: Set<string>;
  /** Events of OpenTalkMeeting resources (their ids). */
  eventIds: Set<string>;
  /** How many OpenTalkRoom and OpenTalkMeeting resources the state holds. */
  resources: number;
}

/** Versions whose resources carry `type`, `id` and `outputs` as read here (apitype ResourceV1 to ResourceV3). */
const READABLE_VERSIONS = [1, 2, 3];

const HOW = 'give the output of "pulumi stack export", e.g. opentalk rooms unmanaged --state <(pulumi stack export)';

/**
 * The rooms and meetings a `pulumi stack export` names. The format is Pulumi's `UntypedDeployment`
 * (`{"version": 3, "deployment": …}`) around a `DeploymentV3` whose `resources` list (left out when empty) holds
 * `ResourceV3` records `{urn, type, id, inputs, outputs, …}` (pulumi/pulumi sdk/go/common/apitype/core.go). Only
 * ids and plain outputs are read: secret values in an export are encrypted objects, and none is needed here.
 * Invites are ignored (a guest link is not a room), and so are pending operations: what a create interrupted may
 * have made is exactly what the listing should show.
 */
export function readStackExport(text: string, source: string): ManagedObjects {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw new StackExportError(`The state file ${source} is not JSON (${whereNotJson(text, error as Error)}): ${HOW}.`);
  }
  if (!isMap(document) || !isMap(document.deployment)) {
    throw new StackExportError(`The state file ${source} is not a Pulumi stack export: it has no "deployment" map. ${capitalized(HOW)}.`);
  }
  const { version } = document;
  if (version !== undefined && !READABLE_VERSIONS.includes(version as number)) {
    throw new StackExportError(
      `The state file ${source} is a stack export of version ${JSON.stringify(version)}, and this reads versions 1 to 3 ` +
        `(what "pulumi stack export" writes is version 3): export it with a Pulumi CLI of the same major version, or upgrade pulumi-opentalk.`,
    );
  }
  const resources = document.deployment.resources ?? [];
  if (!Array.isArray(resources)) {
    throw new StackExportError(`The state file ${source} is not a Pulumi stack export: its "deployment.resources" is not a list. ${capitalized(HOW)}.`);
  }
  const managed: ManagedObjects = { roomIds: new Set(), eventIds: new Set(), resources: 0 };
  for (const resource of resources) {
    if (!isMap(resource) || typeof resource.id !== "string" || resource.id === "") continue;
    if (resource.type === TYPE_TOKENS.room) {
      managed.roomIds.add(resource.id);
      managed.resources++;
    } else if (resource.type === TYPE_TOKENS.meeting) {
      managed.eventIds.add(resource.id);
      const roomId = isMap(resource.outputs) ? resource.outputs.roomId : undefined;
      if (typeof roomId === "string" && roomId !== "") managed.roomIds.add(roomId);
      managed.resources++;
    }
  }
  return managed;
}

/** Where JSON.parse gave up, without quoting the text: a wrong file may hold secrets (a stack file, a .env). */
function whereNotJson(text: string, error: Error): string {
  if (text.trim() === "") return "it is empty";
  const position = /at position (\d+)/.exec(error.message)?.[1];
  const at = position === undefined ? text.search(/\S/) : Number(position);
  const before = text.slice(0, at).split("\n");
  return `it goes wrong at line ${before.length}, column ${before.at(-1)!.length + 1}`;
}

function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
