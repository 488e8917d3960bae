import { describe, expect, it } from "vitest";
import {
  AutogradError,
  add,
  enableGrad,
  grad,
  isGradEnabled,
  matmul,
  mul,
  noGrad,
  ones,
  sum,
  tensor,
} from "../index";

describe("backward", () => {
  it("accumulates gradients of a scalar into leaves (hand-computed)", () => {
    // f = Σ (a + b) * a with b broadcast over rows: df/da = 2a + b, df/db = Σ_rows a
    const a = tensor(
      [
        [1, 2, 3],
        [4, 5, 6],
      ],
      { requiresGrad: true },
    );
    const b = tensor([10, 20, 30], { requiresGrad: true });
    const f = sum(mul(add(a, b), a));
    expect(f.item()).toBe(551);
    f.backward();
    expect(a.grad!.toNested()).toEqual([
      [12, 24, 36],
      [18, 30, 42],
    ]);
    expect(b.grad!.toNested()).toEqual([5, 7, 9]);
  });

  it("accumulates across calls until zeroGrad", () => {
    const x = tensor([2], { requiresGrad: true });
    mul(x, x).sum().backward();
    mul(x, x).sum().backward();
    expect(x.grad!.toArray()).toEqual([8]);
    x.zeroGrad();
    expect(x.grad).toBeNull();
  });

  it("needs an explicit gradient for non-scalar outputs", () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const y = mul(x, 3);
    expect(() => y.backward()).toThrow(/one-element outputs; pass one of shape \[2\]/);
    y.backward(tensor([1, 10]));
    expect(x.grad!.toArray()).toEqual([3, 30]);
  });

  it("rejects an upstream gradient of the wrong shape", () => {
    const x = tensor([1, 2], { requiresGrad: true });
    expect(() => mul(x, 3).backward(tensor([1, 2, 3]))).toThrow(AutogradError);
  });

  it("frees the graph after backward unless retainGraph is set", () => {
    const x = tensor([3], { requiresGrad: true });
    const y = mul(x, x).sum();
    y.backward(undefined, { retainGraph: true });
    y.backward();
    expect(x.grad!.toArray()).toEqual([12]);
    let err: unknown;
    try {
      y.backward();
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(AutogradError);
    expect((err as AutogradError).code).toBe("GRAPH_FREED");
  });

  it("throws for outputs that do not require grad", () => {
    expect(() => tensor([1]).sum().backward()).toThrow(/does not require grad/);
  });

  it("gives gradients to tensors reached along several paths (diamond)", () => {
    const x = tensor([2], { requiresGrad: true });
    const y = mul(x, 3);
    const z = add(mul(y, y), y); // z = 9x² + 3x, dz/dx = 18x + 3
    z.sum().backward();
    expect(x.grad!.toArray()).toEqual([39]);
  });

  it("stores an owned gradient: changing one .grad does not change another", () => {
    const a = tensor([1, 2], { requiresGrad: true });
    const b = tensor([3, 4], { requiresGrad: true });
    add(a, b).sum().backward();
    a.grad!.data[0] = 100;
    expect(b.grad!.toArray()).toEqual([1, 1]);
  });
});

describe("noGrad / enableGrad", () => {
  it("records nothing inside noGrad and restores the mode", () => {
    const x = tensor([1], { requiresGrad: true });
    const y = noGrad(() => mul(x, 2));
    expect(y.requiresGrad).toBe(false);
    expect(isGradEnabled()).toBe(true);
    const z = noGrad(() => enableGrad(() => mul(x, 2)));
    expect(z.requiresGrad).toBe(true);
  });

  it("restores the mode when the body throws", () => {
    expect(() =>
      noGrad(() => {
        throw new Error("boom");
      }),
    ).toThrow("boom");
    expect(isGradEnabled()).toBe(true);
  });
});

