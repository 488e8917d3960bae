// Prompt attribution against Captum 0.8's LLMAttribution / LLMGradientAttribution on the same tiny Hugging Face
// GPT-2 (src/fixtures/tiny-gpt2.safetensors, loaded with nn's loadGPT2) and the same character tokenizer:
// fixtures from scripts/captum-llm-fixtures.py (header: the command). Exact methods match to float32
// precision; sampled ones (Shapley sampling) converge to Captum's exact Shapley values, and KernelSHAP in its
// enumeration mode equals them.
import { readFileSync } from "node:fs";
import { loadGPT2 } from "@paramlens/nn";
import { Tensor } from "@paramlens/tensor";
import { describe, expect, it } from "vitest";
import { FeatureAblation } from "../feature-ablation";
import fixture from "../fixtures/captum-llm.json";
import { KernelShap } from "../kernel-shap";
import { Lime } from "../lime";
import { ShapleyValueSampling, ShapleyValues } from "../shapley-values";
import { expectClose } from "../test-util";
import {
  LLMAttribution,
  type PerturbationMethodClass,
  type PromptAttributionResult,
} from "./llm-attribution";
import { LLMGradientAttribution } from "./llm-gradient-attribution";
import { type PromptTokenizer, TemplatePrompt, TokenPrompt } from "./prompt-input";
import { formatPromptAttribution, promptAttributionHtml } from "./render";

interface Case {
  name: string;
  kind: "token" | "template";
  method: string;
  attrTarget?: "prob";
  prompt?: string;
  target: string;
  baseline?: number;
  skip?: number[];
  nSteps?: number;
  template?: string;
  values?: string[];
  baselines?: string[];
  mask?: number[];
  seqAttr: number[];
  tokenAttr: number[][];
  inputTokens: string[];
  outputTokens: string[];
}

const vocab = fixture.vocab;
const tok: PromptTokenizer = {
  encode: (text) => Array.from(text, (c) => vocab.indexOf(c)),
  decode: (ids) => ids.map((i) => vocab[i]).join(""),
};
const bytes = new Uint8Array(readFileSync(new URL("../fixtures/tiny-gpt2.safetensors", import.meta.url)));
const { model: gpt } = loadGPT2(bytes, { nHeads: fixture.nHeads });
gpt.eval();
const cases = fixture.cases as unknown as Case[];
const byName = (n: string) => cases.find((c) => c.name === n)!;

function promptOf(c: Case): TokenPrompt | TemplatePrompt {
  if (c.kind === "template")
    return new TemplatePrompt(c.template!, c.values!, tok, { baselines: c.baselines, mask: c.mask });
  return TokenPrompt.fromText(c.prompt!, tok, { baseline: c.baseline, skipTokens: c.skip });
}

function expectMatches(r: PromptAttributionResult, c: Case, atol = 2e-5): void {
  expect(r.inputTokens).toEqual(c.inputTokens);
  expect(r.outputTokens).toEqual(c.outputTokens);
  expectClose(r.seqAttr, c.seqAttr, atol, 1e-4);
  expect(r.tokenAttr).toHaveLength(c.tokenAttr.length);
  for (const [k, row] of r.tokenAttr.entries()) expectClose(row, c.tokenAttr[k]!, atol, 1e-4);
}

const methods: Record<string, PerturbationMethodClass> = {
  "feature-ablation": FeatureAblation,
  "shapley-values": ShapleyValues,
};

describe("LLMAttribution matches Captum", () => {
  for (const c of cases.filter((x) => !x.method.includes("gradient"))) {
    it(c.name, () => {
      const llm = new LLMAttribution(gpt, methods[c.method]!, { tokenizer: tok, attrTarget: c.attrTarget });
      const r = llm.attribute(promptOf(c), c.target);
      expectMatches(r, c, c.attrTarget === "prob" ? 1e-7 : 2e-5);
    });
  }

  it("KernelSHAP enumerating every coalition gives Captum's exact Shapley values", () => {
    const c = byName("token-shapley-values");
    const r = new LLMAttribution(gpt, KernelShap, { tokenizer: tok }).attribute(promptOf(c), c.target, {
      nSamples: 100,
    });
    expectMatches(r, c, 1e-4);
  });

  it("Shapley value sampling converges to Captum's exact Shapley values, efficiency holds exactly", () => {
    const c = byName("token-shapley-values");
    const llm = new LLMAttribution(gpt, ShapleyValueSampling, { tokenizer: tok });
    const r = llm.attribute(promptOf(c), c.target, { nSamples: 400, seed: 3 });
    expectClose(r.seqAttr, c.seqAttr, 0.08, 0);
    // each sampled order telescopes: Σ_j φ_j = f(all) − f(none), the same total as the exact values
    const sum = (xs: number[]) => xs.reduce((s, v) => s + v, 0);
    expect(sum(r.seqAttr)).toBeCloseTo(sum(c.seqAttr), 4);
    // per-token rows sum to the sequence row (log-probs add up)
    for (const [j, v] of r.seqAttr.entries())
      expect(r.tokenAttr.reduce((s, row) => s + row[j]!, 0)).toBeCloseTo(v, 4);
  });

  it("LIME gives a per-token matrix whose rows sum to the sequence attribution; trials average", () => {
    const c = byName("token-shapley-values");
    const llm = new LLMAttribution(gpt, Lime, { tokenizer: tok });
    const r = llm.attribute(promptOf(c), c.target, { nSamples: 60, nTrials: 2, seed: 1 });
    expect(r.tokenAttr).toHaveLength(3);
    for (const [j, v] of r.seqAttr.entries())
      expect(r.tokenAttr.reduce((s, row) => s + row[j]!, 0)).toBeCloseTo(v, 4);
    const one = llm.attribute(promptOf(c), c.target, { nSamples: 60, seed: 1 });
    const two = llm.attribute(promptOf(c), c.target, { nSamples: 60, seed: 2 });
    expectClose(
      r.seqAttr,
      one.seqAttr.map((v, j) => (v + two.seqAttr[j]!) / 2),
      1e-5,
      1e-5,
    );
  });
});

