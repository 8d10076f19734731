import assert from "node:assert/strict";
import { linkTarget } from "../../provider/client/link-header";

const BASE = "https://ctrl.example.org/v1/rooms";
const page = (n: number) => `${BASE}?per_page=30&page=${n}`;

describe("linkTarget", () => {
  const middlePage =
    `<${page(3)}>; rel="next",<${page(5)}>; rel="last",<${page(1)}>; rel="first",<${page(1)}>; rel="prev"`;

  describe("finds each relation in the controller's comma-joined header", () => {
    const rows: Array<[string, string]> = [
      ["next", page(3)],
      ["last", page(5)],
      ["first", page(1)],
      ["prev", page(1)],
    ];
    for (const [rel, url] of rows) it(rel, () => assert.equal(linkTarget(middlePage, rel), url));
  });

  it("finds next whatever the order of the links", () => {
    const header = `<${page(1)}>; rel="first",<${page(5)}>; rel="last",<${page(3)}>; rel="next"`;
    assert.equal(linkTarget(header, "next"), page(3));
    assert.equal(linkTarget(header, "last"), page(5));
  });

  it("tolerates spaces around commas, semicolons and the equals sign", () => {
    const header = `  <${page(2)}> ;  rel = "next" ,   <${page(5)}>;rel="last"  `;
    assert.equal(linkTarget(header, "next"), page(2));
    assert.equal(linkTarget(header, "last"), page(5));
  });

  it("reads an unquoted rel", () => {
    assert.equal(linkTarget(`<${page(2)}>; rel=next, <${page(4)}>; rel=last`, "next"), page(2));
    assert.equal(linkTarget(`<${page(2)}>; rel=next, <${page(4)}>; rel=last`, "last"), page(4));
  });

  it("reads a rel among other parameters, and one link with several relations", () => {
    assert.equal(linkTarget(`<${page(2)}>; title="more"; rel="next"`, "next"), page(2));
    const header = `<${page(4)}>; rel="next last",<${page(1)}>; rel="prev first"`;
    assert.equal(linkTarget(header, "next"), page(4));
    assert.equal(linkTarget(header, "last"), page(4));
    assert.equal(linkTarget(header, "first"), page(1));
  });

  it("has no next on the last page", () => {
    const lastPage = `<${page(1)}>; rel="first",<${page(4)}>; rel="prev",<${page(5)}>; rel="last"`;
    assert.equal(linkTarget(lastPage, "next"), undefined);
  });

  it("has no target when the header is missing or empty", () => {
    assert.equal(linkTarget(undefined, "next"), undefined);
    assert.equal(linkTarget("", "next"), undefined);
  });

  it("ignores parts that are not links", () => {
    assert.equal(linkTarget("garbage", "next"), undefined);
    assert.equal(linkTarget(`rel="next"`, "next"), undefined);
  });

  it("does not mistake a relation that merely contains the name", () => {
    assert.equal(linkTarget(`<${page(2)}>; rel="nextpage"`, "next"), undefined);
  });

  it("keeps commas inside a URL's query string", () => {
    const withComma = `${BASE}?ids=a,b,c&sort=created,desc&page=2`;
    const header = `<${withComma}>; rel="next",<${BASE}?ids=a,b,c&page=9>; rel="last"`;
    assert.equal(linkTarget(header, "next"), withComma);
    assert.equal(linkTarget(header, "last"), `${BASE}?ids=a,b,c&page=9`);
  });

  it("keeps a comma followed by a space inside a URL", () => {
    const withComma = `${BASE}?q=a, b&page=2`;
    assert.equal(linkTarget(`<${withComma}>; rel="next"`, "next"), withComma);
  });
});