describe("hooks and retainGrad", () => {
  it("calls hooks with the gradient and lets them replace it", () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const h = mul(x, 2);
    const seen: number[][] = [];
    const handle = h.registerHook((g) => {
      seen.push(g.toArray());
      return mul(g, 10);
    });
    h.sum().backward();
    expect(seen).toEqual([[1, 1]]);
    expect(x.grad!.toArray()).toEqual([20, 20]);
    handle.remove();
    x.zeroGrad();
    mul(x, 2).sum().backward();
    expect(x.grad!.toArray()).toEqual([2, 2]);
  });

  it("fills .grad of a non-leaf only after retainGrad", () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const h = mul(x, 3).retainGrad();
    const k = mul(x, 3);
    add(mul(h, h), k).sum().backward();
    expect(h.grad!.toArray()).toEqual([6, 12]);
    expect(k.grad).toBeNull();
  });

  it("rejects hooks that return a wrong shape", () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const h = mul(x, 2);
    h.registerHook(() => ones([3]));
    expect(() => h.sum().backward()).toThrow(/hook returned a gradient of shape \[3\]/);
  });
});

describe("grad()", () => {
  it("returns gradients w.r.t. leaves and intermediates without touching .grad", () => {
    const w = tensor(
      [
        [1, 2],
        [3, 4],
      ],
      { requiresGrad: true },
    );
    const x = tensor([[1, 1]], { requiresGrad: true });
    const h = matmul(x, w); // [[4, 6]]
    const y = sum(mul(h, h)); // 16 + 36
    const [gx, gh] = grad(y, [x, h], { retainGraph: true });
    expect(gh!.toNested()).toEqual([[8, 12]]);
    // dy/dx = 2h Wᵀ = [8·1 + 12·2, 8·3 + 12·4]
    expect(gx!.toNested()).toEqual([[32, 72]]);
    expect(x.grad).toBeNull();
    expect(w.grad).toBeNull();
  });

  it("throws for unused inputs unless allowUnused, then returns zeros", () => {
    const a = tensor([1], { requiresGrad: true });
    const b = tensor([1, 2], { requiresGrad: true });
    const y = mul(a, 2).sum();
    expect(() => grad(y, [a, b], { retainGraph: true })).toThrow(/input 1 \(shape \[2\]\) was not used/);
    const [, gb] = grad(y, [a, b], { allowUnused: true });
    expect(gb!.toArray()).toEqual([0, 0]);
  });

  it("supports higher-order gradients with createGraph", () => {
    const x = tensor([3], { requiresGrad: true });
    const y = mul(mul(x, x), x).sum(); // x³
    const [dy] = grad(y, [x], { createGraph: true }); // 3x² = 27
    expect(dy!.toArray()).toEqual([27]);
    const [d2] = grad(dy!.sum(), [x]); // 6x = 18
    expect(d2!.toArray()).toEqual([18]);
  });
});

describe("requiresGrad", () => {
  it("can only be set on leaves and float32 tensors", () => {
    const x = tensor([1], { requiresGrad: true });
    const y = mul(x, 2);
    expect(() => {
      y.requiresGrad = false;
    }).toThrow(/only be set on leaf tensors/);
    expect(() => tensor([1], { dtype: "int32", requiresGrad: true })).toThrow(/only float32/);
    expect(y.gradFn).toBe("mul");
    expect(y.detach().requiresGrad).toBe(false);
  });

  it("refuses to backprop through a tensor overwritten in place after use", () => {
    const w = tensor([1, 2], { requiresGrad: true });
    const x = tensor([3, 4]);
    const y = mul(w, x).sum();
    x.copy_(tensor([0, 0]));
    let err: unknown;
    try {
      y.backward();
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(AutogradError);
    expect((err as AutogradError).code).toBe("IN_PLACE");
    expect((err as Error).message).toMatch(
      /^mul: a tensor needed to compute gradients \(input 1\) was modified in place/,
    );
  });

  it("allows in-place updates between iterations (graph already used)", () => {
    const w = tensor([1, 2], { requiresGrad: true });
    for (let i = 0; i < 2; i++) {
      mul(w, w).sum().backward();
      noGrad(() => w.copy_(w.sub(w.grad!.mul(0.5))));
      w.zeroGrad();
    }
    expect(w.toArray()).toEqual([0, 0]);
  });

  it("forbids in-place edits of tensors that require grad while recording", () => {
    const w = tensor([1, 2], { requiresGrad: true });
    expect(() => w.copy_(tensor([0, 0]))).toThrow(/wrap it in noGrad/);
    noGrad(() => w.copy_(tensor([5, 6])));
    expect(w.toArray()).toEqual([5, 6]);
  });
});
