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
      assert.deepEqual(parsed.common, { config: "f.yaml", format: "csv" });
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
      assert.equal(error.message, "--guest-link-hours needs a value (--guest-link-hours N)");
      assert.equal(error.command?.action, "create");
    }
  });

  it("takes a value that starts with a dash as the option's value, so that the command can say what is wrong with it", () => {
    const parsed = parseCommandLine(["rooms", "create", "--guest-link-hours", "-3"], COMMANDS);
    assert.ok(parsed.kind === "run");
    assert.equal(parsed.options["guest-link-hours"], "-3");
  });

  it("still reads an option or -h after an option as a missing value", () => {
    for (const argv of [["events", "list", "--to", "--csv"], ["events", "list", "--from", "-h"]]) {
      const error = usageError(argv);
      assert.match(error.message, /^--(to|from) needs a value \(--(to|from) TIME\)$/);
      assert.equal(error.command?.action, "list");
    }
  });

  it("picks the output format: JSON by default, --csv or --table, not both", () => {
    const format = (argv: string[]) => {
      const parsed = parseCommandLine(argv, COMMANDS);
      return parsed.kind === "run" ? parsed.common.format : undefined;
    };
    assert.equal(format(["rooms", "list"]), "json");
    assert.equal(format(["rooms", "list", "--csv"]), "csv");
    assert.equal(format(["rooms", "list", "--table"]), "table");
    assert.match(usageError(["rooms", "list", "--csv", "--table"]).message, /^--csv and --table exclude each other: choose one/);
  });

  it("asks for a required option by name, with what to give", () => {
    const error = usageError(["meetings", "create"]);
    assert.equal(error.message, "needs --title TEXT: the meeting's title, as people see it in their OpenTalk dashboard");
    assert.equal(error.command?.action, "create");
  });

  it("names the command a usage error belongs to, also after `help`", () => {
    assert.equal(usageError(["help", "rooms", "list", "--nope"]).command?.action, "list");
    assert.equal(usageError(["meetings", "--nope"]).group, "meetings");
  });
});

function usageError(argv: readonly string[]): UsageError {
  try {
    parseCommandLine(argv, COMMANDS);
  } catch (error) {
    assert.ok(error instanceof UsageError, String(error));
    return error;
  }
  assert.fail(`expected a usage error for ${argv.join(" ")}`);
}
