// `paramlens heads DIR`: TransformerLens' head-detector scores of every attention head of a Hugging Face
// model folder (loaded with nn's loadPretrained) on repeated random token sequences — previous-token,
// duplicate-token and induction scores per layer and head (@paramlens/attribution headScores), the strongest
// heads of each kind first. --json prints all scores; --png DIR writes each head's attention pattern on the
// first sequence as L{layer}H{head}.png (queries down, keys across; white 0 → red 1, nearest-upscaled).
import { join, resolve } from "node:path";
import {
  attentionPatterns,
  HEAD_KINDS,
  type HeadKind,
  headScores,
  heatmapPng,
  repeatedRandomTokens,
} from "@paramlens/attribution";
import { loadPretrained } from "@paramlens/nn/node";
import { initBackend, tensor } from "@paramlens/tensor";
import { outputArgs } from "../args/fragments";
import { defineCliCommand } from "../command";
import { InvalidValueError, UsageError } from "../errors";
import { folderInputs, refuseOutputOverInput } from "../files/output-guard";
import { checkWritable, writeFileAtomic } from "../files/write-atomic";

export interface HeadsReport {
  model: string;
  sequences: { batch: number; seqLen: number; seed: number; low: number };
  /** scores[kind][layer][head] */
  scores: Record<HeadKind, number[][]>;
  top: Record<HeadKind, { layer: number; head: number; score: number }[]>;
}

function whole(flag: string, raw: unknown, fallback: number, min: number): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n < min) {
    throw new InvalidValueError(
      `--${flag}: expected a whole number ≥ ${min}, got ${JSON.stringify(String(raw).slice(0, 40))}`,
    );
  }
  return n;
}

function render(r: HeadsReport): string {
  const lines = [
    `${r.model}: head scores on ${r.sequences.batch} repeated random sequences of 2 × ${r.sequences.seqLen} tokens (seed ${r.sequences.seed})`,
  ];
  for (const kind of HEAD_KINDS) {
    const top = r.top[kind].map((t) => `L${t.layer}H${t.head} ${t.score.toFixed(3)}`).join("  ");
    lines.push(`${kind.padEnd(16)} ${top}`);
  }
  return lines.join("\n");
}

export const headsCommand = defineCliCommand({
  name: "heads",
  description: "Previous-token, duplicate-token and induction scores of every attention head",
  args: {
    dir: { type: "positional", required: false, description: "A model folder: config.json and safetensors" },
    "seq-len": {
      type: "string",
      valueHint: "n",
      description: "Random tokens before they repeat (default 20)",
    },
    batch: { type: "string", valueHint: "n", description: "Sequences averaged (default 8)" },
    seed: { type: "string", valueHint: "n", description: "Seed of the random tokens (default 0)" },
    low: {
      type: "string",
      valueHint: "id",
      description: "Smallest token id drawn (default 0; skip special tokens)",
    },
    top: { type: "string", valueHint: "n", description: "Heads listed per kind (default 5)" },
    png: {
      type: "string",
      valueHint: "dir",
      description: "Write each head's attention pattern as L{l}H{h}.png here",
    },
    ...outputArgs,
  },
  examples: ["paramlens heads ./gpt2", "paramlens heads ./pythia-70m --seq-len 30 --batch 16 --json"],
  async run(args, ctx) {
    const [dir, ...extra] = args._;
    if (dir === undefined) throw new UsageError("give a model folder (config.json + safetensors)", "heads");
    if (extra.length > 0)
      throw new UsageError(`heads takes one folder, got ${args._.length} arguments`, "heads");
    const seqLen = whole("seq-len", args["seq-len"], 20, 2);
    const batch = whole("batch", args.batch, 8, 1);
    const seed = whole("seed", args.seed, 0, 0);
    const low = whole("low", args.low, 0, 0);
    const topN = whole("top", args.top, 5, 1);
    const pngDir = args.png === undefined ? null : String(args.png);
    if (pngDir !== null) checkWritable(ctx.cwd, join(pngDir, "L0H0.png"));
    // The pattern PNGs may go into the model folder, but never over one of its files.
    const modelFiles = folderInputs(ctx.cwd, dir);
    await initBackend();
    const loaded = await loadPretrained(resolve(ctx.cwd, dir));
    const { vocabSize, contextLength } = loaded.config;
    if (2 * seqLen > contextLength) {
      throw new InvalidValueError(
        `--seq-len ${seqLen}: 2 × ${seqLen} tokens exceed the model's context of ${contextLength}`,
      );
    }
    if (low >= vocabSize)
      throw new InvalidValueError(`--low ${low} is not below the vocabulary size ${vocabSize}`);
    const model = loaded.model;
    model.eval();
    const ids = repeatedRandomTokens({ batch, seqLen, vocabSize, low, seed });
    const scores = {} as Record<HeadKind, number[][]>;
    const top = {} as HeadsReport["top"];
    for (const kind of HEAD_KINDS) {
      scores[kind] = headScores(model, ids, kind);
      top[kind] = scores[kind]
        .flatMap((row, layer) => row.map((score, head) => ({ layer, head, score })))
        .sort((a, b) => b.score - a.score)
        .slice(0, topN);
    }
    const report: HeadsReport = { model: dir, sequences: { batch, seqLen, seed, low }, scores, top };
    if (pngDir !== null) {
      const layers = Array.from({ length: loaded.config.nLayers }, (_, l) => `h.${l}.attn`);
      const patterns = attentionPatterns(model, layers, ids.slice(0, 0, 1));
      const t = 2 * seqLen;
      const s = Math.max(1, Math.floor(256 / t)); // nearest upscale to about 256 pixels
      for (const [l, name] of layers.entries()) {
        const p = patterns[name]!.toNested() as number[][][][]; // [1, H, T, T]
        for (const [h, rows] of p[0]!.entries()) {
          const big = Array.from({ length: t * s }, (_, i) =>
            Array.from({ length: t * s }, (_, j) => rows[Math.floor(i / s)]![Math.floor(j / s)]!),
          );
          const file = join(pngDir, `L${l}H${h}.png`);
          refuseOutputOverInput(ctx.cwd, "--png", file, modelFiles);
          writeFileAtomic(ctx.cwd, file, heatmapPng(tensor(big), { sign: "positive", vmax: 1 }));
        }
      }
      ctx.log(`wrote ${layers.length * loaded.config.nHeads} attention patterns to ${pngDir}`);
    }
    if (args.json === true) ctx.out(JSON.stringify(report, null, 2));
    else ctx.out(render(report));
  },
});
