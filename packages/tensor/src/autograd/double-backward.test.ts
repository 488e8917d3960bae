// Backward rules are written with differentiable Tensor ops, so grad(…, { createGraph: true }) can be
// differentiated again. Checked by gradcheck on x ↦ ∂f/∂x (a Hessian-vector product against finite
// differences of the first derivative).
import { describe, expect, it } from "vitest";
import {
  div,
  enableGrad,
  exp,
  gelu,
  grad,
  log,
  logsumexp,
  manualSeed,
  matmul,
  mul,
  pow,
  rand,
  randn,
  sigmoid,
  sin,
  softmax,
  softplus,
  sqrt,
  type Tensor,
  tanh,
  tensor,
} from "../index";
import { expectGradcheck } from "../test-util";

/** x ↦ ∂(Σ f(x)·w)/∂x, recorded so it can be differentiated again. */
function firstGrad(f: (x: Tensor) => Tensor, w: Tensor): (x: Tensor) => Tensor {
  return (x) => enableGrad(() => grad(mul(f(x), w).sum(), [x], { createGraph: true })[0]!);
}

describe("double backward", () => {
  const cases: [string, (x: Tensor) => Tensor, boolean][] = [
    ["exp", exp, false],
    ["log", log, true],
    ["sqrt", sqrt, true],
    ["sin", sin, false],
    ["tanh", tanh, false],
    ["sigmoid", sigmoid, false],
    ["softplus", softplus, false],
    ["gelu", (x) => gelu(x), false],
    ["mul", (x) => mul(x, x), false],
    ["div", (x) => div(1, x), true],
    ["pow", (x) => pow(x, 3), true],
    ["softmax", (x) => softmax(x, -1), false],
    ["logsumexp", (x) => logsumexp(x, -1, true), false],
  ];
  for (const [name, f, positive] of cases) {
    it(`${name}: second derivative matches finite differences`, () => {
      manualSeed(71);
      const x = positive ? rand([2, 3]).add(0.5) : randn([2, 3]);
      const w = randn(f(x).shape);
      expectGradcheck(firstGrad(f, w), [x]);
    });
  }

  it("matmul: d/dA of (∂ Σ (A B)·W / ∂B) with a strided A", () => {
    manualSeed(72);
    const b = randn([3, 2]);
    const w = randn([4, 2]);
    const fn = (a: Tensor) =>
      enableGrad(() => {
        const bb = b.detach().requiresGrad_();
        return grad(mul(matmul(a, bb), w).sum(), [bb], { createGraph: true })[0]!;
      });
    expectGradcheck(fn, [randn([3, 4]).transpose(0, 1)]);
  });

  it("x³ has second derivative 6x (hand-computed)", () => {
    const x = tensor([2], { requiresGrad: true });
    const [g1] = grad(pow(x, 3).sum(), [x], { createGraph: true });
    const [g2] = grad(g1!.sum(), [x]);
    expect(g1!.item()).toBeCloseTo(12, 5);
    expect(g2!.item()).toBeCloseTo(12, 5);
  });
});
