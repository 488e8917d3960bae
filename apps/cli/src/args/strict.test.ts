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

  it("rejects a boolean given both ways and a value flag given twice with different values", () => {
    expect(() => checkFlags("params", ["--tie", "--no-tie"], args)).toThrow(
      new UsageError("--tie and --no-tie contradict each other; give one", "params"),
    );
    expect(() => checkFlags("params", ["--no-tie", "--tie"], args)).toThrow(
      "--no-tie and --tie contradict each other",
    );
    expect(() => checkFlags("params", ["--layers", "4", "--layers=5"], args)).toThrow(
      "--layers is given twice (4 and 5); give it once",
    );
    expect(() => checkFlags("params", ["--d-model", "8", "--dModel", "9"], args)).toThrow(
      "--d-model is given twice (8 and 9)",
    );
    // The same value twice, or the same boolean twice, is harmless.
    expect(() =>
      checkFlags("params", ["--tie", "--tie", "--layers", "4", "--layers", "4"], args),
    ).not.toThrow();
  });
});

describe("closest", () => {
  it("finds a near name and refuses a far one", () => {
    expect(closest("parms", ["params", "scale", "inspect"])).toBe("params");
    expect(closest("inspct", ["params", "scale", "inspect"])).toBe("inspect");
    expect(closest("xyzzy", ["params", "scale", "inspect"])).toBeUndefined();
  });
});