describe("LLMGradientAttribution matches Captum", () => {
  for (const c of cases.filter((x) => x.method.includes("gradient") || x.method === "input-x-gradient")) {
    it(c.name, () => {
      const method = c.method === "input-x-gradient" ? "input-x-gradient" : "integrated-gradients";
      const llm = new LLMGradientAttribution(gpt, "wte", { method, tokenizer: tok });
      const r = llm.attribute(promptOf(c) as TokenPrompt, c.target, { nSteps: c.nSteps });
      expectMatches(r, c, 1e-4);
    });
  }
});

describe("prompt inputs, errors and rendering", () => {
  it("maps presence to ids: baseline tokens, skipped tokens, template baselines and masks", () => {
    const p = new TokenPrompt([5, 1, 6, 7], { baseline: 9, skipTokens: [1] });
    expect(p.nFeatures).toBe(3);
    expect(p.ids([1, 0, 1])).toEqual([5, 1, 9, 7]);
    const t = new TemplatePrompt("{a} x {b}{{}}", { a: "ab", b: "c" }, tok, {
      baselines: { a: "", b: "d" },
      mask: { a: 3, b: 3 },
    });
    expect(t.nFeatures).toBe(1);
    expect(t.text()).toBe("ab x c{}");
    expect(t.text([0])).toBe(" x d{}");
    expect(t.formatAttr([0.5])).toEqual([0.5, 0.5]);
    expect(() => new TemplatePrompt("{} {}", ["a"], tok).text()).toThrow(/field \{\} has no value/);
    expect(() => new TokenPrompt([1, 1], { skipTokens: [1] })).toThrow(/nothing left/);
  });

  it("without a target, explains the model's own greedy continuation (Captum's default generation)", () => {
    const prompt = TokenPrompt.fromText("abc", tok);
    const own = gpt.generate(new Tensor(Int32Array.from([1, 2, 3]), [1, 3]), {
      maxNewTokens: 3,
      temperature: 0,
    });
    const want = Array.from(own.toTypedArray()).slice(3);
    const llm = new LLMAttribution(gpt, FeatureAblation, { tokenizer: tok });
    const r = llm.attribute(prompt, undefined, { maxNewTokens: 3 });
    expect(r.targetIds).toEqual(want);
    expect(r.seqAttr).toEqual(llm.attribute(prompt, want).seqAttr);
    const g = new LLMGradientAttribution(gpt, "wte", { method: "input-x-gradient" }).attribute(
      prompt,
      undefined,
      { maxNewTokens: 2 },
    );
    expect(g.targetIds).toEqual(want.slice(0, 2));
    expect(() => new LLMAttribution((x: Tensor) => gpt.call(x), FeatureAblation).attribute(prompt)).toThrow(
      /no generate/,
    );
  });

  it("refuses bad targets and empty perturbed prompts", () => {
    const llm = new LLMAttribution(gpt, FeatureAblation, { tokenizer: tok });
    expect(() => llm.attribute(TokenPrompt.fromText("ab", tok), [])).toThrow(/non-empty/);
    expect(() => llm.attribute(TokenPrompt.fromText("ab", tok), [99])).toThrow(
      /outside the vocabulary of 16/,
    );
    const t = new TemplatePrompt("{}", ["ab"], tok);
    expect(() => llm.attribute(t, "c")).toThrow(/perturbed prompt is empty/);
    expect(() => new LLMAttribution(gpt, FeatureAblation).attribute(t, "c")).toThrow(/needs a tokenizer/);
  });

  it("renders HTML (escaped) and terminal tables", () => {
    const r: PromptAttributionResult = {
      seqAttr: [1, -0.5],
      tokenAttr: [[1, -0.5]],
      inputTokens: ["<b>", "\n"],
      outputTokens: ["x"],
      targetIds: [3],
    };
    const html = promptAttributionHtml(r);
    expect(html).toContain("&lt;b&gt;");
    expect(html).not.toContain("<b>");
    expect(html).toContain("rgb(");
    const text = formatPromptAttribution(r);
    expect(text.split("\n")).toHaveLength(3);
    expect(text).toContain("\\n");
    expect(text).toContain("-0.500");
    expect(formatPromptAttribution(r, { color: true })).toContain("\x1b[48;2;");
    expect(() => promptAttributionHtml({ ...r, seqAttr: [1] })).toThrow(/inconsistent/);
  });
});
