// Test helpers shared by the *.test.ts files (not exported from the package): fixture tensors, approximate
// comparison with readable messages, and gradcheck through a module's parameters.
import { type GradcheckOptions, gradcheck, Tensor } from "@paramlens/tensor";
import { expect } from "vitest";
import type { AnyModule } from "./module";

/** A tensor as the Python generators write it. */
export interface FixtureTensor {
  shape: number[];
  dtype: "float32" | "int32";
  data: number[];
}

export function fromFixture(f: FixtureTensor): Tensor {
  const data = f.dtype === "int32" ? Int32Array.from(f.data) : Float32Array.from(f.data);
  return new Tensor(data, f.shape);
}

/** Asserts same shape and |actual − expected| ≤ atol + rtol·|expected| elementwise. */
export function expectClose(
  actual: Tensor,
  expected: FixtureTensor | Tensor,
  what: string,
  atol = 1e-5,
  rtol = 1e-5,
): void {
  const e = expected instanceof Tensor ? { shape: [...expected.shape], data: expected.toArray() } : expected;
  expect([...actual.shape], `${what}: shape`).toEqual(e.shape);
  const a = actual.toArray();
  let worst = -1;
  let worstErr = 0;
  for (let i = 0; i < a.length; i++) {
    const err = Math.abs(a[i]! - e.data[i]!) - (atol + rtol * Math.abs(e.data[i]!));
    if (!(err <= 0) && (worst < 0 || err > worstErr)) {
      worst = i;
      worstErr = err;
    }
  }
  expect(
    worst < 0,
    worst < 0 ? "" : `${what}: index ${worst}: got ${a[worst]}, expected ${e.data[worst]}`,
  ).toBe(true);
}

/**
 * gradcheck of x ↦ module.call(x) w.r.t. x and every trainable parameter. gradcheck hands fn fresh leaf
 * tensors sharing each parameter's memory; fn registers them in place of the parameters so autograd sees
 * them, then restores the originals.
 */
export function expectModuleGradcheck(
  module: AnyModule,
  inputs: Tensor[],
  options: GradcheckOptions & { before?: () => void } = {},
): void {
  const named = module.namedParameters().filter(([, p]) => p.requiresGrad);
  const owners = named.map(([n]) => {
    const i = n.lastIndexOf(".");
    return [i < 0 ? module : module.getSubmodule(n.slice(0, i)), n.slice(i + 1)] as const;
  });
  const nIn = inputs.length;
  const fn = (...ts: Tensor[]): Tensor => {
    owners.forEach(([m, name], k) => {
      m.registerParameter(name, ts[nIn + k]!, { requiresGrad: ts[nIn + k]!.requiresGrad });
    });
    options.before?.();
    return module.call(...ts.slice(0, nIn)) as Tensor;
  };
  try {
    const r = gradcheck(fn, [...inputs, ...named.map(([, p]) => p)], options);
    expect(r.ok, `${module.typeName}: ${r.message}`).toBe(true);
  } finally {
    owners.forEach(([m, name], k) => {
      m.registerParameter(name, named[k]![1]);
    });
  }
}
