import { OpenTalkError } from "./opentalk-error";

/** One object the server holds that an ambiguous create may have made. */
export interface CreateCandidate {
  id: string;
  createdAt: string;
  /** What it looks like: `waiting room on, guest access waiting_room, password set`. */
  description: string;
}

/**
 * A create was sent, and its answer was lost (a timeout, a dropped connection, a gateway's 5xx): the room or meeting may
 * exist on the server although the stack does not record it. OpenTalk has no idempotency key, so the create is not
 * repeated; instead the message lists what the configured user got in that time window with the settings asked for,
 * and the exact adopt line to take one over.
 */
export class AmbiguousCreateError extends OpenTalkError {
  override readonly name = "AmbiguousCreateError";
  readonly candidates: readonly CreateCandidate[];

  constructor(message: string, candidates: readonly CreateCandidate[], cause: unknown) {
    super(message, { cause });
    this.candidates = candidates;
  }
}

export function isAmbiguousCreateError(error: unknown): error is AmbiguousCreateError {
  return error instanceof AmbiguousCreateError;
}
