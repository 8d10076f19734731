import assert from "node:assert/strict";
import { Census } from "../../provider/client/census";

/** A listing that can be held open, to see which callers share it. */
function controllableListing() {
  let calls = 0;
  const pending: Array<(ids: string[]) => void> = [];
  return {
    list: () => {
      calls++;
      return new Promise<string[]>((resolve) => pending.push(resolve));
    },
    finish: (ids: string[]) => pending.shift()!(ids),
    get calls() {
      return calls;
    },
  };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe("Census: proof of absence from one shared listing", () => {
  it("says whether the listing holds the id, ignoring case", async () => {
    const census = new Census(async () => ["AB-1", "cd-2"], () => 100);
    assert.equal(await census.lists("ab-1", 50), true);
    assert.equal(await census.lists("zz-9", 50), false);
  });

  it("shares one listing among callers whose denials came before it started", async () => {
    const listing = controllableListing();
    let now = 1_000;
    const census = new Census(listing.list, () => now);
    const answers = [census.lists("a", 900), census.lists("b", 950), census.lists("c", 1_000)];
    await tick();
    listing.finish(["a"]);
    assert.deepEqual(await Promise.all(answers), [true, false, false]);
    assert.equal(listing.calls, 1);
    now = 2_000;
    assert.equal(await census.lists("a", 1_000), true, "a finished listing still proves for earlier denials");
    assert.equal(listing.calls, 1);
  });

  it("never uses a listing that started before the denial: a new one follows it", async () => {
    const listing = controllableListing();
    let now = 1_000;
    const census = new Census(listing.list, () => now);
    const early = census.lists("room", 1_000);
    await tick();
    now = 1_500;
    // Denied at 1 400, while the first listing (started at 1 000) is still running: it cannot prove anything about it.
    const late = census.lists("room", 1_400);
    const later = census.lists("room", 1_450);
    await tick();
    listing.finish(["room"]);
    assert.equal(await early, true);
    await tick();
    assert.equal(listing.calls, 2, "one new listing for both late callers");
    listing.finish([]);
    assert.deepEqual(await Promise.all([late, later]), [false, false]);
  });

  it("passes a failed listing on as a failure, never as absence", async () => {
    const census = new Census(async () => {
      throw new Error("proxy says no");
    });
    await assert.rejects(census.lists("x", 0), /proxy says no/);
  });
});
