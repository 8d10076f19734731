/**
 * pulumi-opentalk: OpenTalk rooms and guest links as Pulumi resources.
 */
export { OpenTalkRoom, type OpenTalkRoomArgs, type OpenTalkRoomSettings, type OpenTalkRoomSip, type GuestAccess } from "./resources/opentalk-room";
export { OpenTalkInvite, type OpenTalkInviteArgs } from "./resources/opentalk-invite";
export { OpenTalkMeeting, type OpenTalkMeetingArgs } from "./resources/opentalk-meeting";
export {
  OpenTalkError,
  SettingsError,
  ControllerError,
  LoginError,
  ConnectionError,
  ResponseShapeError,
  UnattributedAnswerError,
  UnsupportedError,
  AmbiguousCreateError,
  isOpenTalkError,
  isSettingsError,
  isControllerError,
  isLoginError,
  isConnectionError,
  isResponseShapeError,
  isUnattributedAnswerError,
  isUnsupportedError,
  isAmbiguousCreateError,
} from "./client/errors";
export {
  roomArgsProblems,
  meetingArgsProblems,
  inviteArgsProblems,
  inviteArgsWarnings,
  guestLinkConflicts,
  type CheckFailure,
} from "./plan/args-problems";
export {
  getRoom,
  listRooms,
  listEvents,
  type OpenTalkRoomInfo,
  type OpenTalkEventInfo,
  type ListEventsQuery,
  type LookupOptions,
} from "./lookups";
export type { ConfigSource } from "./client/settings";
