// customFunction: user-defined ops with hand-written backward rules. Expected gradients are closed forms
// (d(xy)/dx = y, d(x^p)/dx = p·x^(p-1), d²(x³)/dx² = 6x), checked against finite differences by gradcheck.
import { describe, expect, it } from "vitest";
import {
  AutogradError,
  abs,
  add,
  argmax,
  CustomFunctionError,
  customFunction,
  enableGrad,
  exp,
  grad,
  gradcheck,
  le,
  manualSeed,
  mul,
  noGrad,
  pow,
  rand,
  randn,
  sign,
  sum,
  Tensor,
  tensor,
} from "../index";
import { expectClose, expectGradcheck } from "../test-util";

/** x·y elementwise with its backward written by hand (differentiable: made of mul). */
const mulXY = customFunction({
  name: "mulXY",
  forward(ctx, x: Tensor, y: Tensor) {
    ctx.save(x, y);
    return mul(x, y);
  },
  backward(ctx, g) {
    const [x, y] = ctx.saved;
    return [ctx.needsInputGrad[0] ? mul(g, y!) : null, ctx.needsInputGrad[1] ? mul(g, x!) : null];
  },
});

/** x^p for a plain-number p (which gets no gradient; backward reads it from ctx.args). */
const powN = customFunction({
  name: "powN",
  forward(ctx, x: Tensor, p: number) {
    ctx.save(x);
    return pow(x, p);
  },
  backward(ctx, g) {
    const [x] = ctx.saved;
    const p = ctx.args[1];
    return [mul(g, mul(pow(x!, p - 1), p)), null];
  },
});

/** Straight-through estimator: sign(x) forward, gradient passed through where |x| ≤ 1 (true derivative: 0). */
const steSign = customFunction({
  name: "steSign",
  forward(ctx, x: Tensor) {
    ctx.save(x);
    return sign(x);
  },
  backward(ctx, g) {
    const [x] = ctx.saved;
    return [mul(g, le(abs(x!), 1))];
  },
});

/** exp saving its own output (backward g·out), so double backward goes through the output's node. */
const expOut = customFunction({
  name: "expOut",
  forward(ctx, x: Tensor) {
    const out = exp(x);
    ctx.save(out);
    return out;
  },
  backward(ctx, g) {
    return [mul(g, ctx.saved[0]!)];
  },
});

/** x ↦ ∂(Σ f(x)·w)/∂x, recorded so it can be differentiated again. */
function firstGrad(f: (x: Tensor) => Tensor, w: Tensor): (x: Tensor) => Tensor {
  return (x) => enableGrad(() => grad(mul(f(x), w).sum(), [x], { createGraph: true })[0]!);
}

describe("customFunction: gradients", () => {
  it("x·y with a hand-written backward: grad node named, exact gradients, gradcheck", () => {
    const x = tensor([1, -2, 3], { requiresGrad: true });
    const y = tensor([4, 5, -6], { requiresGrad: true });
    const out = mulXY(x, y);
    expect(out.gradFn).toBe("mulXY");
    expect(out.toArray()).toEqual([4, -10, -18]);
    out.sum().backward();
    expect(x.grad!.toArray()).toEqual([4, 5, -6]);
    expect(y.grad!.toArray()).toEqual([1, -2, 3]);
    manualSeed(81);
    expectGradcheck((a, b) => mulXY(a!, b!), [randn([2, 3]), randn([2, 3])]);
  });

  it("a number argument passes through and gets no gradient", () => {
    manualSeed(82);
    const x = rand([2, 3]).add(0.5);
    expectGradcheck((a) => powN(a!, 3), [x]);
    const xs = tensor([2, 0.5], { requiresGrad: true });
    powN(xs, 3).sum().backward();
    expectClose(xs.grad!.toArray(), [12, 0.75]); // 3x²
  });

  it("a straight-through estimator gets exactly the gradient it defines, not the true derivative", () => {
    const x = tensor([-2, -0.5, 0.25, 1, 3], { requiresGrad: true });
    const out = steSign(x);
    expect(out.toArray()).toEqual([-1, -1, 1, 1, 1]);
    const [g] = grad(out, [x], { gradOutputs: [tensor([10, 20, 30, 40, 50])] });
    expect(g!.toArray()).toEqual([0, 20, 30, 40, 0]);
    // sign is flat away from 0, so finite differences disagree with the defined gradient.
    const r = gradcheck((a) => steSign(a!), [tensor([0.3, -0.6])]);
    expect(r.ok).toBe(false);
    expect(r.worst!.numeric).toBe(0);
  });

  it("accumulates correctly when the output is used twice in a larger graph", () => {
    // z = Σ (y·y + 3y) with y = x·w: dz/dx = (2y + 3)·w, dz/dw = (2y + 3)·x.
    const x = tensor([1, 2, -1], { requiresGrad: true });
    const w = tensor([0.5, -1, 2], { requiresGrad: true });
    const y = mulXY(x, w);
    sum(add(mul(y, y), mul(y, 3))).backward();
    expectClose(x.grad!.toArray(), [(2 * 0.5 + 3) * 0.5, (2 * -2 + 3) * -1, (2 * -2 + 3) * 2]);
    expectClose(w.grad!.toArray(), [(2 * 0.5 + 3) * 1, (2 * -2 + 3) * 2, (2 * -2 + 3) * -1]);
    manualSeed(83);
    const c = randn([4]);
    expectGradcheck((a, b) => mulXY(exp(mulXY(a!, b!)), add(a!, c)).sum(), [randn([4]), randn([4])]);
  });

  it("the same tensor passed as both arguments gets both gradients summed", () => {
    const x = tensor([3, -1], { requiresGrad: true });
    mulXY(x, x).sum().backward();
    expect(x.grad!.toArray()).toEqual([6, -2]);
  });

  it("returning an input as-is does not rewire that input", () => {
    const ident = customFunction({
      name: "ident",
      forward: (_ctx, x: Tensor) => x,
      backward: (_ctx, g) => [mul(g, 2)],
    });
    const x = tensor([1, 2], { requiresGrad: true });
    const out = ident(x);
    expect(out).not.toBe(x);
    expect(x.isLeaf).toBe(true);
    expect(out.gradFn).toBe("ident");
    out.sum().backward();
    expect(x.grad!.toArray()).toEqual([2, 2]);
  });
});

