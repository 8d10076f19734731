import assert from "node:assert/strict";
import { isUuid, sameId } from "../../provider/plan/ids";

const ID = "6f1c2b1e-3d4a-4f5b-8c6d-7e8f9a0b1c2d";

describe("sameId", () => {
  const rows: Array<[string | null | undefined, string | null | undefined, boolean]> = [
    [ID, ID, true],
    [ID.toUpperCase(), ID, true],
    [ID, "6F1C2B1E-3d4a-4f5b-8C6D-7e8f9a0b1c2d", true],
    [ID, "99999999-8888-4777-8666-555555555555", false],
    [ID, `${ID}0`, false],
    ["e1", "e1", true],
    ["e1", "E1", false],
    [null, null, true],
    [undefined, null, true],
    [ID, null, false],
    [undefined, ID, false],
  ];
  for (const [a, b, same] of rows) {
    it(`${same ? "equates" : "tells apart"} ${JSON.stringify(a)} and ${JSON.stringify(b)}`, () => assert.equal(sameId(a, b), same));
  }
});

describe("isUuid", () => {
  it("takes UUIDs in any case", () => {
    assert.equal(isUuid(ID), true);
    assert.equal(isUuid(ID.toUpperCase()), true);
  });
  it("refuses what is not one, long strings by their length", () => {
    for (const value of ["", "room-1", `${ID}0`, ID.replace(/-/g, ""), 42, null, ID.repeat(100_000)]) {
      assert.equal(isUuid(value), false, String(value).slice(0, 50));
    }
  });
});
