import { describe, expect, it } from "vitest";
import { parseAmount } from "./amount";

describe("parseAmount", () => {
  it("reads plain numbers, exponents and K/M/B/T/P suffixes", () => {
    expect(parseAmount("300B")).toBe(300e9);
    expect(parseAmount("1.4T")).toBe(1.4e12);
    expect(parseAmount("989t")).toBe(989e12);
    expect(parseAmount("2e9")).toBe(2e9);
    expect(parseAmount("1,000,000")).toBe(1e6);
    expect(parseAmount(" 12 ")).toBe(12);
    expect(parseAmount("0.4")).toBe(0.4);
  });

  it("gives undefined for blank and NaN for text that is not an amount", () => {
    expect(parseAmount("")).toBeUndefined();
    expect(parseAmount("   ")).toBeUndefined();
    expect(parseAmount("abc")).toBeNaN();
    expect(parseAmount("12X")).toBeNaN();
    expect(parseAmount("1e")).toBeNaN();
  });
});
