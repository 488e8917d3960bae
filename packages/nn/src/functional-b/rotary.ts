// Rotary position embedding (Su et al., "RoFormer", arXiv:2104.09864) in the "rotate half" layout of
// GPT-NeoX and Llama (Hugging Face's apply_rotary_pos_emb): x·cos + rotate_half(x)·sin, where
// rotate_half([x1, x2]) = [−x2, x1] over the two halves of the head dim, θ_i = base^(−2i/d).
// The cos/sin tables are constants, not parameters (RoPE adds no weights).
import { add, concat, mul, neg, slice, type Tensor, tensor } from "@paramlens/tensor";

export interface RotaryTables {
  /** [T, headDim] */
  cos: Tensor;
  /** [T, headDim] */
  sin: Tensor;
}

/** cos/sin tables for positions start..start+T-1 (base 10000, the RoFormer default). */
export function rotaryTables(t: number, headDim: number, start = 0, base = 10000): RotaryTables {
  const half = headDim / 2;
  const cos = new Float32Array(t * headDim);
  const sin = new Float32Array(t * headDim);
  for (let p = 0; p < t; p++) {
    for (let i = 0; i < half; i++) {
      const angle = (p + start) * base ** ((-2 * i) / headDim);
      const c = Math.cos(angle);
      const s = Math.sin(angle);
      cos[p * headDim + i] = c;
      cos[p * headDim + i + half] = c;
      sin[p * headDim + i] = s;
      sin[p * headDim + i + half] = s;
    }
  }
  return { cos: tensor(cos).reshape([t, headDim]), sin: tensor(sin).reshape([t, headDim]) };
}

/** x: [..., T, headDim] → same shape, rotated by position. */
export function applyRotary(x: Tensor, tables: RotaryTables): Tensor {
  const d = x.shape[x.ndim - 1]!;
  const x1 = slice(x, -1, 0, d / 2);
  const x2 = slice(x, -1, d / 2, d);
  const rotated = concat([neg(x2), x1], -1);
  return add(mul(x, tables.cos), mul(rotated, tables.sin));
}
