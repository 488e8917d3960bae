import { presets } from "@paramlens/gpt-params";
import { describe, expect, it } from "vitest";
import { presetForm } from "./form";
import { isModified } from "./model-label";
import {
  DEFAULT_OPTIONS,
  decodeModel,
  decodeState,
  defaultState,
  encodeModel,
  encodeState,
  type ModelState,
  modelFromPreset,
  resetModel,
  unknownPresets,
} from "./url-state";

describe("URL state", () => {
  it("the default state encodes to the plain preset and decodes back", () => {
    const s = defaultState();
    expect(encodeState(s)).toBe("m=gpt2");
    expect(decodeState("?m=gpt2")).toEqual(s);
    expect(decodeState("")).toEqual(s);
  });

  it("stores only the fields that differ from the preset", () => {
    const form = { ...(presetForm("gpt2") ?? {}), nLayers: "24", "bias.qkv": "false" };
    expect(encodeModel({ preset: "gpt2", form })).toBe("gpt2,nLayers:24,bias.qkv:false");
  });

  it("round-trips several models, options, focus and an invalid entry", () => {
    const s = defaultState();
    s.models.push({
      preset: "mixtral-8x7b",
      form: { ...(presetForm("mixtral-8x7b") ?? {}), nLayers: "abc" },
    });
    // A named custom model is an import: it comes back with its link's fields as the ones "Reset" restores.
    const imported = { ...(presetForm("custom") ?? {}), moe: "true", "moe.layers": "0,2,4" };
    s.models.push({ preset: "custom", form: imported, label: "My model, v2", base: { ...imported } });
    s.focus = 2;
    s.options = {
      ...DEFAULT_OPTIONS,
      batch: "8",
      kvDtype: "fp8",
      tokens: "1.4T",
      zeroStage: "3",
      fit: "epoch2024",
    };
    const query = encodeState(s);
    expect(decodeState(query)).toEqual(s);
    // Survives the browser's own parsing and re-serialisation of the query.
    expect(decodeState(new URLSearchParams(query).toString())).toEqual(s);
  });

  it("ignores what it cannot read instead of throwing", () => {
    const s = decodeState(
      "?m=no-such-model,nLayers:3,notAField:1,broken&focus=9&kv=fp7&zero=5&m=gpt2,nHeads:%25E0%25A4%25A",
    );
    expect(s.models[0]?.preset).toBe("custom");
    expect(s.models[0]?.form.nLayers).toBe("3");
    expect(s.models[1]?.form.nHeads).toBe("%E0%A4%A");
    expect(s.focus).toBe(0);
    expect(s.options.kvDtype).toBe(DEFAULT_OPTIONS.kvDtype);
    expect(s.options.zeroStage).toBe(DEFAULT_OPTIONS.zeroStage);
  });

  it("keeps at most four models", () => {
    const s = decodeState(`?${Array.from({ length: 6 }, () => "m=gpt1").join("&")}`);
    expect(s.models).toHaveLength(4);
  });

  it("decodes every preset id to that preset's form", () => {
    for (const id of Object.keys(presets)) {
      expect(decodeModel(id)).toEqual({ preset: id, form: presetForm(id) });
    }
  });
});

describe("imported models and mistyped links", () => {
  it("an imported model resets to its own config, keeps its name and is unmodified until edited", () => {
    const imported = decodeModel("custom,name:my-model,nLayers:6");
    expect(imported.label).toBe("my-model");
    expect(imported.base?.nLayers).toBe("6");
    expect(isModified(imported)).toBe(false);
    const edited: ModelState = { ...imported, form: { ...imported.form, nLayers: "7" } };
    expect(isModified(edited)).toBe(true);
    const reset = resetModel(edited);
    expect(reset.form.nLayers).toBe("6");
    expect(reset.label).toBe("my-model");
    // A preset still resets to the preset.
    const gpt2 = modelFromPreset("gpt2");
    expect(resetModel({ ...gpt2, form: { ...gpt2.form, nLayers: "3" } }).form).toEqual(gpt2.form);
  });

  it("lists the link's model ids that are not presets, with their column", () => {
    expect(unknownPresets("?m=gpt2&m=gtp2,nLayers:3&m=custom")).toEqual([{ id: "gtp2", column: 2 }]);
    expect(unknownPresets("m=gpt2")).toEqual([]);
    expect(unknownPresets(`?m=${"x".repeat(100)}`)[0]?.id).toBe(`${"x".repeat(40)}…`);
  });
});
