// The JSON nesting cap: depth counting outside strings, the typed errors, and the walk of parsed values.
import { describe, expect, it } from "vitest";
import { jsonNestingDepth, jsonValueDepth, MAX_JSON_DEPTH, parseJsonCapped } from "./capped-json";
import { JsonFormatError } from "./errors";
import { cutText, showValue } from "./untrusted-text";

describe("parseJsonCapped", () => {
  it("counts nesting outside strings only", () => {
    expect(jsonNestingDepth('{"a":[1,{"b":"[[[{{"}]}')).toBe(3);
    expect(jsonNestingDepth('"\\"[["')).toBe(0);
    expect(jsonNestingDepth("5")).toBe(0);
  });

  it("parses up to the cap and refuses deeper text with a typed error, at 100,000 levels too", () => {
    const nested = (n: number) => `${"[".repeat(n)}${"]".repeat(n)}`;
    expect(parseJsonCapped(nested(MAX_JSON_DEPTH))).toBeDefined();
    for (const n of [MAX_JSON_DEPTH + 1, 100_000]) {
      const e = (() => {
        try {
          parseJsonCapped(nested(n), { what: "config.json" });
        } catch (err) {
          return err;
        }
      })();
      expect(e).toBeInstanceOf(JsonFormatError);
      expect((e as JsonFormatError).code).toBe("NESTING_TOO_DEEP");
      expect((e as Error).message).toMatch(/^config.json is nested more than 128 levels/);
    }
    expect(() => parseJsonCapped("{oops")).toThrow(JsonFormatError);
  });

  it("measures parsed values without recursion", () => {
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(jsonValueDepth(deep, 200)).toBe(201);
    expect(jsonValueDepth({ a: [1, { b: 2 }] })).toBe(3);
    expect(jsonValueDepth("x")).toBe(0);
  });
});

describe("untrusted values in messages", () => {
  it("cuts long text and never walks deep values", () => {
    expect(cutText("x".repeat(1_000_000))).toHaveLength(100 + "… (1000000 chars)".length);
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(showValue(deep)).toBe("[[…]]");
    expect(showValue(Array.from({ length: 10_000 }, (_, i) => i)).length).toBeLessThan(130);
    expect(showValue({ a: 1 })).toBe("{…}");
    expect(showValue("ab")).toBe('"ab"');
  });
});
