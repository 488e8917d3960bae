import { ConfigError, countParameters, presets, validateConfig } from "@paramlens/gpt-params";
import { describe, expect, it } from "vitest";
import { FIELD_KEYS, FIELDS, formFromConfig, inputFromForm, presetForm } from "./form";

describe("calculator form", () => {
  it("every preset survives config → form → config unchanged", () => {
    for (const [id, p] of Object.entries(presets)) {
      const back = validateConfig(inputFromForm(formFromConfig(p.config), p.config.name));
      expect(back, id).toEqual({ ...p.config, notes: [] });
    }
  });

  it("covers every GPTConfig field except the free-form name and notes", () => {
    const c = validateConfig({});
    const top = Object.keys(c).filter((k) => !["name", "notes", "bias", "moe"].includes(k));
    for (const k of top) expect(FIELD_KEYS).toContain(k);
    for (const k of Object.keys(c.bias)) expect(FIELD_KEYS).toContain(`bias.${k}`);
    const moe = validateConfig({ moe: { nExperts: 2, expertsPerToken: 1 } }).moe ?? {};
    for (const k of Object.keys(moe)) expect(FIELD_KEYS).toContain(`moe.${k}`);
    expect(new Set(FIELD_KEYS).size).toBe(FIELDS.length);
  });

  it("leaves derived fields blank so they follow the fields they derive from", () => {
    const form = presetForm("gpt2") ?? {};
    expect(form.headDim).toBe("");
    expect(form.dFF).toBe("");
    expect(form.nKVHeads).toBe("");
    // Widening GPT-2 small to 24 × 1024 with 16 heads gives GPT-2 medium (354,823,168 parameters).
    const wider = { ...form, nLayers: "24", dModel: "1024", nHeads: "16" };
    expect(countParameters(inputFromForm(wider)).total).toBe(354823168);
  });

  it("passes text that is not a number through, so the library names the field", () => {
    const form = { ...(presetForm("gpt2") ?? {}), nLayers: "twelve" };
    try {
      countParameters(inputFromForm(form));
      expect.unreachable("an invalid layer count must throw");
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      expect((e as ConfigError).field).toBe("nLayers");
      expect((e as ConfigError).message).toContain("twelve");
    }
  });

  it("reads MoE fields only when MoE is on", () => {
    const dense = presetForm("gpt2") ?? {};
    expect(inputFromForm(dense).moe).toBeNull();
    const moe = {
      ...dense,
      moe: "true",
      "moe.nExperts": "8",
      "moe.expertsPerToken": "2",
      "moe.layers": "0, 2",
    };
    const c = validateConfig(inputFromForm(moe));
    expect(c.moe?.layers).toEqual([0, 2]);
    expect(c.moe?.nExperts).toBe(8);
  });
});
