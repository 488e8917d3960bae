// Per-class `weight` of crossEntropy and nllLoss against torch.nn.functional (fixtures from
// scripts/torch-fixtures-groups.py): every reduction, ignoreIndex, label smoothing, probability targets,
// values and gradients; gradcheck; errors.
import { gradcheck, manualSeed, randn, Tensor, tensor } from "@paramlens/tensor";
import { describe, expect, it } from "vitest";
import { crossEntropy } from "./cross-entropy";
import { LossError } from "./errors";
import fixtures from "./fixtures/cross-entropy-weight.json";
import { nllLoss } from "./nll";
import type { Reduction } from "./reduction";

interface Case {
  loss: "crossEntropy" | "nllLoss";
  target: "index" | "prob";
  reduction: Reduction;
  labelSmoothing: number;
  ignoreIndex: number;
  input: number[];
  shape: [number, number];
  targetValues: number[];
  weight: number[];
  out: number[];
  grad: number[];
}
const cases = (fixtures as unknown as { cases: Case[] }).cases;

describe("per-class weight against PyTorch", () => {
  it("covers both losses, every reduction, smoothing, ignoreIndex and probability targets", () => {
    const ce = cases.filter((c) => c.loss === "crossEntropy");
    expect(new Set(ce.map((c) => c.reduction))).toEqual(new Set(["mean", "sum", "none"]));
    expect(new Set(ce.map((c) => c.labelSmoothing))).toEqual(new Set([0, 0.2]));
    expect(new Set(ce.map((c) => c.ignoreIndex))).toEqual(new Set([-100, 1]));
    expect(ce.some((c) => c.target === "prob")).toBe(true);
    expect(new Set(cases.filter((c) => c.loss === "nllLoss").map((c) => c.reduction)).size).toBe(3);
  });
  for (const c of cases) {
    const label = `${c.loss} ${c.target} ${c.reduction} ls=${c.labelSmoothing} ignore=${c.ignoreIndex} targets=${c.targetValues.length === c.shape[0] ? c.targetValues.join(",") : "probs"}`;
    it(label, () => {
      const [n] = c.shape;
      const x = new Tensor(Float32Array.from(c.input), c.shape, { requiresGrad: true });
      const t =
        c.target === "prob"
          ? new Tensor(Float32Array.from(c.targetValues), c.shape)
          : new Tensor(Int32Array.from(c.targetValues), [n]);
      const weight = tensor(c.weight);
      const out =
        c.loss === "crossEntropy"
          ? crossEntropy(x, t, {
              weight,
              reduction: c.reduction,
              labelSmoothing: c.labelSmoothing,
              ignoreIndex: c.ignoreIndex,
            })
          : nllLoss(x, t, { weight, reduction: c.reduction, ignoreIndex: c.ignoreIndex });
      out.backward(out.ndim === 0 ? undefined : new Tensor(new Float32Array(out.size).fill(1), out.shape));
      const close = (v: number, ref: number, what: string) =>
        expect(Math.abs(v - ref), `${what}: ${v} vs ${ref}`).toBeLessThanOrEqual(
          1e-5 * Math.max(1, Math.abs(ref)),
        );
      const o = out.toArray() as number[] | number;
      const vals = typeof o === "number" ? [o] : o;
      expect(vals.length).toBe(c.out.length);
      vals.forEach((v, i) => {
        close(v, c.out[i]!, `out[${i}]`);
      });
      (x.grad!.reshape([-1]).toArray() as number[]).forEach((v, i) => {
        close(v, c.grad[i]!, `grad[${i}]`);
      });
    });
  }
});

describe("per-class weight", () => {
  it("all-ones weight gives the unweighted loss (fast kernel path)", () => {
    manualSeed(11);
    const x = randn([5, 3]);
    const t = new Tensor(Int32Array.of(0, 2, -100, 1, 2), [5]);
    for (const reduction of ["mean", "sum", "none"] as const) {
      const a = crossEntropy(x, t, { reduction }).toArray() as number[] | number;
      const b = crossEntropy(x, t, { reduction, weight: tensor([1, 1, 1]) }).toArray() as number[] | number;
      [a].flat().forEach((v, i) => {
        expect([b].flat()[i]).toBeCloseTo(v, 6);
      });
    }
  });
  it("gradcheck with weight, ignoreIndex, smoothing and probability targets", () => {
    manualSeed(12);
    const w = tensor([0.5, 2, 1, 0.25]);
    const idx = new Tensor(Int32Array.of(2, -100, 1, 3), [4]);
    const probs = randn([4, 4]).softmax(1);
    for (const reduction of ["mean", "sum"] as const) {
      for (const [t, ls] of [
        [idx, 0],
        [idx, 0.2],
        [probs, 0.1],
      ] as const) {
        const r = gradcheck(
          (z) => crossEntropy(z, t, { weight: w, labelSmoothing: ls, reduction }),
          [randn([4, 4])],
          {
            atol: 1e-3,
          },
        );
        expect(r.ok, r.message).toBe(true);
      }
      const r = gradcheck((z) => nllLoss(z, idx, { weight: w, reduction }), [randn([4, 4])], { atol: 1e-3 });
      expect(r.ok, r.message).toBe(true);
    }
  });
  it("a mean over zero total weight is NaN, as in PyTorch", () => {
    const t = new Tensor(Int32Array.of(0, 0), [2]);
    expect(crossEntropy(randn([2, 3]), t, { weight: tensor([0, 1, 1]) }).item()).toBeNaN();
    expect(nllLoss(randn([2, 3]), t, { weight: tensor([0, 1, 1]) }).item()).toBeNaN();
  });
  it("names a bad weight", () => {
    const x = randn([3, 4]);
    const t = new Tensor(Int32Array.of(0, 1, 2), [3]);
    const cases: [() => unknown, string, RegExp][] = [
      [
        () => crossEntropy(x, t, { weight: tensor([1, 2, 3]) }),
        "SHAPE",
        /crossEntropy: weight must be \[4\] \(one per class\), got \[3\]/,
      ],
      [
        () => crossEntropy(x, t, { weight: new Tensor(Int32Array.of(1, 1, 1, 1), [4]) }),
        "DTYPE",
        /crossEntropy: weight must be float32, got int32/,
      ],
      [
        () => crossEntropy(x, t, { weight: [1, 1, 1, 1] as unknown as Tensor }),
        "DTYPE",
        /crossEntropy: weight must be a Tensor/,
      ],
      [
        () => crossEntropy(x, t, { weight: tensor([1, Number.NaN, 1, 1]) }),
        "OPTION",
        /crossEntropy: weight\[1\] is NaN, not a finite number/,
      ],
      [
        () => nllLoss(x, t, { weight: tensor([[1, 1, 1, 1]]) }),
        "SHAPE",
        /nllLoss: weight must be float32 \[4\] \(one per class\), got float32 \[1,4\]/,
      ],
      [
        () => nllLoss(x, t, { weight: tensor([1, 1, Number.POSITIVE_INFINITY, 1]) }),
        "OPTION",
        /nllLoss: weight\[2\] is Infinity/,
      ],
    ];
    for (const [fn, code, re] of cases) {
      expect(fn).toThrow(LossError);
      expect(fn).toThrow(re);
      try {
        fn();
      } catch (e) {
        expect((e as LossError).code).toBe(code);
      }
    }
  });
});
