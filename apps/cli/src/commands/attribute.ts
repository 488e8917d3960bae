// `paramlens attribute DIR`: which prompt tokens made a Hugging Face model (loaded with nn's loadPretrained)
// give a target continuation — @paramlens/attribution's LLMAttribution (perturbation methods) or
// LLMGradientAttribution (integrated gradients / input × gradient on the token embedding), Captum's
// LLMAttribution semantics. Prints the output-token × prompt-token matrix; --html writes the coloured page;
// --json prints the result. Prompt and target as text (needs tokenizer.json) or as token ids.
import { resolve } from "node:path";
import {
  FeatureAblation,
  formatPromptAttribution,
  KernelShap,
  Lime,
  LLMAttribution,
  LLMGradientAttribution,
  type PerturbationMethodClass,
  type PromptAttributionResult,
  type PromptTokenizer,
  promptAttributionHtml,
  ShapleyValueSampling,
  TokenPrompt,
} from "@paramlens/attribution";
import { loadPretrained } from "@paramlens/nn/node";
import { initBackend } from "@paramlens/tensor";
import { outputArgs } from "../args/fragments";
import { defineCliCommand } from "../command";
import { InvalidValueError, UsageError } from "../errors";
import { folderInputs, refuseOutputOverInput } from "../files/output-guard";
import { checkWritable, writeFileAtomic } from "../files/write-atomic";
import { parseIdList } from "../generate/generate-options";

const PERTURBATION: Record<string, PerturbationMethodClass> = {
  "feature-ablation": FeatureAblation,
  "shapley-sampling": ShapleyValueSampling,
  "kernel-shap": KernelShap,
  lime: Lime,
};
const GRADIENT = ["integrated-gradients", "input-x-gradient"] as const;
const METHODS = [...Object.keys(PERTURBATION), ...GRADIENT];

export interface AttributeReport extends PromptAttributionResult {
  model: string;
  method: string;
  promptIds: number[];
}

function count(flag: string, raw: unknown, fallback: number): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n < 1) {
    throw new InvalidValueError(
      `--${flag}: expected a positive whole number, got ${JSON.stringify(String(raw).slice(0, 40))}`,
    );
  }
  return n;
}

