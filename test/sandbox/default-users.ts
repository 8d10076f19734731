/**
 * The users a sandbox has unless `SandboxOptions.users` says otherwise: the technical user the
 * project's tests log in as, a second owner for "someone else's room" tests, and a user without an
 * e-mail address, which the controller (≥ 0.30) refuses with a 400 (API-NOTES §3).
 */
import type { SandboxUser } from "./types";

export const DEFAULT_USERS: readonly SandboxUser[] = [
  { username: "bot@example.org", password: "bot-password-123", email: "bot@example.org", givenName: "Room", familyName: "Bot" },
  { username: "alice@example.org", password: "alice-password-123", email: "alice@example.org", givenName: "Alice", familyName: "Adams" },
  { username: "nomail", password: "nomail-password-123", givenName: "No", familyName: "Mail" },
];
