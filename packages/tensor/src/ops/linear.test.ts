// linear: the fused bias + activation epilogue equals the unfused composition act(x·Wᵀ + b) (each piece
// checked against PyTorch in its own tests), gradchecks for every activation (also double backward), errors.
import { describe, expect, it } from "vitest";
import { enableGrad, grad, gradcheck, linear, manualSeed, randn, ShapeError, type Tensor } from "../index";
import { expectClose } from "../test-util";

const unfused: Record<string, (z: Tensor) => Tensor> = {
  identity: (z) => z,
  relu: (z) => z.relu(),
  tanh: (z) => z.tanh(),
  sigmoid: (z) => z.sigmoid(),
};

describe("linear", () => {
  for (const act of ["identity", "relu", "tanh", "sigmoid"] as const) {
    it(`${act}: equals act(x·Wᵀ + b) and gradchecks (batched x, odd sizes)`, () => {
      manualSeed(21);
      const x = randn([2, 3, 7]);
      const w = randn([5, 7]);
      const b = randn([5]);
      const want = unfused[act]!(x.matmul(w.transpose(0, 1)).add(b)).toArray();
      expectClose(linear(x, w, b, act).toArray(), want, 1e-5, 1e-5);
      const r = gradcheck((x_, w_, b_) => linear(x_, w_, b_, act), [x, w, b], { atol: 2e-3 });
      expect(r.ok, r.message).toBe(true);
    });
  }
  it("without bias, and twice differentiable through tanh", () => {
    manualSeed(22);
    const x = randn([4, 3]);
    const w = randn([2, 3]);
    expectClose(linear(x, w).toArray(), x.matmul(w.transpose(0, 1)).toArray(), 1e-6, 1e-6);
    const r = gradcheck(
      (x_) =>
        enableGrad(() => grad(linear(x_, w, null, "tanh").square().sum(), [x_], { createGraph: true })[0]!),
      [x],
      { atol: 3e-3 },
    );
    expect(r.ok, r.message).toBe(true);
  });
  it("throws on shapes that do not fit and unknown activations", () => {
    expect(() => linear(randn([2, 3]), randn([4, 5]))).toThrow(ShapeError);
    expect(() => linear(randn([2, 3]), randn([4, 3]), randn([3]))).toThrow("bias must be [4]");
    expect(() => linear(randn([2, 3]), randn([4, 3]), null, "gelu" as never)).toThrow(
      /activation must be one of/,
    );
  });
});