export const attributeCommand = defineCliCommand({
  name: "attribute",
  description: "Attribute a target continuation to the prompt's tokens (Captum LLMAttribution methods)",
  args: {
    dir: {
      type: "positional",
      required: false,
      description: "A model folder: config.json, safetensors, tokenizer.json",
    },
    prompt: { type: "string", valueHint: "text", description: "The prompt text (needs tokenizer.json)" },
    ids: { type: "string", valueHint: "list", description: "The prompt as token ids, comma-separated" },
    target: {
      type: "string",
      valueHint: "text",
      description: "The continuation to explain (needs tokenizer.json)",
    },
    "target-ids": { type: "string", valueHint: "list", description: "The continuation as token ids" },
    method: {
      type: "string",
      valueHint: "name",
      description: `${METHODS.join(", ")} (default feature-ablation)`,
    },
    samples: {
      type: "string",
      valueHint: "n",
      description: "Samples for shapley-sampling / kernel-shap / lime",
    },
    steps: { type: "string", valueHint: "n", description: "integrated-gradients steps (default 50)" },
    seed: { type: "string", valueHint: "n", description: "Seed of the sampled methods (default 0)" },
    baseline: {
      type: "string",
      valueHint: "id",
      description: "Token id an absent token becomes (default 0)",
    },
    html: { type: "string", valueHint: "file", description: "Also write the coloured HTML page here" },
    ...outputArgs,
  },
  examples: [
    'paramlens attribute ./gpt2 --prompt "The capital of France is" --target " Paris"',
    'paramlens attribute ./gpt2 --prompt "The capital of France is" --target " Paris" --method integrated-gradients --html attr.html',
    "paramlens attribute ./pythia-70m --ids 510,4495,273 --target-ids 253 --method shapley-sampling --samples 50 --json",
  ],
  async run(args, ctx) {
    const [dir, ...extra] = args._;
    if (dir === undefined)
      throw new UsageError("give a model folder (config.json + safetensors)", "attribute");
    if (extra.length > 0)
      throw new UsageError(`attribute takes one folder, got ${args._.length} arguments`, "attribute");
    if ((args.prompt === undefined) === (args.ids === undefined)) {
      throw new UsageError('give the prompt once: --prompt "text" or --ids 1,2,3', "attribute");
    }
    if ((args.target === undefined) === (args["target-ids"] === undefined)) {
      throw new UsageError('give the target once: --target "text" or --target-ids 4,5', "attribute");
    }
    const method = args.method === undefined ? "feature-ablation" : String(args.method);
    if (!METHODS.includes(method)) {
      throw new UsageError(
        `--method must be one of ${METHODS.join(", ")}, got ${JSON.stringify(method.slice(0, 40))}`,
        "attribute",
      );
    }
    const samples = args.samples === undefined ? undefined : count("samples", args.samples, 1);
    const steps = count("steps", args.steps, 50);
    const seed = args.seed === undefined ? 0 : Number(args.seed);
    if (!Number.isSafeInteger(seed) || seed < 0)
      throw new InvalidValueError(
        `--seed: expected a whole number ≥ 0, got ${String(args.seed).slice(0, 40)}`,
      );
    const baseline = args.baseline === undefined ? 0 : parseIdList(args.baseline)[0]!;
    if (args.html !== undefined) {
      checkWritable(ctx.cwd, String(args.html));
      refuseOutputOverInput(ctx.cwd, "--html", String(args.html), [
        { role: "model folder", path: dir },
        ...folderInputs(ctx.cwd, dir),
      ]);
    }
    await initBackend();
    const loaded = await loadPretrained(resolve(ctx.cwd, dir));
    const tok = loaded.tokenizer ?? null;
    const tokenizer: PromptTokenizer | undefined = tok
      ? { encode: (t) => tok.encode(t), decode: (ids) => tok.decode([...ids]) }
      : undefined;
    const needsTok = (flag: string) => {
      if (!tokenizer) throw new InvalidValueError(`${dir} has no tokenizer.json: give ${flag} as token ids`);
      return tokenizer;
    };
    const promptIds =
      args.ids !== undefined ? parseIdList(args.ids) : needsTok("--prompt").encode(String(args.prompt));
    const targetIds =
      args["target-ids"] !== undefined
        ? parseIdList(args["target-ids"])
        : needsTok("--target").encode(String(args.target));
    const v = loaded.config.vocabSize;
    const bad = [...promptIds, ...targetIds, baseline].find((id) => id >= v);
    if (bad !== undefined)
      throw new InvalidValueError(`token id ${bad} is outside the model's vocabulary (size ${v})`);
    if (promptIds.length === 0 || targetIds.length === 0)
      throw new InvalidValueError("the prompt and the target must each have a token");
    if (promptIds.length + targetIds.length - 1 > loaded.config.contextLength) {
      throw new InvalidValueError(
        `prompt + target are ${promptIds.length + targetIds.length} tokens; the model's context is ${loaded.config.contextLength}`,
      );
    }
    const model = loaded.model;
    model.eval();
    const prompt = new TokenPrompt(promptIds, { baseline, ...(tokenizer ? { tokenizer } : {}) });
    let result: PromptAttributionResult;
    if (method === "integrated-gradients" || method === "input-x-gradient") {
      const llm = new LLMGradientAttribution(model, "wte", { method, ...(tokenizer ? { tokenizer } : {}) });
      result = llm.attribute(prompt, targetIds, { nSteps: steps });
    } else {
      const llm = new LLMAttribution(model, PERTURBATION[method]!, tokenizer ? { tokenizer } : {});
      const sampled = method !== "feature-ablation";
      result = llm.attribute(
        prompt,
        targetIds,
        sampled ? { seed, ...(samples === undefined ? {} : { nSamples: samples }) } : {},
      );
    }
    const report: AttributeReport = { model: dir, method, promptIds, ...result };
    if (args.html !== undefined) {
      const html = promptAttributionHtml(result, { title: `Prompt attribution (${method})` });
      writeFileAtomic(ctx.cwd, String(args.html), new TextEncoder().encode(html));
      ctx.log(`wrote ${args.html}`);
    }
    if (args.json === true) ctx.out(JSON.stringify(report, null, 2));
    else
      ctx.out(
        `${method}: log p(target | prompt) per prompt token\n${formatPromptAttribution(result, { color: ctx.useColor })}`,
      );
  },
});
