// Attention patterns of @paramlens/nn's CausalSelfAttention, for every head: the softmax weights
// softmax(q·kᵀ/√d (+ ALiBi bias), causal) that the module computes inside its forward. A hook on the
// module's fused projection c_attn captures q, k (rotary applied as the module does), and the weights are
// recomputed with nn's own causalSoftmax / rotaryTables / alibiSlopes, grouped KV heads included
// (query head h uses KV head ⌊h / g⌋). Result per layer: [B, nHeads, T, T], row i = query position i.
import { type AnyModule, alibiSlopes, applyRotary, causalSoftmax, rotaryTables } from "@paramlens/nn";
import {
  add,
  formatShape,
  matmul,
  noGrad,
  permute,
  reshape,
  slice,
  type Tensor,
  tensor,
  transpose,
} from "@paramlens/tensor";
import { AttributionError } from "./errors";
import { resolveLayer, withHooks } from "./layer";
import { type ModelLike, toForwardFn } from "./model";

interface AttentionLike {
  nHeads: number;
  nKvHeads: number;
  headDim: number;
  position: string;
  c_attn: AnyModule;
}

/** [B, nHeads, T, T] attention weights of each named attention module on `input`. */
export function attentionPatterns(
  model: ModelLike,
  layers: readonly string[],
  input: Tensor,
): Record<string, Tensor> {
  const op = "attentionPatterns";
  const f = toForwardFn(op, model);
  const mods = layers.map((name) => {
    const m = resolveLayer(op, model, name) as unknown as AttentionLike & AnyModule;
    if (m.typeName !== "CausalSelfAttention" || !m.c_attn) {
      throw new AttributionError(
        "BAD_OPTION",
        op,
        `"${name}" is a ${m.typeName}, not a CausalSelfAttention module`,
      );
    }
    return m;
  });
  const qkv: (Tensor | undefined)[] = [];
  const handles = mods.map((m, i) =>
    m.c_attn.registerForwardHook((_m, _in, out) => {
      qkv[i] = (out as Tensor).detach();
      return undefined;
    }),
  );
  withHooks(handles, () => noGrad(() => f(input)));
  const result: Record<string, Tensor> = {};
  mods.forEach((m, i) => {
    const x = qkv[i];
    if (x === undefined)
      throw new AttributionError("BAD_OPTION", op, `layer "${layers[i]}" did not run during the forward`);
    result[layers[i]!] = noGrad(() => pattern(m, x));
  });
  return result;
}

/** The module's own recipe, from the fused projection output qkv [B, T, H·hd + 2·Hkv·hd]. */
function pattern(m: AttentionLike, qkv: Tensor): Tensor {
  if (qkv.ndim !== 3)
    throw new AttributionError(
      "BAD_OUTPUT",
      "attentionPatterns",
      `c_attn output must be [B, T, ·], got ${formatShape(qkv.shape)}`,
    );
  const [b, t] = qkv.shape as [number, number, number];
  const hd = m.headDim;
  const hkv = m.nKvHeads;
  const g = m.nHeads / hkv;
  const dAttn = m.nHeads * hd;
  const dKv = hkv * hd;
  let q = permute(reshape(slice(qkv, 2, 0, dAttn), [b, t, hkv, g, hd]), [0, 2, 3, 1, 4]); // (B, Hkv, g, T, hd)
  let k = permute(reshape(slice(qkv, 2, dAttn, dAttn + dKv), [b, t, hkv, 1, hd]), [0, 2, 3, 1, 4]); // (B, Hkv, 1, T, hd)
  if (m.position === "rotary") {
    const tables = rotaryTables(t, hd);
    q = applyRotary(q, tables);
    k = applyRotary(k, tables);
  }
  const scores = matmul(q, transpose(k, -1, -2)); // (B, Hkv, g, T, T)
  const scale = 1 / Math.sqrt(hd);
  let att: Tensor;
  if (m.position === "alibi") {
    // −m_h·(i − j) on the visible keys, as the module's alibiBias
    const slopes = alibiSlopes(m.nHeads);
    const bias = new Float32Array(m.nHeads * t * t);
    for (let h = 0; h < m.nHeads; h++) {
      for (let i = 0; i < t; i++)
        for (let j = 0; j <= i; j++) bias[(h * t + i) * t + j] = -slopes[h]! * (i - j);
    }
    att = causalSoftmax(add(scores.mul(scale), tensor(bias).reshape([hkv, g, t, t])));
  } else att = causalSoftmax(scores, scale);
  return att.reshape([b, m.nHeads, t, t]);
}
