// jsonDepth: nesting counted outside strings only, and the scan stops once past the limit.
import { describe, expect, it } from "vitest";
import { jsonDepth, MAX_JSON_DEPTH } from "./json-depth";

describe("jsonDepth", () => {
  it("counts the deepest nesting of arrays and objects, as JSON.parse sees it", () => {
    expect(jsonDepth("1")).toBe(0);
    expect(jsonDepth('{"a": [1, {"b": []}], "c": {}}')).toBe(4); // { [ { [
    // Brackets inside strings, also after escaped quotes and backslashes, are text.
    expect(jsonDepth('["[[[[", "\\"[[[", "\\\\", {"k": "}}}"}]')).toBe(2);
    const value = JSON.parse('["[[[[", "\\"[[[", "\\\\", {"k": "}}}"}]');
    expect(value[1]).toBe('"[[[');
  });

  it("stops past the limit (a 100,000-deep file costs one short scan)", () => {
    const deep = "[".repeat(100_000);
    expect(jsonDepth(deep)).toBe(MAX_JSON_DEPTH + 1);
    expect(jsonDepth(`${"[".repeat(MAX_JSON_DEPTH)}${"]".repeat(MAX_JSON_DEPTH)}`)).toBe(MAX_JSON_DEPTH);
  });
});
