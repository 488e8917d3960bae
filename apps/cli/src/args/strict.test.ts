import { describe, expect, it } from "vitest";
import { UsageError } from "../errors";
import { closest } from "./closest";
import { checkFlags } from "./strict";

const args = {
  preset: { type: "positional", required: false },
  layers: { type: "string" },
  dModel: { type: "string" },
  tie: { type: "boolean" },
  json: { type: "boolean" },
} as const;

describe("checkFlags", () => {
  it("accepts defined flags in kebab case, with = values, negated booleans and positionals", () => {
    expect(() =>
      checkFlags(
        "params",
        ["gpt2", "--layers", "12", "--d-model=768", "--no-tie", "--json", "--", "--x"],
        args,
      ),
    ).not.toThrow();
  });

  it("rejects an unknown flag and suggests the nearest one", () => {
    expect(() => checkFlags("params", ["--layrs", "12"], args)).toThrow(
      new UsageError("unknown flag --layrs (did you mean --layers?)", "params"),
    );
    expect(() => checkFlags("params", ["--zzzzzz"], args)).toThrow("unknown flag --zzzzzz");
  });

  it("rejects a value flag without its value", () => {
    expect(() => checkFlags("params", ["--layers"], args)).toThrow("flag --layers needs a value");
    expect(() => checkFlags("params", ["--layers", "--json"], args)).toThrow("flag --layers needs a value");
  });
});

describe("closest", () => {
  it("finds a near name and refuses a far one", () => {
    expect(closest("parms", ["params", "scale", "inspect"])).toBe("params");
    expect(closest("inspct", ["params", "scale", "inspect"])).toBe("inspect");
    expect(closest("xyzzy", ["params", "scale", "inspect"])).toBeUndefined();
  });
});
