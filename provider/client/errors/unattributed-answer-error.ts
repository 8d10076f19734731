import { OpenTalkError } from "./opentalk-error";

export interface UnattributedAnswerDetails {
  method: string;
  /** The URL that was called (shown with invite codes masked). */
  url: string;
  status: number;
  /** What answered, in words: `a redirect to https://sso.example.org/login`, `an HTML page ("Maintenance")`. */
  answer: string;
  /** Which settings decide that address, and what else to check. */
  hint: string;
}

/**
 * Something answered that is not the OpenTalk controller speaking for itself: a proxy's or load balancer's error page,
 * a redirect to a sign-on page, the web app's start page, a plain-text message no controller sends. Such an answer
 * proves nothing about the room or meeting it was about, so it is never taken for "gone", "deleted" or "done": the
 * operation fails and the stack's state stays as it was.
 */
export class UnattributedAnswerError extends OpenTalkError {
  override readonly name = "UnattributedAnswerError";
  readonly method: string;
  readonly url: string;
  readonly status: number;

  constructor(details: UnattributedAnswerDetails) {
    super(
      `The answer to ${details.method} ${details.url} did not come from the OpenTalk controller: HTTP ${details.status}, ` +
        `${details.answer}. Only the controller's own answers count, so nothing is taken as done, deleted or gone, and ` +
        `the stack's state is left as it was. ${details.hint}`,
    );
    this.method = details.method;
    this.url = details.url;
    this.status = details.status;
  }
}

export function isUnattributedAnswerError(error: unknown): error is UnattributedAnswerError {
  return error instanceof UnattributedAnswerError;
}
