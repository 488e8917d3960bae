// Forward values and gradients of the core ops against PyTorch (fixtures/ops.json, written by
// scripts/gen-op-fixtures.py). For each case: y = op(inputs) must match PyTorch's y, and the gradients of
// Σ y·dy w.r.t. every float input must match PyTorch's autograd.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  abs,
  add,
  argmax,
  argmin,
  concat,
  cos,
  div,
  elu,
  erf,
  exp,
  expand,
  gather,
  gelu,
  grad,
  indexSelect,
  leakyRelu,
  log,
  logSigmoid,
  logSoftmax,
  logsumexp,
  matmul,
  max,
  maximum,
  mean,
  min,
  minimum,
  mul,
  neg,
  pad,
  permute,
  pow,
  relu,
  sigmoid,
  silu,
  sin,
  slice,
  softmax,
  softplus,
  sqrt,
  stack,
  std,
  sub,
  sum,
  type Tensor,
  tanh,
  tensor,
  variance,
  where,
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
  dy: Enc;
  grads: Enc[];
}

const fixtures = JSON.parse(readFileSync(new URL("../../fixtures/ops.json", import.meta.url), "utf8")) as {
  cases: Record<string, Case>;
};

const dec = (e: Enc): Tensor => tensor(e.data, e.shape, { dtype: e.dtype });

type Op = (args: Record<string, unknown>, ...xs: Tensor[]) => Tensor;
const num = (v: unknown): number => v as number;
const dims = (v: unknown): number | number[] => v as number | number[];

const ops: Record<string, Op> = {
  neg: (_, x) => neg(x!),
  abs: (_, x) => abs(x!),
  sqrt: (_, x) => sqrt(x!),
  exp: (_, x) => exp(x!),
  log: (_, x) => log(x!),
  sin: (_, x) => sin(x!),
  cos: (_, x) => cos(x!),
  tanh: (_, x) => tanh(x!),
  sigmoid: (_, x) => sigmoid(x!),
  relu: (_, x) => relu(x!),
  leakyRelu: (a, x) => leakyRelu(x!, num(a.slope)),
  gelu: (_, x) => gelu(x!),
  geluTanh: (_, x) => gelu(x!, "tanh"),
  silu: (_, x) => silu(x!),
  softplus: (_, x) => softplus(x!),
  elu: (a, x) => elu(x!, num(a.alpha)),
  erf: (_, x) => erf(x!),
  logSigmoid: (_, x) => logSigmoid(x!),
  clamp: (a, x) => x!.clamp(num(a.min), num(a.max)),
  sigmoidExtreme: (_, x) => sigmoid(x!),
  softplusExtreme: (_, x) => softplus(x!),
  add: (_, x, y) => add(x!, y!),
  sub: (_, x, y) => sub(x!, y!),
  mul: (_, x, y) => mul(x!, y!),
  div: (_, x, y) => div(x!, y!),
  pow: (_, x, y) => pow(x!, y!),
  maximum: (_, x, y) => maximum(x!, y!),
  minimum: (_, x, y) => minimum(x!, y!),
  where: (a, x, y) => where(dec(a.cond as Enc), x!, y!),
  sumAxes: (a, x) => sum(x!, dims(a.dim), a.keepdim as boolean),
  meanKeep: (a, x) => mean(x!, dims(a.dim), a.keepdim as boolean),
  maxDim: (a, x) => max(x!, dims(a.dim)),
  minAll: (_, x) => min(x!),
  var: (a, x) => variance(x!, dims(a.dim), false, num(a.correction)),
  varPop: (a, x) => variance(x!, dims(a.dim), true, num(a.correction)),
  std: (a, x) => std(x!, dims(a.dim), false, num(a.correction)),
  logsumexp: (a, x) => logsumexp(x!, dims(a.dim)),
  softmax: (a, x) => softmax(x!, num(a.dim)),
  softmaxDim0: (a, x) => softmax(x!, num(a.dim)),
  logSoftmax: (a, x) => logSoftmax(x!, num(a.dim)),
  softmaxLargeLogits: (a, x) => softmax(x!, num(a.dim)),
  logSoftmaxLargeLogits: (a, x) => logSoftmax(x!, num(a.dim)),
  logsumexpLarge: (a, x) => logsumexp(x!, dims(a.dim)),
  argmax: (a, x) => argmax(x!, num(a.dim)),
  argminAll: (_, x) => argmin(x!),
  matmulBatched: (_, x, y) => matmul(x!, y!),
  matmulVecMat: (_, x, y) => matmul(x!, y!),
  gather: (a, x, i) => gather(x!, num(a.dim), i!),
  indexSelect: (a, x, i) => indexSelect(x!, num(a.dim), i!),
  concat: (a, x, y) => concat([x!, y!], num(a.dim)),
  stack: (a, x, y) => stack([x!, y!], num(a.dim)),
  pad: (a, x) => pad(x!, a.padding as [number, number][], num(a.value)),
  sliceStep: (a, x) => slice(x!, num(a.dim), num(a.start), num(a.end), num(a.step)),
  permute: (a, x) => permute(x!, a.dims as number[]),
  expand: (a, x) => expand(x!, a.shape as number[]),
};

describe("ops against PyTorch fixtures", () => {
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
      const y = ops[name]!(c.args, ...inputs);
      expect(y.shape).toEqual(c.y.shape);
      expect(y.dtype).toBe(c.y.dtype);
      expectClose(y.toArray(), c.y.data, 1e-5, 1e-5);
      const floats = inputs.filter((t) => t.dtype === "float32");
      if (c.grads.length === 0) return;
      const grads = grad(y, floats, { gradOutputs: [dec(c.dy)], allowUnused: true });
      grads.forEach((g, i) => {
        expect(g.shape).toEqual(c.grads[i]!.shape);
        expectClose(g.toArray(), c.grads[i]!.data, 1e-4, 1e-4);
      });
    });
  }
});
