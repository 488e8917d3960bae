// Inside a transformer: hook points, the activation cache, direct logit attribution, head scores and
// patching on a small GPT. The residual stream splits into parts that add up to it, and so does a logit.
import {
  directLogitAttribution,
  headScores,
  logitDiffMetric,
  patchingScan,
  repeatedRandomTokens,
  runWithCache,
} from "@paramlens/attribution";
import { charGptConfig, GPT, hookPointNames } from "@paramlens/nn";
import { manualSeed, noGrad, tensor } from "@paramlens/tensor";

manualSeed(0);
const gpt = new GPT(charGptConfig(16, { contextLength: 16, dModel: 32, nLayers: 2, nHeads: 4 }));
gpt.eval();
console.log(hookPointNames(gpt).slice(0, 4).join(", ")); // → hook_embed, hook_pos_embed, blocks.0.hook_resid_pre, blocks.0.attn.hook_q

const ids = tensor([[3, 1, 4, 1, 5, 9, 2, 6]]).int();
const { cache } = runWithCache(gpt, ids, { result: true });
console.log(cache.get("blocks.1.attn.hook_pattern").shape.join("×")); // → 1×4×8×8

// embed + pos_embed + every attention and MLP output = the final residual stream
const parts = cache.decomposeResid();
const final = cache.get("blocks.1.hook_resid_post").toArray();
const sum = noGrad(() => parts.stack.sum(0)).toArray();
console.log(parts.labels.join(" ")); // → embed pos_embed 0_attn_out 0_mlp_out 1_attn_out 1_mlp_out
console.log(sum.every((v, i) => Math.abs(v - final[i]!) < 1e-4)); // → true

// per head, per MLP, per embedding: the parts of one logit difference at the last position
const dla = directLogitAttribution(gpt, ids, { correct: 7, incorrect: 8 });
const total = dla.values.reduce((s, row) => s + row[0]!, 0);
console.log(Math.abs(total - dla.logit[0]!) < 1e-4); // → true

// TransformerLens' head detectors on repeated random tokens: [layer][head]
const repeated = repeatedRandomTokens({ batch: 4, seqLen: 8, vocabSize: 16, seed: 1 });
console.log(headScores(gpt, repeated, "induction").length); // → 2

// activation patching: the clean residual stream at the one position where the prompts differ, patched
// into the corrupted run at layer 0, restores the clean answer
const corrupted = tensor([[3, 1, 4, 1, 5, 9, 2, 7]]).int();
const scan = patchingScan(gpt, ids, corrupted, "resid_pre", logitDiffMetric(7, 8));
console.log(scan.normalised[0]![7]!.toFixed(2)); // → 1.00
