import assert from "node:assert/strict";
import { isUnsupportedError } from "../../provider/client";
import { capabilitiesOf } from "../../provider/client/capabilities";
import { roomsCreate } from "../../provider/cli/rooms-command";
import { createProblems, refuseWhatTheReleaseCannotDo, type CreateOptions } from "../../provider/cli/release-checks";

describe("createProblems: what a create command asks that the release cannot do", () => {
  const everything: CreateOptions = { name: "lobby", guestAccess: "waiting_room", guestLinkHours: 24 };
  const cases: [string, CreateOptions, string[]][] = [
    ["0.29.0", everything, ["--name", "--guest-access"]],
    ["0.33.0", { guestAccess: "disabled" }, ["--guest-access"]],
    ["0.34.0", everything, ["--name"]],
    ["0.34.0", { guestLinkHours: 24, guestAccess: "direct_access" }, []],
    ["0.35.0", everything, ["--guest-link-hours"]],
    ["0.35.0", { name: "lobby", guestAccess: "disabled" }, []],
    ["0.35.0", {}, []],
  ];
  for (const [version, asked, refused] of cases) {
    it(`OpenTalk ${version}, ${JSON.stringify(asked)} → ${refused.join(", ") || "nothing refused"}`, () => {
      const problems = createProblems(capabilitiesOf(version), asked);
      assert.deepEqual(problems.map((problem) => problem.split(":")[0]), refused);
      for (const problem of problems) assert.ok(problem.includes(`OpenTalk ${version}`), `names the release: ${problem}`);
    });
  }

  it("tells 0.35 users that the room link is the guest link, and to leave out --guest-link-hours", () => {
    assert.deepEqual(createProblems(capabilitiesOf("0.35.0"), { guestLinkHours: 2 }), [
      "--guest-link-hours: OpenTalk 0.35.0 has no expiring guest links (OpenTalk 0.35 removed invite codes); guests join by the " +
        "room link itself for as long as the room lets them in — run again without --guest-link-hours, and the room link is " +
        "printed as guestLink",
    ]);
  });

  it("refuses with an UnsupportedError that names the command", () => {
    assert.throws(
      () => refuseWhatTheReleaseCannotDo(capabilitiesOf("0.35.0"), { guestLinkHours: 2 }, roomsCreate),
      (error: unknown) => isUnsupportedError(error) && error.message.startsWith("opentalk rooms create: --guest-link-hours: OpenTalk 0.35.0 "),
    );
    assert.doesNotThrow(() => refuseWhatTheReleaseCannotDo(capabilitiesOf("0.35.0"), { name: "lobby" }, roomsCreate));
  });
});
