// Factored circuits against direct dense computations: the SVD, norms, eigenvalues and products of a
// FactoredMatrix equal those of the dense product; a head's QK and OV circuits (ln_1's γ folded) rebuild
// the attention module's own scores and output from the normalised residual stream; composition scores
// equal ‖W_OV·R‖_F / (‖W_OV‖_F‖R‖_F) computed on dense d × d matrices.
import { charGptConfig, GPT } from "@paramlens/nn";
import { Generator, manualSeed, noGrad, type Tensor, tensor } from "@paramlens/tensor";
import { EigenvalueDecomposition, Matrix, SingularValueDecomposition } from "ml-matrix";
import { describe, expect, it } from "vitest";
import { cacheActivations } from "../activation-patching";
import { attentionPatterns } from "../attention-patterns";
import { expectClose } from "../test-util";
import {
  compositionScores,
  fullOvCircuit,
  headWeights,
  ovCircuit,
  qkCircuit,
  singularTokens,
  unembeddingMatrix,
} from "./circuits";
import { FactoredMatrix } from "./factored-matrix";

function randMatrix(gen: Generator, r: number, c: number): Matrix {
  const m = new Matrix(r, c);
  for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) m.set(i, j, gen.nextNormal());
  return m;
}

function frob(m: Matrix): number {
  return Math.sqrt(m.to1DArray().reduce((s, v) => s + v * v, 0));
}

describe("FactoredMatrix", () => {
  const gen = new Generator(7);
  const a = randMatrix(gen, 9, 3);
  const b = randMatrix(gen, 3, 11);
  const f = new FactoredMatrix(a, b);
  const dense = a.mmul(b);

  it("has the dense product's singular values and reconstructs it from u·diag(s)·vᵀ", () => {
    const ref = new SingularValueDecomposition(dense, { autoTranspose: true }).diagonal.slice(0, 3);
    const { u, s, v } = f.svd();
    expect(u.rows).toBe(9);
    expect(v.rows).toBe(11);
    expectClose(s, ref, 1e-10, 1e-10);
    expectClose(u.mmul(Matrix.diag(s)).mmul(v.transpose()).to1DArray(), dense.to1DArray(), 1e-10, 1e-10);
    // orthonormal columns
    expectClose(u.transpose().mmul(u).to1DArray(), Matrix.eye(3).to1DArray(), 1e-10, 0);
  });

  it("computes the Frobenius norm, transpose and products without the dense matrix", () => {
    expect(f.frobeniusNorm()).toBeCloseTo(frob(dense), 10);
    expect(f.transpose().shape).toEqual([11, 9]);
    expectClose(f.transpose().dense().to1DArray(), dense.transpose().to1DArray(), 1e-12, 0);
    const g = new FactoredMatrix(randMatrix(gen, 11, 2), randMatrix(gen, 2, 5));
    const prod = f.mmul(g);
    expect(prod.innerDim).toBe(2); // the smaller inner dim is kept
    expectClose(prod.dense().to1DArray(), dense.mmul(g.dense()).to1DArray(), 1e-10, 1e-10);
    const d = randMatrix(gen, 4, 9);
    expectClose(f.lmul(d).dense().to1DArray(), d.mmul(dense).to1DArray(), 1e-10, 1e-10);
    expect(() => f.mmul(f)).toThrow(/inner dimensions differ/);
  });

  it("gives the non-zero eigenvalues of a square product from the r × r matrix BA", () => {
    const sq = new FactoredMatrix(randMatrix(gen, 6, 2), randMatrix(gen, 2, 6));
    const ours = sq
      .eigenvalues()
      .map((e) => Math.hypot(e.re, e.im))
      .sort((x, y) => y - x);
    const ref = new EigenvalueDecomposition(sq.dense());
    const mags = ref.realEigenvalues
      .map((re, i) => Math.hypot(re, ref.imaginaryEigenvalues[i]!))
      .sort((x, y) => y - x)
      .slice(0, 2);
    expectClose(ours, mags, 1e-9, 1e-9);
    expect(() => f.eigenvalues()).toThrow(/square/);
  });
});

/** (x − mean) / √(var + eps) per row: ln_1 without γ and β (γ is folded into the circuits, β is 0 here). */
function normalise(x: Tensor, eps = 1e-5): number[][][] {
  return (x.toNested() as number[][][]).map((seq) =>
    seq.map((row) => {
      const mu = row.reduce((s, v) => s + v, 0) / row.length;
      const v = row.reduce((s, x) => s + (x - mu) ** 2, 0) / row.length;
      return row.map((x) => (x - mu) / Math.sqrt(v + eps));
    }),
  );
}

function buildGpt(nKVHeads: number): GPT {
  manualSeed(11);
  const gpt = new GPT(
    charGptConfig(13, {
      contextLength: 8,
      dModel: 12,
      nLayers: 2,
      nHeads: 4,
      nKVHeads,
      headDim: 3,
      bias: { qkv: false, attnOut: false, mlp: true, lmHead: false },
    }),
  );
  gpt.eval();
  // a non-trivial ln_1 / ln_f scale so that folding matters
  const gen = new Generator(5);
  noGrad(() => {
    for (const name of ["h.0.ln_1", "h.1.ln_1", "ln_f"]) {
      const w = (gpt.getSubmodule(name) as unknown as { weight: Tensor }).weight;
      w.copy_(tensor(Array.from({ length: 12 }, () => 0.5 + gen.nextFloat())));
    }
  });
  return gpt;
}

