import assert from "node:assert/strict";
import type { ControllerVersion } from "../sandbox";
import { sandboxEnv, useSandboxWithClient } from "../support/sandbox-fixture";
import type { CliRun, opentalk } from "./run-cli";

/** The columns of a meeting, as meetings list, get and delete print them. */
export const MEETING_COLUMNS = [
  "eventId",
  "title",
  "description",
  "roomId",
  "roomLink",
  "name",
  "alias",
  "type",
  "isTimeIndependent",
  "isAdhoc",
  "startsAt",
  "endsAt",
  "timeZone",
  "ownerId",
  "ownerEmail",
  "createdAt",
  "waitingRoom",
  "guestAccess",
  "passwordRequired",
  "sipTel",
  "sipId",
];
/** What meetings create prints: a meeting and its guest link. */
export const CREATED_COLUMNS = [...MEETING_COLUMNS, "guestLink", "guestLinkExpiresAt"];

/** A meeting without a date: what meetings create makes. */
export const standing = (title: string) => ({ title, description: "", is_time_independent: true });

/**
 * A sandbox of the release for the tests of one describe, a fresh client of its user for each test, and every CLI run
 * (`cli`: in this process or the built command line, run-cli.ts) kept for the secret scan at the end.
 */
export function meetingsFixture(release: ControllerVersion, cli: typeof opentalk) {
  const { sandbox, client } = useSandboxWithClient({ controllerVersion: release });
  const runs: CliRun[] = [];
  after(() => {
    // Every run of the describe: neither the configured password nor a room password was printed.
    const secrets = [sandbox().password, "room-Secret-77", "event-Pass-1"];
    for (const done of runs) for (const secret of secrets) assert.ok(!`${done.stdout}${done.stderr}`.includes(secret), `a secret in: ${done.stdout}${done.stderr}`);
  });
  return { sandbox, client, run: async (args: string[], env = sandboxEnv(sandbox())) => cli(args, env, runs) };
}
