/**
 * A local stand-in for OpenTalk (controller + web frontend) and its Keycloak, speaking real HTTP on
 * 127.0.0.1 and reproducing the wire contract in /work/shared/opentalk/API-NOTES.md, quirks included.
 *
 *     const sandbox = await startSandbox({ realmPrefix: "/auth" });
 *     // … point the client at sandbox.url with sandbox.username / sandbox.password …
 *     await sandbox.close();
 */
export { DEFAULT_CALL_IN_TEL, startSandbox } from "./sandbox";
export type { Sandbox } from "./sandbox";
export type { RoomSettings, SandboxControllerUser, SandboxInvite, SandboxRoom, SandboxSipConfig, SandboxStore } from "./store";
export type { DateTimeTz, EventDates, EventPatch, EventSettings, SandboxEvent } from "./store-events";
export type {
  ControllerVersion,
  GuestAccess,
  RequestLogEntry,
  SandboxFault,
  SandboxOptions,
  SandboxServiceAccount,
  SandboxTariff,
  SandboxUser,
  SandboxUserProfile,
  ServiceName,
} from "./types";
export { DEFAULT_USERS } from "./default-users";