describe("head circuits", () => {
  for (const nKv of [4, 2]) {
    it(`rebuild the module's attention scores and output (${nKv} KV heads)`, () => {
      const gpt = buildGpt(nKv);
      const ids = tensor([[1, 5, 2, 9, 5, 3]]).int();
      const cache = cacheActivations(gpt, ["h.1.ln_1", "h.0", "h.1.attn"], ids);
      // the input of h.1.ln_1 is the output of block 0
      const n = normalise(cache["h.0"]!)[0]!; // [T, d]
      const t = n.length;
      const nm = new Matrix(n);
      const pattern = attentionPatterns(gpt, ["h.1.attn"], ids)["h.1.attn"]!.toNested() as number[][][][];
      let out = Matrix.zeros(t, 12);
      for (let h = 0; h < 4; h++) {
        const scores = nm
          .mmul(qkCircuit(gpt, 1, h).dense())
          .mmul(nm.transpose())
          .div(Math.sqrt(3)); // (T, T)
        const att = new Matrix(t, t);
        for (let i = 0; i < t; i++) {
          const row = scores.getRow(i).slice(0, i + 1);
          const m = Math.max(...row);
          const z = row.reduce((s, v) => s + Math.exp(v - m), 0);
          for (let j = 0; j <= i; j++) att.set(i, j, Math.exp(row[j]! - m) / z);
        }
        expectClose(att.to1DArray(), pattern[0]![h]!.flat(), 1e-5, 1e-4);
        out = out.add(att.mmul(nm).mmul(ovCircuit(gpt, 1, h).dense()));
      }
      expectClose(out.to1DArray(), cache["h.1.attn"]!.toArray(), 1e-5, 1e-4);
    });
  }

  it("reads query heads' shared KV weights under grouped attention", () => {
    const gpt = buildGpt(2);
    const w0 = headWeights(gpt, 0, 0);
    const w1 = headWeights(gpt, 0, 1);
    const w2 = headWeights(gpt, 0, 2);
    expect(w0.wK.to1DArray()).toEqual(w1.wK.to1DArray());
    expect(w0.wK.to1DArray()).not.toEqual(w2.wK.to1DArray());
    expect(w0.wQ.to1DArray()).not.toEqual(w1.wQ.to1DArray());
    expect(() => headWeights(gpt, 2, 0)).toThrow(/layer 2 is outside 0..1/);
    expect(() => headWeights(gpt, 0, 4)).toThrow(/head 4 is outside 0..3/);
  });

  it("composition scores equal the dense formula and are 0 unless l1 < l2", () => {
    const gpt = buildGpt(4);
    for (const mode of ["Q", "K", "V"] as const) {
      const s = compositionScores(gpt, mode);
      for (let h1 = 0; h1 < 4; h1++) {
        const ov = ovCircuit(gpt, 0, h1).dense();
        for (let h2 = 0; h2 < 4; h2++) {
          const qk = qkCircuit(gpt, 1, h2).dense();
          const right = mode === "Q" ? qk : mode === "K" ? qk.transpose() : ovCircuit(gpt, 1, h2).dense();
          const want = frob(ov.mmul(right)) / (frob(ov) * frob(right));
          expect(s[0]![h1]![1]![h2]).toBeCloseTo(want, 10);
          expect(s[1]![h1]![0]![h2]).toBe(0);
          expect(s[0]![h1]![0]![h2]).toBe(0);
        }
      }
    }
    expect(() => compositionScores(gpt, "X" as "Q")).toThrow(/mode must be/);
  });

  it("reads singular directions through the embedding and unembedding", () => {
    const gpt = buildGpt(4);
    const ov = ovCircuit(gpt, 0, 2);
    const dirs = singularTokens(gpt, ov, { k: 2, topK: 4 });
    expect(dirs).toHaveLength(2);
    const { u, s, v } = ov.svd();
    const we = new Matrix(gpt.wte.weight.toNested() as number[][]);
    const wu = unembeddingMatrix(gpt);
    for (let i = 0; i < 2; i++) {
      expect(dirs[i]!.singularValue).toBeCloseTo(s[i]!, 12);
      const inScores = we.mmul(u.subMatrixColumn([i])).getColumn(0);
      const outScores = wu
        .transpose()
        .mmul(v.subMatrixColumn([i]))
        .getColumn(0);
      const best = (xs: number[], sign: number) =>
        xs.reduce((b, x, k) => (sign * x > sign * xs[b]! ? k : b), 0);
      expect(dirs[i]!.input.top[0]!.token).toBe(best(inScores, 1));
      expect(dirs[i]!.input.bottom[0]!.token).toBe(best(inScores, -1));
      expect(dirs[i]!.output.top[0]!.token).toBe(best(outScores, 1));
      expect(dirs[i]!.output.top[0]!.score).toBeCloseTo(Math.max(...outScores), 10);
      const tops = dirs[i]!.input.top.map((x) => x.score);
      expect([...tops].sort((x, y) => y - x)).toEqual(tops);
    }
    // the full OV circuit is the same map between token spaces, factored [V, V]
    const full = fullOvCircuit(gpt, 0, 2);
    expect(full.shape).toEqual([13, 13]);
    expect(full.innerDim).toBe(3);
    expectClose(full.dense().to1DArray(), we.mmul(ov.dense()).mmul(wu).to1DArray(), 1e-9, 1e-9);
    expect(() => singularTokens(gpt, full)).toThrow(/d_model × d_model/);
  });
});
