import assert from "node:assert/strict";
import { parseCommandLine } from "../../provider/cli/arguments";
import { UsageError } from "../../provider/cli/command";
import { COMMANDS } from "../../provider/cli/main";

describe("parseCommandLine", () => {
  it("takes options before, between and after the words, and --name=value", () => {
    for (const argv of [
      ["--config", "f.yaml", "events", "list", "--from=2026-05-01", "--csv"],
      ["events", "--csv", "list", "--from", "2026-05-01", "--config=f.yaml"],
    ]) {
      const parsed = parseCommandLine(argv, COMMANDS);
      assert.equal(parsed.kind, "run");
      if (parsed.kind !== "run") return;
      assert.equal(`${parsed.command.group} ${parsed.command.action}`, "events list");
      assert.deepEqual(parsed.options, { from: "2026-05-01", to: undefined });
      assert.deepEqual(parsed.common, { config: "f.yaml", csv: true });
    }
  });

  it("names the positional arguments", () => {
    const parsed = parseCommandLine(["rooms", "get", "r-1"], COMMANDS);
    assert.ok(parsed.kind === "run");
    assert.deepEqual(parsed.args, { "room-id": "r-1" });
  });

  it("treats `help <command>` like `<command> --help`", () => {
    const viaWord = parseCommandLine(["help", "rooms", "create"], COMMANDS);
    const viaFlag = parseCommandLine(["rooms", "create", "--help"], COMMANDS);
    assert.equal(viaWord.kind, "help");
    assert.deepEqual(viaWord, viaFlag);
  });

  it("ties a usage error to the command it concerns", () => {
    try {
      parseCommandLine(["rooms", "create", "--guest-link-hours"], COMMANDS);
      assert.fail("expected a usage error");
    } catch (error) {
      assert.ok(error instanceof UsageError);
      assert.equal(error.message, "--guest-link-hours needs a value");
      assert.equal(error.command?.action, "create");
    }
  });
});
