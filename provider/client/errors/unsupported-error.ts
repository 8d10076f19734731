import { OpenTalkError } from "./opentalk-error";

/**
 * The program asks for something the OpenTalk release it talks to cannot do (a room name before 0.35, an expiring guest
 * link on 0.35, changing dial-in before 0.34). Raised before any change is made; the message names the release and
 * what to do instead.
 */
export class UnsupportedError extends OpenTalkError {
  override readonly name = "UnsupportedError";
  /** `property: reason` lines, one per thing the release cannot do. */
  readonly problems: string[];

  constructor(what: string, problems: string[]) {
    super(`${what}: ${problems.length === 1 ? problems[0] : `\n  ${problems.join("\n  ")}`}`);
    this.problems = problems;
  }
}

export function isUnsupportedError(error: unknown): error is UnsupportedError {
  return error instanceof UnsupportedError;
}
