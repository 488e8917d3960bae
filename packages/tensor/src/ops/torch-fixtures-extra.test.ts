// Forward values and gradients of the ops added after the core set against PyTorch
// (fixtures/ops-pytorch-extra.json, written by scripts/gen-pytorch-op-fixtures.py). For each case: every
// output of op(inputs) must match PyTorch's outputs (values, and int32 indices exactly), and the gradients
// of Σ y·dy w.r.t. every float input must match PyTorch's autograd.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  argsort,
  conv1d,
  cumsum,
  einsum,
  grad,
  type InterpolateMode,
  interpolate,
  maskedFill,
  type ScatterReduction,
  scatter,
  scatterReduce,
  sort,
  type Tensor,
  tensor,
  topk,
  tril,
  triu,
} from "../index";
import { expectClose } from "../test-util";

interface Enc {
  shape: number[];
  data: number[];
  dtype: "float32" | "int32";
}
interface Case {
  args: Record<string, unknown>;
  inputs: Enc[];
  y: Enc;
  outputs: Enc[];
  dy: Enc;
  grads: Enc[];
}

const fixtures = JSON.parse(
  readFileSync(new URL("../../fixtures/ops-pytorch-extra.json", import.meta.url), "utf8"),
) as { cases: Record<string, Case> };

const dec = (e: Enc): Tensor => tensor(e.data, e.shape, { dtype: e.dtype });

/** Returns every output of the op; the first one is differentiated. */
type Op = (args: Record<string, unknown>, ...xs: Tensor[]) => Tensor | Tensor[];
const num = (v: unknown): number => v as number;

const conv1dOp: Op = (a, x, w, b) =>
  conv1d(x!, w!, b ?? null, {
    stride: a.stride as number | undefined,
    padding: a.padding as number | "same" | undefined,
    dilation: a.dilation as number | undefined,
    groups: a.groups as number | undefined,
  });

const sortOp: Op = (a, x) => {
  const r = sort(x!, num(a.dim), a.descending as boolean);
  return [r.values, r.indices];
};
const topkOp: Op = (a, x) => {
  const r = topk(x!, num(a.k), num(a.dim), a.largest as boolean);
  return [r.values, r.indices];
};

const scatterReduceOp: Op = (a, x, s) =>
  scatterReduce(x!, num(a.dim), dec(a.index as Enc), s!, a.reduce as ScatterReduction, {
    includeSelf: a.includeSelf as boolean,
  });

const einsumOp: Op = (a, ...xs) => einsum(a.equation as string, ...xs);

/** F.interpolate keyword arguments as stored by the generator. */
const interpolateOp: Op = (a, x) =>
  interpolate(x!, {
    size: a.size as number | number[] | undefined,
    scaleFactor: a.scale_factor as number | number[] | undefined,
    mode: a.mode as InterpolateMode,
    alignCorners: a.align_corners as boolean | undefined,
    recomputeScaleFactor: a.recompute_scale_factor as boolean | undefined,
  });

const ops: Record<string, Op> = {
  tril: (a, x) => tril(x!, num(a.diagonal)),
  trilNeg: (a, x) => tril(x!, num(a.diagonal)),
  triuPos: (a, x) => triu(x!, num(a.diagonal)),
  triuBatched: (a, x) => triu(x!, num(a.diagonal)),
  maskedFill: (a, x) => maskedFill(x!, dec(a.mask as Enc), num(a.value)),
  maskedFillTensor: (a, x, v) => maskedFill(x!, dec(a.mask as Enc), v!),
  cumsumLast: (a, x) => cumsum(x!, num(a.dim)),
  cumsumMiddle: (a, x) => cumsum(x!, num(a.dim)),
  cumsumFirst: (a, x) => cumsum(x!, num(a.dim)),
  conv1d: conv1dOp,
  conv1dStrideDilation: conv1dOp,
  conv1dGroupsBias: conv1dOp,
  conv1dSameEven: conv1dOp,
  conv1dSameDilated: conv1dOp,
  conv1dUnbatched: conv1dOp,
  sort: sortOp,
  sortDescDim0: sortOp,
  sortStableTies: sortOp,
  sortStableTiesDesc: sortOp,
  argsortStable: (a, x) => argsort(x!, num(a.dim), a.descending as boolean),
  topk: topkOp,
  topkSmallest: topkOp,
  scatter: (a, x, s) => scatter(x!, num(a.dim), dec(a.index as Enc), s!),
  scatterValue: (a, x) => scatter(x!, num(a.dim), dec(a.index as Enc), num(a.value)),
  scatterReduce_sum_self: scatterReduceOp,
  scatterReduce_sum_noself: scatterReduceOp,
  scatterReduce_mean_self: scatterReduceOp,
  scatterReduce_mean_noself: scatterReduceOp,
  scatterReduce_amax_self: scatterReduceOp,
  scatterReduce_amax_noself: scatterReduceOp,
  scatterReduce_amin_self: scatterReduceOp,
  scatterReduce_amin_noself: scatterReduceOp,
  ...Object.fromEntries(
    Object.keys(fixtures.cases)
      .filter((k) => k.startsWith("einsum"))
      .map((k) => [k, einsumOp]),
  ),
  ...Object.fromEntries(
    Object.keys(fixtures.cases)
      .filter((k) => k.startsWith("interp"))
      .map((k) => [k, interpolateOp]),
  ),
};

describe("added ops against PyTorch fixtures", () => {
  it("has an implementation for every fixture case", () => {
    expect(Object.keys(fixtures.cases).sort()).toEqual(Object.keys(ops).sort());
  });

  for (const [name, c] of Object.entries(fixtures.cases)) {
    it(name, () => {
      const inputs = c.inputs.map((e) => {
        const t = dec(e);
        if (t.dtype === "float32") t.requiresGrad = true;
        return t;
      });
      const res = ops[name]!(c.args, ...inputs);
      const outs = Array.isArray(res) ? res : [res];
      expect(outs.length).toBe(c.outputs.length);
      outs.forEach((o, i) => {
        const e = c.outputs[i]!;
        expect(o.shape, `output ${i} shape`).toEqual(e.shape);
        expect(o.dtype, `output ${i} dtype`).toBe(e.dtype);
        if (e.dtype === "int32") expect(o.toArray(), `output ${i}`).toEqual(e.data);
        else expectClose(o.toArray(), e.data, 1e-5, 1e-5);
      });
      const floats = inputs.filter((t) => t.dtype === "float32");
      if (c.grads.length === 0) return;
      const y = outs[0]!; // the differentiated output (sort/topk: the values)
      const grads = grad(y, floats, { gradOutputs: [dec(c.dy)], allowUnused: true });
      grads.forEach((g, i) => {
        expect(g.shape).toEqual(c.grads[i]!.shape);
        expectClose(g.toArray(), c.grads[i]!.data, 1e-4, 1e-4);
      });
    });
  }
});