describe("customFunction: double backward", () => {
  const cube = customFunction({
    name: "cube",
    forward(ctx, x: Tensor) {
      ctx.save(x);
      return mul(mul(x, x), x);
    },
    backward(ctx, g) {
      const [x] = ctx.saved;
      return [mul(g, mul(mul(x!, x!), 3))];
    },
  });

  it("x³ has second derivative 6x (hand-computed)", () => {
    const x = tensor([2, -1], { requiresGrad: true });
    const [g1] = grad(cube(x).sum(), [x], { createGraph: true });
    expect(g1!.toArray()).toEqual([12, 3]);
    const [g2] = grad(g1!.sum(), [x]);
    expect(g2!.toArray()).toEqual([12, -6]);
  });

  it("second derivatives match finite differences (inputs saved, output saved, number argument)", () => {
    manualSeed(84);
    const w = randn([2, 3]);
    expectGradcheck(firstGrad(cube, w), [randn([2, 3])]);
    expectGradcheck(firstGrad(expOut, w), [randn([2, 3])]);
    expectGradcheck(
      firstGrad((x) => powN(x, 3), w),
      [rand([2, 3]).add(0.5)],
    );
    const b = randn([2, 3]);
    expectGradcheck(
      firstGrad((x) => mulXY(x, mul(x, b)), w),
      [randn([2, 3])],
    );
  });

  it("onceDifferentiable: first order works, differentiating the gradient throws", () => {
    const onceCube = customFunction({
      name: "onceCube",
      onceDifferentiable: true,
      forward(ctx, x: Tensor) {
        ctx.save(x);
        return mul(mul(x, x), x);
      },
      backward(ctx, g) {
        const [x] = ctx.saved;
        return [mul(g, mul(mul(x!, x!), 3))];
      },
    });
    const x = tensor([2], { requiresGrad: true });
    expect(grad(onceCube(x).sum(), [x])[0]!.toArray()).toEqual([12]);
    const [g1] = grad(onceCube(x).sum(), [x], { createGraph: true });
    expect(g1!.toArray()).toEqual([12]);
    expect(g1!.gradFn).toBe("onceCubeBackward");
    const err = (() => {
      try {
        grad(g1!.sum(), [x]);
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(CustomFunctionError);
    expect((err as CustomFunctionError).code).toBe("ONCE_DIFFERENTIABLE");
    expect((err as Error).message).toMatch(/^onceCube: backward is marked onceDifferentiable/);
  });
});

describe("customFunction: context and recording", () => {
  function probe() {
    const seen: { forward: boolean[][]; backward: boolean[][] } = { forward: [], backward: [] };
    const f = customFunction({
      name: "probe",
      forward(ctx, x: Tensor, k: number, y: Tensor) {
        seen.forward.push([...ctx.needsInputGrad]);
        return add(mul(x, k), y);
      },
      backward(ctx, g) {
        seen.backward.push([...ctx.needsInputGrad]);
        return [mul(g, 2), null, g];
      },
    });
    return { f, seen };
  }

  it("needsInputGrad: per argument, false for numbers, narrowed by grad() targets", () => {
    const { f, seen } = probe();
    const x = tensor([1, 2], { requiresGrad: true });
    const y = tensor([3, 4], { requiresGrad: true });
    const c = tensor([5, 6]);
    f(x, 2, y).sum().backward();
    f(x, 2, c).sum().backward();
    grad(f(x, 2, y).sum(), [y]);
    expect(seen.forward).toEqual([
      [true, false, true],
      [true, false, false],
      [true, false, true],
    ]);
    expect(seen.backward).toEqual([
      [true, false, true],
      [true, false, false],
      [false, false, true],
    ]);
    expect(x.grad!.toArray()).toEqual([4, 4]);
    expect(y.grad!.toArray()).toEqual([1, 1]);
  });

  it("noGrad, or no input requiring grad: forward runs, nothing is recorded", () => {
    const { f, seen } = probe();
    const x = tensor([1, 2], { requiresGrad: true });
    const out = noGrad(() => f(x, 3, tensor([1, 1])));
    expect(out.toArray()).toEqual([4, 7]);
    expect(out.requiresGrad).toBe(false);
    expect(out.gradFn).toBeNull();
    const plain = f(tensor([1, 2]), 3, tensor([1, 1]));
    expect(plain.requiresGrad).toBe(false);
    expect(seen.forward).toEqual([
      [false, false, false],
      [false, false, false],
    ]);
  });

  it("forward's own ops are not recorded", () => {
    let inner: Tensor | null = null;
    const f = customFunction({
      name: "twice",
      forward(_ctx, x: Tensor) {
        inner = mul(x, 2);
        return inner;
      },
      backward: (_ctx, g) => [mul(g, 2)],
    });
    const out = f(tensor([1], { requiresGrad: true }));
    expect(inner!.requiresGrad).toBe(false);
    expect(out.gradFn).toBe("twice");
  });

  it("an int32 output is returned unrecorded", () => {
    const am = customFunction({
      name: "argmaxFn",
      forward: (_ctx, x: Tensor) => argmax(x, 0),
      backward: () => [null],
    });
    const out = am(tensor([1, 5, 2], { requiresGrad: true }));
    expect(out.item()).toBe(1);
    expect(out.requiresGrad).toBe(false);
  });
});

describe("customFunction: errors", () => {
  function caught(fn: () => unknown): Error {
    try {
      fn();
    } catch (e) {
      return e as Error;
    }
    throw new Error("expected an error");
  }

  it("a saved tensor changed in place before backward: IN_PLACE naming the function and saved index", () => {
    const scale = tensor([2, 3]);
    const f = customFunction({
      name: "scaleBy",
      forward(ctx, x: Tensor) {
        ctx.save(x, scale);
        return mul(x, scale);
      },
      backward(ctx, g) {
        return [mul(g, ctx.saved[1]!)];
      },
    });
    const x = tensor([1, 1], { requiresGrad: true });
    const out = f(x);
    scale.fill_(0);
    const e = caught(() => out.sum().backward());
    expect(e).toBeInstanceOf(AutogradError);
    expect((e as AutogradError).code).toBe("IN_PLACE");
    expect(e.message).toBe(
      "scaleBy: saved tensor 1 [2] was modified in place after scaleBy ran (version 0, now 1); clone() it before changing it",
    );
    // A saved input is caught too (by the engine, which checks every input of every node).
    const out2 = f(x);
    noGrad(() => x.fill_(5));
    const e2 = caught(() => out2.sum().backward());
    expect((e2 as AutogradError).code).toBe("IN_PLACE");
    expect(e2.message).toMatch(/^scaleBy: .*\(input 0\) was modified in place after scaleBy ran/);
  });

  function badBackward(result: () => unknown) {
    return customFunction({
      name: "bad",
      forward: (_ctx, x: Tensor, _k: number, y: Tensor) => add(x, y),
      backward: (() => result()) as never,
    });
  }
  const cases: [string, () => unknown, string, string][] = [
    [
      "a bare Tensor",
      () => tensor([1, 1]),
      "BAD_GRAD_COUNT",
      "bad: backward must return one gradient per forward argument (3, null for none), got a float32 Tensor [2]",
    ],
    [
      "too few entries",
      () => [tensor([1, 1]), null],
      "BAD_GRAD_COUNT",
      "bad: backward must return one gradient per forward argument (3, null for none), got an array of 2",
    ],
    [
      "a number for a Tensor",
      () => [1, null, null],
      "BAD_GRAD_TYPE",
      "bad: gradient for argument 0 must be a Tensor or null, got number",
    ],
    [
      "undefined for a Tensor",
      () => [undefined, null, null],
      "BAD_GRAD_TYPE",
      "bad: gradient for argument 0 must be a Tensor or null, got undefined",
    ],
    [
      "a gradient for the number argument",
      () => [null, tensor([1]), null],
      "BAD_GRAD_TYPE",
      "bad: argument 1 is number, not a Tensor, so its gradient must be null; got a float32 Tensor [1]",
    ],
    [
      "the wrong shape",
      () => [null, null, tensor([1, 2, 3])],
      "BAD_GRAD_SHAPE",
      "bad: gradient for argument 2: expected shape [2] (the argument's), got [3]",
    ],
    [
      "an int32 gradient",
      () => [tensor([1, 2], { dtype: "int32" }), null, null],
      "BAD_GRAD_DTYPE",
      "bad: gradient for argument 0 must be float32, got int32",
    ],
  ];
  for (const [what, result, code, message] of cases) {
    it(`backward returning ${what}: ${code}`, () => {
      const x = tensor([1, 2], { requiresGrad: true });
      const out = badBackward(result)(x, 7, tensor([3, 4], { requiresGrad: true }));
      const e = caught(() => out.sum().backward());
      expect(e).toBeInstanceOf(CustomFunctionError);
      expect((e as CustomFunctionError).code).toBe(code);
      expect(e.message).toBe(message);
    });
  }

  it("the wrong shape for an input that needs no grad is still an error", () => {
    const out = badBackward(() => [tensor([1, 1]), null, tensor([1])])(
      tensor([1, 2], { requiresGrad: true }),
      1,
      tensor([3, 4]),
    );
    const e = caught(() => out.sum().backward()) as CustomFunctionError;
    expect(e.code).toBe("BAD_GRAD_SHAPE");
    expect(e.input).toBe(2);
  });

  it("forward returning a non-Tensor, save() misuse and a bad spec", () => {
    const x = tensor([1], { requiresGrad: true });
    const two = customFunction({
      name: "two",
      forward: ((_ctx: unknown, a: Tensor) => [a, a]) as never,
      backward: () => [null],
    });
    const e1 = caught(() => two(x)) as CustomFunctionError;
    expect(e1.code).toBe("BAD_OUTPUT");
    expect(e1.message).toBe(
      "two: forward must return one Tensor (several outputs are not supported), got an array of 2",
    );

    const saveNumber = customFunction({
      name: "saveNumber",
      forward(ctx, a: Tensor) {
        ctx.save(a, 3 as never);
        return a;
      },
      backward: () => [null],
    });
    expect(caught(() => saveNumber(x)).message).toBe(
      "saveNumber: ctx.save() takes Tensors; argument 1 is number",
    );

    const lateSave = customFunction({
      name: "lateSave",
      forward: (_ctx, a: Tensor) => mul(a, 1),
      backward(ctx, g) {
        ctx.save(g);
        return [g];
      },
    });
    const e3 = caught(() => lateSave(x).sum().backward()) as CustomFunctionError;
    expect(e3.code).toBe("BAD_SAVE");
    expect(e3.message).toBe("lateSave: ctx.save() may only be called inside forward");

    const e4 = caught(() =>
      customFunction({ name: "", forward: () => x, backward: () => [] }),
    ) as CustomFunctionError;
    expect(e4.code).toBe("BAD_SPEC");
    expect(e4.message).toBe("customFunction: name must be a non-empty string, got string");
    const e5 = caught(() => customFunction({ name: "f", forward: () => x } as never)) as CustomFunctionError;
    expect(e5.message).toBe("f: backward must be a function, got undefined");
  });

  it("types: backward's result is one entry per argument, null for non-Tensors", () => {
    customFunction({
      name: "typed",
      forward: (_ctx, x: Tensor, _k: number) => mul(x, 1),
      // @ts-expect-error a Tensor gradient for the number argument is a type error
      backward: (_ctx, g) => [g, g],
    });
    const f = customFunction({
      name: "typed",
      forward: (_ctx, x: Tensor, _k: number) => mul(x, 1),
      backward: (ctx, g) => [mul(g, ctx.args[1]), null],
    });
    // @ts-expect-error arguments are typed from forward
    expect(() => f(tensor([1]), "2")).not.toThrow();
    expect(f(tensor([1]), 2)).toBeInstanceOf(Tensor);
  });
});
