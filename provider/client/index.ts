export * from "./errors";
export { OpenTalkClient, type RoomSettingsBody, type ClientOptions, type EventBody, type EventQuery } from "./opentalk-client";
export { sharedClient, closeSharedClients } from "./client-cache";
export { resolveSettings, SETTING_KEYS, DEFAULT_REQUEST_TIMEOUT_MS, type Settings, type ConfigSource, type SettingName, type LoginMethod } from "./settings";
export { capabilitiesOf, compareVersions, type ServerCapabilities } from "./capabilities";
export type { Logger } from "./logger";
export type { Room, Invite, SipConfig, InviteVerification, PrivateUserProfile, Tariff, Event, RoomEvent, CallIn, DateTimeTz } from "./schemas";
