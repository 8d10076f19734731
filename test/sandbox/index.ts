/**
 * A local stand-in for OpenTalk (controller + web frontend) and its Keycloak, speaking real HTTP on
 * 127.0.0.1 and reproducing the wire contract of a released controller (`profiles.ts`, one profile per release;
 * /work/shared/opentalk/API-NOTES.md and RELEASES.md), quirks included.
 *
 *     const sandbox = await startSandbox({ controllerVersion: "0.34", realmPrefix: "/auth" });
 *     // … point the client at sandbox.url with sandbox.username / sandbox.password …
 *     await sandbox.close();
 */
export { DEFAULT_CALL_IN_TEL, startSandbox } from "./sandbox";
export type { Sandbox } from "./sandbox";
export { NEWEST_CONTROLLER, PROFILES } from "./profiles";
export type { ControllerProfile } from "./profiles";
export type { RoomSettings, SandboxControllerUser, SandboxInvite, SandboxRoom, SandboxSipConfig, SandboxStore } from "./store";
export type { EventInviteRole, EventInviteStatus, SandboxEventInvite } from "./store-event-invites";
export type { DateTimeTz, EventDates, EventExceptionSettings, EventPatch, EventSettings, SandboxEvent, SandboxEventException } from "./store-events";
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
export type { TrafficCounts } from "./traffic";
