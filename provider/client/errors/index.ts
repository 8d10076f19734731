export { OpenTalkError, isOpenTalkError } from "./opentalk-error";
export { SettingsError, isSettingsError } from "./settings-error";
export { ControllerError, isControllerError, type ControllerErrorDetails, type ValidationError } from "./controller-error";
export { LoginError, isLoginError, type LoginErrorDetails } from "./login-error";
export { ConnectionError, isConnectionError, type OpenTalkService } from "./connection-error";
export { ResponseShapeError, isResponseShapeError } from "./response-shape-error";
