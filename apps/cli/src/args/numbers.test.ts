import { describe, expect, it } from "vitest";
import { InvalidValueError } from "../errors";
import { parseNonNegativeInteger, parseNumber, parsePositive, parsePositiveInteger } from "./numbers";

describe("parseNumber", () => {
  it("reads plain, scientific, grouped and suffixed numbers", () => {
    expect(parseNumber("x", "7000000000")).toBe(7e9);
    expect(parseNumber("x", "1e23")).toBe(1e23);
    expect(parseNumber("x", "1.5e+21")).toBe(1.5e21);
    expect(parseNumber("x", "124,439,808")).toBe(124439808);
    expect(parseNumber("x", "7B")).toBe(7e9);
    expect(parseNumber("x", "175b")).toBe(175e9);
    expect(parseNumber("x", "2T")).toBe(2e12);
    expect(parseNumber("x", "512k")).toBe(512e3);
    expect(parseNumber("x", "1.5M")).toBe(1.5e6);
    expect(parseNumber("x", "0.5")).toBe(0.5);
  });

  it("names the flag and shows the value it could not read", () => {
    expect(() => parseNumber("compute", "abc")).toThrow(
      '--compute: expected a number such as 7e9, 7B or 7000000000, got "abc"',
    );
    expect(() => parseNumber("compute", "")).toThrow("got an empty value");
    expect(() => parseNumber("compute", true)).toThrow("got no value");
    expect(() => parseNumber("compute", "7X")).toThrow(InvalidValueError);
    expect(() => parseNumber("compute", "1e400")).toThrow("--compute: 1e400 is too large");
  });
});

describe("parsePositive / parsePositiveInteger", () => {
  it("rejects zero, and fractions where a whole number is needed", () => {
    expect(() => parsePositive("tokens", "0")).toThrow("--tokens: 0 must be positive (greater than 0)");
    // A negative number is a number: the message says what is wrong with it, not "expected a number".
    expect(() => parsePositive("lr", "-1")).toThrow("--lr: -1 must be positive (greater than 0)");
    expect(() => parsePositive("lr", "-1e-3")).toThrow("--lr: -1e-3 must be positive (greater than 0)");
    expect(() => parseNonNegativeInteger("seed", "-2")).toThrow("--seed: -2 must be 0 or more");
    expect(() => parsePositive("lr", "--1")).toThrow("--lr: expected a number");
    expect(() => parsePositiveInteger("layers", "2.5")).toThrow("--layers: 2.5 must be a whole number");
    expect(parsePositiveInteger("layers", "12")).toBe(12);
  });
});
