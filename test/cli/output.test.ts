import assert from "node:assert/strict";
import { csvField, renderCsv, renderJson, renderTable, type CommandOutput } from "../../provider/cli/output";

describe("command line output", () => {
  describe("csvField (RFC 4180)", () => {
    const cases: [unknown, string][] = [
      ["plain", "plain"],
      ["", ""],
      [null, ""],
      [undefined, ""],
      [true, "true"],
      [42, "42"],
      ["a,b", '"a,b"'],
      ['say "hi"', '"say ""hi"""'],
      ["two\nlines", '"two\nlines"'],
      ["cr\rhere", '"cr\rhere"'],
      ["+49 30 1234567", "+49 30 1234567"],
      ["http://ot.example/room/r?invite=c", "http://ot.example/room/r?invite=c"],
    ];
    for (const [value, expected] of cases) {
      it(`${JSON.stringify(value) ?? "undefined"} → ${JSON.stringify(expected)}`, () => assert.equal(csvField(value), expected));
    }
  });

  const output: CommandOutput = {
    shape: "list",
    columns: ["id", "title", "missing"],
    rows: [{ title: "x, y", id: "1", extra: "not a column" }],
  };

  it("writes a header line and CRLF after every line, in column order", () => {
    assert.equal(renderCsv(output), 'id,title,missing\r\n1,"x, y",\r\n');
  });

  it("writes JSON in column order, with null for absent values and nothing beyond the columns", () => {
    assert.equal(renderJson(output), '[\n  {\n    "id": "1",\n    "title": "x, y",\n    "missing": null\n  }\n]\n');
    assert.equal(renderJson({ ...output, shape: "item" }), '{\n  "id": "1",\n  "title": "x, y",\n  "missing": null\n}\n');
  });

  it("writes aligned columns for --table, with - for absent values and line breaks as spaces", () => {
    const table: CommandOutput = {
      shape: "list",
      columns: ["id", "title", "waitingRoom"],
      rows: [{ id: "1", title: "Team\r\nsync", waitingRoom: true }, { id: "22", title: null, waitingRoom: false }],
    };
    assert.equal(renderTable(table), "id  title      waitingRoom\n1   Team sync  true\n22  -          false\n");
    assert.equal(renderTable({ ...table, rows: [] }), "id  title  waitingRoom\n");
  });
});
