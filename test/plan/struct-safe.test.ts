import assert from "node:assert/strict";
import { structSafe } from "../../provider/plan/struct-safe";

describe("structSafe", () => {
  it("drops keys whose value is undefined", () => {
    assert.deepEqual(structSafe({ a: 1, b: undefined }), { a: 1 });
    assert.ok(!("b" in structSafe({ a: 1, b: undefined })));
  });

  it("drops undefined keys in nested objects", () => {
    assert.deepEqual(structSafe({ sip: { enabled: true, lobby: undefined }, deep: { x: { y: undefined, z: 0 } } }), {
      sip: { enabled: true },
      deep: { x: { z: 0 } },
    });
  });

  it("keeps null, false, 0 and empty strings (absent values are null in state)", () => {
    const value = { password: null, waitingRoom: false, count: 0, name: "" };
    assert.deepEqual(structSafe(value), value);
  });

  it("turns a Date into its ISO string, also when nested", () => {
    const at = new Date("2026-12-01T09:00:00Z");
    assert.deepEqual(structSafe({ createdAt: at, invite: { expiresAt: at } }), {
      createdAt: "2026-12-01T09:00:00.000Z",
      invite: { expiresAt: "2026-12-01T09:00:00.000Z" },
    });
  });

  it("cleans arrays item by item, turning undefined items into null (a list keeps its positions)", () => {
    const at = new Date("2026-12-01T09:00:00Z");
    assert.deepEqual(structSafe({ list: [1, undefined, at, { a: undefined, b: 2 }, [undefined]] }), {
      list: [1, null, "2026-12-01T09:00:00.000Z", { b: 2 }, [null]],
    });
  });

  it("turns a bigint into a number", () => {
    assert.deepEqual(structSafe({ size: BigInt(42), nested: [BigInt(7)] }), { size: 42, nested: [7] });
  });

  it("does not modify the value it is given", () => {
    const input = { a: undefined, at: new Date(0), list: [undefined] };
    structSafe(input);
    assert.ok("a" in input);
    assert.ok(input.at instanceof Date);
    assert.deepEqual(input.list, [undefined]);
  });

  it("returns only values a protobuf Struct can carry", () => {
    const cleaned = structSafe({ a: { b: [new Date(0), BigInt(1), undefined, { c: undefined }] }, d: undefined });
    const walk = (value: unknown): void => {
      assert.notEqual(value, undefined);
      assert.notEqual(typeof value, "bigint");
      assert.ok(!(value instanceof Date));
      if (value !== null && typeof value === "object") for (const item of Object.values(value)) walk(item);
    };
    walk(cleaned);
  });
});
