// `paramlens lens DIR --prompt "…"`: the logit lens (nostalgebraist 2020) of a Hugging Face model folder
// (loaded with nn's loadPretrained): the residual stream after the embeddings and after every block, decoded
// with the model's own final norm and unembedding at one position, as the top tokens per layer
// (@paramlens/attribution logitLens). --token also follows one token's probability through the layers.
// The tuned lens (learned per-layer translators) is not here.
import { resolve } from "node:path";
import { logitLens } from "@paramlens/attribution";
import { loadPretrained } from "@paramlens/nn/node";
import { initBackend, Tensor } from "@paramlens/tensor";
import { outputArgs } from "../args/fragments";
import { defineCliCommand } from "../command";
import { InvalidValueError, UsageError } from "../errors";
import { parseIdList } from "../generate/generate-options";

export interface LensReport {
  model: string;
  promptIds: number[];
  position: number;
  layers: {
    layer: string;
    top: { token: number; text: string | null; prob: number }[];
    tokenProb?: number;
  }[];
}

export const lensCommand = defineCliCommand({
  name: "lens",
  description: "Logit lens: the prediction decoded from the residual stream after every layer",
  args: {
    dir: {
      type: "positional",
      required: false,
      description: "A model folder: config.json, safetensors, tokenizer.json",
    },
    prompt: { type: "string", valueHint: "text", description: "The prompt text (needs tokenizer.json)" },
    ids: { type: "string", valueHint: "list", description: "The prompt as token ids, comma-separated" },
    position: {
      type: "string",
      valueHint: "i",
      description: "Position decoded; negative from the end (default -1)",
    },
    top: { type: "string", valueHint: "n", description: "Tokens listed per layer (default 5)" },
    token: {
      type: "string",
      valueHint: "id",
      description: "Also report this token id's probability per layer",
    },
    ...outputArgs,
  },
  examples: [
    'paramlens lens ./gpt2 --prompt "The Eiffel Tower is in the city of"',
    "paramlens lens ./pythia-70m --ids 510,4495,273 --token 253 --json",
  ],
  async run(args, ctx) {
    const [dir, ...extra] = args._;
    if (dir === undefined) throw new UsageError("give a model folder (config.json + safetensors)", "lens");
    if (extra.length > 0)
      throw new UsageError(`lens takes one folder, got ${args._.length} arguments`, "lens");
    if ((args.prompt === undefined) === (args.ids === undefined)) {
      throw new UsageError('give the prompt once: --prompt "text" or --ids 1,2,3', "lens");
    }
    const topK = args.top === undefined ? 5 : Number(args.top);
    if (!Number.isSafeInteger(topK) || topK < 1)
      throw new InvalidValueError(`--top: expected a whole number ≥ 1, got ${String(args.top).slice(0, 40)}`);
    const position = args.position === undefined ? -1 : Number(args.position);
    if (!Number.isSafeInteger(position))
      throw new InvalidValueError(
        `--position: expected a whole number, got ${String(args.position).slice(0, 40)}`,
      );
    const token = args.token === undefined ? undefined : parseIdList(args.token)[0]!;
    await initBackend();
    const loaded = await loadPretrained(resolve(ctx.cwd, dir));
    const tok = loaded.tokenizer ?? null;
    let ids: number[];
    if (args.ids !== undefined) ids = parseIdList(args.ids);
    else {
      if (!tok)
        throw new InvalidValueError(`${dir} has no tokenizer.json: give the prompt as token ids with --ids`);
      ids = tok.encode(String(args.prompt));
    }
    const { vocabSize, contextLength } = loaded.config;
    const bad = [...ids, ...(token === undefined ? [] : [token])].find((i) => i >= vocabSize);
    if (bad !== undefined)
      throw new InvalidValueError(`token id ${bad} is outside the model's vocabulary (size ${vocabSize})`);
    if (ids.length === 0 || ids.length > contextLength) {
      throw new InvalidValueError(
        `the prompt is ${ids.length} tokens; it must be 1..${contextLength} (the model's context)`,
      );
    }
    if (position >= ids.length || position < -ids.length) {
      throw new InvalidValueError(`--position ${position} is outside a prompt of ${ids.length} tokens`);
    }
    loaded.model.eval();
    const layers = logitLens(loaded.model, new Tensor(Int32Array.from(ids), [1, ids.length]), {
      position,
      topK,
      ...(token === undefined ? {} : { token }),
    });
    const text = (id: number) => (tok ? tok.decode([id]) : null);
    const report: LensReport = {
      model: dir,
      promptIds: ids,
      position: position < 0 ? ids.length + position : position,
      layers: layers.map((l) => ({
        layer: l.layer,
        top: l.top[0]!.map((t) => ({ token: t.token, text: text(t.token), prob: t.prob })),
        ...(l.tokenProb ? { tokenProb: l.tokenProb[0]! } : {}),
      })),
    };
    if (args.json === true) {
      ctx.out(JSON.stringify(report, null, 2));
      return;
    }
    const show = (t: { token: number; text: string | null; prob: number }) =>
      `${t.text === null ? t.token : JSON.stringify(t.text)} ${(t.prob * 100).toFixed(1)}%`;
    const width = Math.max(...report.layers.map((l) => l.layer.length));
    const lines = [
      `logit lens at position ${report.position} of ${ids.length}${token === undefined ? "" : ` (token ${token}: p per layer)`}`,
    ];
    for (const l of report.layers) {
      const p = l.tokenProb === undefined ? "" : `  [p=${l.tokenProb.toFixed(4)}]`;
      lines.push(`${l.layer.padEnd(width)}  ${l.top.map(show).join("  ")}${p}`);
    }
    ctx.out(lines.join("\n"));
  },
});
