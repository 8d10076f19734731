export { OpenTalkError, isOpenTalkError } from "./opentalk-error";
export { SettingsError, isSettingsError } from "./settings-error";
export {
  ControllerError,
  isControllerError,
  type ControllerErrorDetails,
  type ControllerMeaning,
  type ValidationError,
} from "./controller-error";
export { LoginError, isLoginError, type LoginErrorDetails } from "./login-error";
export { ConnectionError, isConnectionError, type OpenTalkService } from "./connection-error";
export { ResponseShapeError, isResponseShapeError } from "./response-shape-error";
export { UnattributedAnswerError, isUnattributedAnswerError, type UnattributedAnswerDetails } from "./unattributed-answer-error";
export { UnsupportedError, isUnsupportedError } from "./unsupported-error";
export { AmbiguousCreateError, isAmbiguousCreateError, type CreateCandidate } from "./ambiguous-create-error";
