import {
  getBackend,
  gradcheck,
  initBackend,
  manualSeed,
  oneHot,
  randn,
  setBackend,
  Tensor,
  tensor,
} from "@paramlens/tensor";
import { afterAll, describe, expect, it } from "vitest";
import { binaryCrossEntropyWithLogits } from "./bce-with-logits";
import { crossEntropy } from "./cross-entropy";
import { LossError } from "./errors";
import fixtures from "./fixtures/losses.json";
import { nllLoss } from "./nll";
import type { Reduction } from "./reduction";
import { l1Loss, mseLoss } from "./regression";

interface Case {
  loss: string;
  target?: string;
  reduction: Reduction;
  labelSmoothing?: number;
  posWeight?: number[] | null;
  input: number[];
  shape: number[];
  targetValues: number[];
  out: number[];
  grad: number[];
}

function run(c: Case): Tensor {
  const x = new Tensor(Float32Array.from(c.input), c.shape, { requiresGrad: true });
  const [n] = c.shape as [number, number];
  const intTarget = () => new Tensor(Int32Array.from(c.targetValues), [n]);
  const floatTarget = () => new Tensor(Float32Array.from(c.targetValues), c.shape);
  let out: Tensor;
  switch (c.loss) {
    case "crossEntropy":
      out = crossEntropy(x, c.target === "prob" ? floatTarget() : intTarget(), {
        reduction: c.reduction,
        labelSmoothing: c.labelSmoothing,
      });
      break;
    case "nllLoss":
      out = nllLoss(x, intTarget(), { reduction: c.reduction });
      break;
    case "mseLoss":
      out = mseLoss(x, floatTarget(), { reduction: c.reduction });
      break;
    case "l1Loss":
      out = l1Loss(x, floatTarget(), { reduction: c.reduction });
      break;
    default:
      out = binaryCrossEntropyWithLogits(x, floatTarget(), {
        reduction: c.reduction,
        posWeight: c.posWeight ? tensor(c.posWeight) : undefined,
      });
  }
  out.backward(out.ndim === 0 ? undefined : new Tensor(new Float32Array(out.size).fill(1), out.shape));
  expect(out.toArray().length).toBe(c.out.length);
  // float32 on both sides: 1e-5 relative to the value's size
  const close = (v: number, ref: number) => {
    expect(Math.abs(v - ref)).toBeLessThanOrEqual(1e-5 * Math.max(1, Math.abs(ref)));
  };
  out.toArray().forEach((v, i) => {
    close(v, c.out[i]!);
  });
  x.grad!.toArray().forEach((v, i) => {
    close(v, c.grad[i]!);
  });
  return out;
}

describe("losses against PyTorch", () => {
  const cases = fixtures as unknown as Case[];
  it("has fixtures for every loss", () => {
    const names = new Set(cases.map((c) => c.loss));
    expect([...names].sort()).toEqual(
      ["binaryCrossEntropyWithLogits", "crossEntropy", "l1Loss", "mseLoss", "nllLoss"].sort(),
    );
  });
  for (const c of cases) {
    const label = `${c.loss} ${c.target ?? ""} ${c.reduction} ls=${c.labelSmoothing ?? 0} pw=${c.posWeight ? "yes" : "no"}`;
    it(label, () => {
      run(c);
    });
  }
});

// Index targets without smoothing run tensor's fused kernel; check it on the wasm backend too, every size.
describe("crossEntropy index targets on the wasm backend", () => {
  const cases = (fixtures as unknown as Case[]).filter(
    (c) => c.loss === "crossEntropy" && c.target !== "prob" && !c.labelSmoothing,
  );
  afterAll(() => setBackend("js"));
  it("matches the PyTorch fixtures", async () => {
    expect(cases.length).toBeGreaterThan(0);
    if ((await initBackend()) !== "wasm") return; // no SIMD here: the js project above covers the kernel
    setBackend("wasm", { thresholds: false });
    expect(getBackend()).toBe("wasm");
    for (const c of cases) run(c);
  });
});

