// suggestPreset / getPreset: did-you-mean by edit distance for the CLI.
import { describe, expect, it } from "vitest";
import { PresetError } from "./errors";
import { presetIds } from "./presets";
import { editDistance, getPreset, suggestPreset } from "./suggest";

describe("editDistance", () => {
  it("is the Levenshtein distance", () => {
    expect(editDistance("kitten", "sitting")).toBe(3);
    expect(editDistance("", "abc")).toBe(3);
    expect(editDistance("gpt2", "gpt2")).toBe(0);
  });
});

describe("suggestPreset and getPreset", () => {
  it("normalises loose spellings to the id", () => {
    expect(suggestPreset("GPT-2 XL")).toEqual(["gpt2-xl"]);
    expect(getPreset("Llama_2_7b").id).toBe("llama2-7b");
    expect(getPreset("gpt2-medium").id).toBe("gpt2-medium");
  });
  it("suggests the nearest ids for typos", () => {
    expect(suggestPreset("gpt2-xxl")[0]).toBe("gpt2-xl");
    expect(suggestPreset("lama3-8b")[0]).toBe("llama3-8b");
    expect(suggestPreset("mixtral")[0]).toBe("mixtral-8x7b");
    expect(suggestPreset("completely-unrelated-name")).toEqual([]);
  });
  it("throws PresetError with suggestions for unknown names", () => {
    try {
      getPreset("gpt3-175");
      throw new Error("test: expected a PresetError");
    } catch (e) {
      expect(e).toBeInstanceOf(PresetError);
      expect((e as PresetError).code).toBe("PRESET_UNKNOWN");
      expect((e as PresetError).suggestions[0]).toBe("gpt3-175b");
      expect((e as Error).message).toBe(
        'getPreset: no preset "gpt3-175"; did you mean "gpt3-175b", "gpt3-13b"?',
      );
    }
  });
});

describe("getPreset with ids that keep a dash before a digit", () => {
  it("finds every preset by its own id", () => {
    for (const id of presetIds) expect(getPreset(id).id).toBe(id);
  });
  it("finds mixtral-8x7b, mistral-7b and gptj-6b by id and by loose spelling", () => {
    expect(getPreset("mixtral-8x7b").id).toBe("mixtral-8x7b");
    expect(getPreset("Mixtral 8x7B").id).toBe("mixtral-8x7b");
    expect(getPreset("mistral-7b").id).toBe("mistral-7b");
    expect(getPreset("gptj-6b").id).toBe("gptj-6b");
  });
});

describe("getPreset and Object.prototype keys", () => {
  it("does not take toString or constructor for a preset", () => {
    expect(() => getPreset("toString")).toThrow(PresetError);
    expect(() => getPreset("constructor")).toThrow(PresetError);
  });
});
