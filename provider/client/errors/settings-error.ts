import { OpenTalkError } from "./opentalk-error";

/** The connection settings (stack config or environment) are missing or malformed. Raised before any request. */
export class SettingsError extends OpenTalkError {
  override readonly name = "SettingsError";
}

export function isSettingsError(error: unknown): error is SettingsError {
  return error instanceof SettingsError;
}
