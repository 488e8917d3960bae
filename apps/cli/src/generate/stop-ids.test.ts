import { describe, expect, it } from "vitest";
import { stopIds } from "./stop-ids";

describe("stopIds", () => {
  it("takes generation_config first, then config.json, then the tokenizer", () => {
    expect(stopIds([2, 3], 9, 100)).toEqual(new Set([2]));
    expect(stopIds([undefined, 3], 9, 100)).toEqual(new Set([3]));
    expect(stopIds([undefined, null], 9, 100)).toEqual(new Set([9]));
    expect(stopIds([], null, 100)).toEqual(new Set());
  });

  it("accepts a list (Llama 3) and drops ids outside the vocabulary or not integers", () => {
    expect(stopIds([[128001, 128009, 5]], null, 128256)).toEqual(new Set([128001, 128009, 5]));
    expect(stopIds([50256], 7, 64)).toEqual(new Set());
    expect(stopIds([[1.5, -1, "2", 4]], null, 64)).toEqual(new Set([4]));
  });
});
