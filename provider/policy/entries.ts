import { kindOfType, type ResourceKind } from "../resources/type-tokens";

/**
 * Where a resource comes from in the rooms file, so that a message names what to edit. The standing-rooms program
 * names each room or meeting after its entry (`weekly`) and each guest link `<entry>/<link>` (`weekly/customer-acme`,
 * examples/standing-rooms/standing-rooms.ts); a program of one's own gets its resource names quoted the same way.
 */
export interface EntryName {
  kind: ResourceKind;
  /** The rooms-file entry: the room's or meeting's resource name, or the part of a guest link's before the slash. */
  entry: string;
  /** A guest link's own name (after the slash); undefined for rooms and meetings. */
  link?: string;
  /** The resource name as registered, which is also what the policies' allow-lists take. */
  name: string;
}

export function entryName(type: string, name: string): EntryName | undefined {
  const kind = kindOfType(type);
  if (!kind) return undefined;
  if (kind !== "invite") return { kind, entry: name, name };
  const slash = name.lastIndexOf("/");
  return slash > 0 ? { kind, entry: name.slice(0, slash), link: name.slice(slash + 1), name } : { kind, entry: name, link: name, name };
}

/** `rooms.yaml entry "weekly"`, or `rooms.yaml entry "weekly", guest link "customer-acme"`: the start of every message. */
export function where(roomsFile: string, name: EntryName): string {
  const entry = `${roomsFile} entry "${name.entry}"`;
  if (name.kind !== "invite") return entry;
  return name.link !== name.entry ? `${entry}, guest link "${name.link}"` : `${roomsFile} guest link "${name.name}"`;
}
