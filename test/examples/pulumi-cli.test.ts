import assert from "node:assert/strict";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { installAtomically, PulumiCliUnavailableError } from "../../examples/standing-rooms/pulumi-cli";
import { writePulumiStandIn } from "../support/pulumi-stand-in";

/** What a download cut short leaves: the start of a binary, executable and not empty, so the launcher would trust it. */
function writeTruncatedBinary(file: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]));
  chmodSync(file, 0o755);
}

describe("installAtomically (npm start's wrapper around the launcher's download)", () => {
  let versions: string;
  let root: string;
  beforeEach(() => {
    versions = path.join(mkdtempSync(path.join(os.tmpdir(), "pulumi-home-")), "versions");
    root = path.join(versions, "3.250.0");
  });
  afterEach(() => {
    rmSync(path.dirname(versions), { recursive: true, force: true });
  });

  it("puts a download in place once it runs as the version asked for", async () => {
    await installAtomically("3.250.0", root, async (version, into) => {
      writePulumiStandIn(path.join(into, "bin", "pulumi"), version);
    });
    assert.ok(existsSync(path.join(root, "bin", "pulumi")));
    assert.deepEqual(readdirSync(versions), ["3.250.0"], "no download folder left beside it");
  });

  it("leaves nothing the launcher would count as installed when the download breaks off", async () => {
    await assert.rejects(
      installAtomically("3.250.0", root, async (_version, into) => {
        writeTruncatedBinary(path.join(into, "bin", "pulumi"));
        throw new Error("Command failed: /bin/sh /tmp/pulumi-install-1.sh");
      }),
      /Command failed/,
    );
    assert.deepEqual(readdirSync(versions), []);
  });

  it("refuses a download that does not run", async () => {
    await assert.rejects(
      installAtomically("3.250.0", root, async (_version, into) => writeTruncatedBinary(path.join(into, "bin", "pulumi"))),
      /the downloaded CLI does not run/,
    );
    assert.deepEqual(readdirSync(versions), []);
  });

  it("refuses a download that runs as another version", async () => {
    await assert.rejects(
      installAtomically("3.250.0", root, async (_version, into) => {
        writePulumiStandIn(path.join(into, "bin", "pulumi"), "3.100.0");
      }),
      /the downloaded CLI says it is version 3\.100\.0/,
    );
    assert.deepEqual(readdirSync(versions), []);
  });

  it("does not download over an incomplete folder, and names it for deletion", async () => {
    mkdirSync(path.join(root, "bin"), { recursive: true });
    writeFileSync(path.join(root, "bin", "pulumi-language-nodejs"), "");
    let downloaded = false;
    const install = installAtomically("3.250.0", root, async () => {
      downloaded = true;
    });
    await assert.rejects(install, (error: Error) => {
      assert.ok(error instanceof PulumiCliUnavailableError);
      assert.equal(error.message, `${root} holds an incomplete Pulumi CLI 3.250.0 (no working bin/pulumi): delete that folder and run npm start again.`);
      return true;
    });
    assert.equal(downloaded, false);
    assert.ok(existsSync(path.join(root, "bin", "pulumi-language-nodejs")), "the folder is the user's to delete");
  });

  it("keeps the CLI another npm start put in place meanwhile", async () => {
    await installAtomically("3.250.0", root, async (version, into) => {
      writePulumiStandIn(path.join(into, "bin", "pulumi"), version);
      writePulumiStandIn(path.join(root, "bin", "pulumi"), version);
    });
    assert.ok(existsSync(path.join(root, "bin", "pulumi")));
    assert.deepEqual(readdirSync(versions), ["3.250.0"]);
  });
});
