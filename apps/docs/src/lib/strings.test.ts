import { describe, expect, it } from "vitest";
import { calculatorStrings } from "./calculator-strings";
import { demoStrings, fill } from "./demo-strings";
import { SALIENCY_METHODS } from "./demos/fashion-attribution";
import { FIELD_KEYS } from "./form";
import { playgroundStrings } from "./playground-strings";

/** Every leaf of a nested object as [key path, value], e.g. ["groups/shape", "Shape"]. */
function leaves(obj: object, prefix = ""): [string, unknown][] {
  return Object.entries(obj).flatMap(([k, v]): [string, unknown][] =>
    v !== null && typeof v === "object" ? leaves(v, `${prefix}${k}/`) : [[`${prefix}${k}`, v]],
  );
}

const paths = (obj: object) => leaves(obj).map(([p]) => p);

describe("labels", () => {
  it("the calculator has the same labels in English and Chinese, none empty", () => {
    expect(paths(calculatorStrings["zh-cn"]).sort()).toEqual(paths(calculatorStrings.en).sort());
    for (const table of Object.values(calculatorStrings)) {
      for (const [p, v] of leaves(table)) expect(typeof v === "string" && v.trim() !== "", p).toBe(true);
    }
  });

  it("every config field has a label in both languages", () => {
    for (const key of FIELD_KEYS) {
      expect(calculatorStrings.en.fields[key], key).toBeTruthy();
      expect(calculatorStrings["zh-cn"].fields[key], key).toBeTruthy();
    }
  });

  it("the Chinese calculator labels are translated, not copied", () => {
    const en = calculatorStrings.en;
    const zh = calculatorStrings["zh-cn"];
    for (const k of [
      "total",
      "trainable",
      "active",
      "breakdown",
      "memory",
      "training",
      "frontier",
    ] as const) {
      expect(zh[k]).not.toBe(en[k]);
      expect(zh[k]).toMatch(/[\u4e00-\u9fff]/);
    }
  });

  it("the neuron playground has the same labels in both languages", () => {
    expect(paths(playgroundStrings["zh-cn"]).sort()).toEqual(paths(playgroundStrings.en).sort());
  });

  it("the demos have the same labels in both languages, none empty, Chinese translated", () => {
    expect(paths(demoStrings["zh-cn"]).sort()).toEqual(paths(demoStrings.en).sort());
    for (const table of Object.values(demoStrings)) {
      for (const [p, v] of leaves(table)) expect(typeof v === "string" && v.trim() !== "", p).toBe(true);
      expect(table.classes).toHaveLength(10);
      for (const m of SALIENCY_METHODS) expect(table.methods[m], m).toBeTruthy();
    }
    for (const k of ["loading", "probabilities", "featureMaps", "prediction", "tokens"] as const) {
      expect(demoStrings["zh-cn"][k]).toMatch(/[\u4e00-\u9fff]/);
    }
  });

  it("fill replaces named placeholders and leaves unknown ones", () => {
    expect(fill("{a} of {b} {c}", { a: 1, b: "x" })).toBe("1 of x {c}");
  });
});