describe("crossEntropy fast path agrees with the probability-target path", () => {
  it("index targets with ignoreIndex equal one-hot probability targets over the kept rows", () => {
    manualSeed(5);
    const x = randn([5, 7]).requiresGrad_();
    const idx = new Tensor(Int32Array.of(3, -1, 0, 6, -1), [5]);
    const kept = new Tensor(Int32Array.of(0, 2, 3), [3]);
    for (const reduction of ["mean", "sum", "none"] as const) {
      x.grad = null;
      const fast = crossEntropy(x, idx, { ignoreIndex: -1, reduction });
      fast.sum().backward();
      const gFast = x.grad!.toArray() as number[];
      x.grad = null;
      const rows = x.indexSelect(0, kept);
      const probs = oneHot(new Tensor(Int32Array.of(3, 0, 6), [3]), 7).float();
      const slow = crossEntropy(rows, probs, { reduction });
      slow.sum().backward();
      const gSlow = x.grad!.toArray() as number[];
      const fv = fast.toArray() as number[];
      const sv = slow.toArray() as number[];
      const keptFast = reduction === "none" ? [fv[0]!, fv[2]!, fv[3]!] : fv;
      keptFast.forEach((v, i) => {
        expect(v).toBeCloseTo(sv[i]!, 5);
      });
      gFast.forEach((v, i) => {
        expect(v).toBeCloseTo(gSlow[i]!, 6);
      });
    }
  });
});

describe("loss gradcheck", () => {
  it("crossEntropy (indices, probabilities, smoothing, strided logits)", () => {
    manualSeed(3);
    const idx = new Tensor(Int32Array.of(2, 0, 1), [3]);
    const probs = randn([3, 4]).softmax(1);
    for (const x of [randn([3, 4]), randn([4, 3]).transpose(0, 1)]) {
      for (const [t, ls] of [
        [idx, 0],
        [idx, 0.1],
        [probs, 0.3],
      ] as const) {
        const r = gradcheck((z) => crossEntropy(z, t, { labelSmoothing: ls }), [x], { atol: 1e-3 });
        expect(r.ok, r.message).toBe(true);
      }
    }
  });
  it("nll, mse, l1, bce", () => {
    manualSeed(4);
    const t = new Tensor(Int32Array.of(2, 0, 1), [3]);
    const y = randn([3, 4]);
    const b = randn([3, 4]).sigmoid();
    const checks: [(z: Tensor) => Tensor, Tensor][] = [
      [(z) => nllLoss(z, t), randn([3, 4])],
      [(z) => mseLoss(z, y), randn([3, 4])],
      [(z) => l1Loss(z, y), randn([3, 4])],
      [(z) => binaryCrossEntropyWithLogits(z, b, { posWeight: tensor([1, 2, 3, 0.5]) }), randn([3, 4])],
    ];
    for (const [fn, x] of checks) {
      const r = gradcheck(fn, [x], { atol: 1e-3 });
      expect(r.ok, r.message).toBe(true);
    }
  });
});

describe("loss input errors", () => {
  it("crossEntropy names the bad shape, dtype, index and option", () => {
    const x = randn([3, 4]);
    expect(() => crossEntropy(randn([2, 3, 4]), new Tensor(Int32Array.of(0, 1), [2]))).toThrow(
      /crossEntropy: logits must be \[N, C\].*\[2,3,4\]/,
    );
    expect(() => crossEntropy(x, new Tensor(Int32Array.of(0, 1), [2]))).toThrow(
      /class-index target must be \[3\].*got \[2\]/,
    );
    expect(() => crossEntropy(x, new Tensor(Int32Array.of(0, 4, 1), [3]))).toThrow(
      /target\[1\] = 4 is not a class index in \[0, 4\)/,
    );
    expect(() => crossEntropy(x, randn([3, 5]))).toThrow(/probability target must be \[3,4\]/);
    expect(() => crossEntropy(x, new Tensor(Int32Array.of(0, 1, 1), [3]), { labelSmoothing: 1.5 })).toThrow(
      LossError,
    );
    expect(() =>
      crossEntropy(x, new Tensor(Int32Array.of(0, 1, 1), [3]), { reduction: "avg" as Reduction }),
    ).toThrow(/reduction must be "mean", "sum" or "none", got "avg"/);
  });
  it("mean over only ignored rows is NaN, as in PyTorch", () => {
    const out = crossEntropy(randn([2, 3]), new Tensor(Int32Array.of(-100, -100), [2]));
    expect(out.item()).toBeNaN();
  });
  it("regression losses refuse broadcasting and int inputs", () => {
    expect(() => mseLoss(randn([3, 4]), randn([4]))).toThrow(/mseLoss: input \[3,4\] and target \[4\]/);
    expect(() => l1Loss(randn([2]), new Tensor(Int32Array.of(1, 2), [2]))).toThrow(/float32/);
    expect(() => nllLoss(randn([3, 4]), new Tensor(Int32Array.of(0, 9, 1), [3]))).toThrow(/target\[1\] = 9/);
    expect(() =>
      binaryCrossEntropyWithLogits(randn([3, 4]), randn([3, 4]), { posWeight: tensor([1, 2]) }),
    ).toThrow(/posWeight \[2\] must be float32 \[\] or \[4\]/);
  });
});
