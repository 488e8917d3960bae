// softmaxCrossEntropy against torch.nn.functional.cross_entropy (fixtures/softmax-cross-entropy.json,
// scripts/gen-backend-fixtures.py): loss and logits gradient for each reduction, ignored rows, large
// logits; gradcheck; errors. Runs on every backend (the vitest "wasm" project reruns it on wasm).
import { describe, expect, it } from "vitest";
import fx from "../../fixtures/softmax-cross-entropy.json";
import {
  DTypeError,
  gradcheck,
  manualSeed,
  noGrad,
  randn,
  ShapeError,
  softmaxCrossEntropy,
  tensor,
} from "../index";
import { expectClose } from "../test-util";

describe("softmaxCrossEntropy vs PyTorch", () => {
  for (const c of fx.cases) {
    it(c.name, () => {
      const x = tensor(Float32Array.from(c.logits), [c.n, c.c]).requiresGrad_();
      const t = tensor(Int32Array.from(c.target));
      const loss = softmaxCrossEntropy(x, t, { reduction: c.reduction as "mean" | "sum" | "none" });
      expectClose(loss.toArray(), c.loss, 1e-5, 1e-5);
      loss.backward(tensor(Float32Array.from(c.upstream), loss.shape));
      expectClose(x.grad!.toArray(), c.grad, 1e-6, 1e-5);
    });
  }
});

describe("softmaxCrossEntropy", () => {
  it("gradchecks the mean loss and the per-row losses", () => {
    manualSeed(3);
    const t = tensor(Int32Array.of(2, 0, 4, 1));
    const r1 = gradcheck((x) => softmaxCrossEntropy(x, t), [randn([4, 5])]);
    expect(r1.ok, r1.message).toBe(true);
    const r2 = gradcheck((x) => softmaxCrossEntropy(x, t, { reduction: "none" }), [randn([4, 5])]);
    expect(r2.ok, r2.message).toBe(true);
  });
  it("builds no graph under noGrad and for logits without grad", () => {
    const x = randn([2, 3]).requiresGrad_();
    const t = tensor(Int32Array.of(0, 2));
    expect(noGrad(() => softmaxCrossEntropy(x, t)).gradFn).toBeNull();
    expect(softmaxCrossEntropy(x.detach(), t).gradFn).toBeNull();
    expect(softmaxCrossEntropy(x, t).gradFn).toBe("softmaxCrossEntropy");
  });
  it("throws on bad inputs, naming the op and the values", () => {
    const x = randn([2, 3]);
    expect(() => softmaxCrossEntropy(x, tensor(Int32Array.of(0, 3)))).toThrow(
      "softmaxCrossEntropy: target[1] = 3 is not a class index in [0, 3)",
    );
    expect(() => softmaxCrossEntropy(x, tensor([0, 1]))).toThrow(DTypeError);
    expect(() => softmaxCrossEntropy(x, tensor(Int32Array.of(0)))).toThrow(ShapeError);
    expect(() => softmaxCrossEntropy(randn([6]), tensor(Int32Array.of(0)))).toThrow(ShapeError);
    expect(() => softmaxCrossEntropy(x, tensor(Int32Array.of(0, 1)), { reduction: "avg" as never })).toThrow(
      /reduction must be/,
    );
  });
});
