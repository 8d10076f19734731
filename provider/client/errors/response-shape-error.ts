import { OpenTalkError } from "./opentalk-error";

/**
 * A server answered successfully, but the body does not have the shape this package relies on — usually an
 * unsupported OpenTalk version or a proxy answering in the server's place.
 */
export class ResponseShapeError extends OpenTalkError {
  override readonly name = "ResponseShapeError";
  /** `GET /v1/rooms/{id}` style: method and redacted path. */
  readonly endpoint: string;
  /** The first field that does not fit, as a dotted path (`created_by.email`, `[3].id`), or `(body)`. */
  readonly field: string;

  constructor(endpoint: string, field: string, problem: string) {
    super(
      `OpenTalk answered ${endpoint} with a body this package does not understand: ${field}: ${problem}. ` +
        `Check that opentalk:url points at an OpenTalk deployment of a supported version (0.29 to 0.35).`,
    );
    this.endpoint = endpoint;
    this.field = field;
  }
}

export function isResponseShapeError(error: unknown): error is ResponseShapeError {
  return error instanceof ResponseShapeError;
}
