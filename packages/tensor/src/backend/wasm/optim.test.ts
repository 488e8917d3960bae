// SGD / Adam / AdamW in-place updates against three steps of torch.optim (fixtures/wasm-kernels.json,
// float32 torch). Tolerance 2e-6 relative + 1e-7 absolute: torch and we both compute in f32, but not in
// the same operation order.
import { beforeAll, describe, expect, it } from "vitest";
import { WasmArgumentError } from "./errors";
import fixture from "./fixtures/wasm-kernels.json";
import { initWasmBackend } from "./init";
import { expectClose } from "./test-utils";
import type { WasmBackend } from "./wasm-backend";
import type { AdamOptions, SgdOptions } from "./wasm-optim";

let wasm: WasmBackend;
beforeAll(async () => {
  wasm = await initWasmBackend();
});

// The hyperparameters of each fixture case (see gen_wasm_fixtures.py).
const SGD: Record<string, Omit<SgdOptions, "firstStep">> = {
  sgd: { lr: 0.1 },
  "sgd-momentum-wd": { lr: 0.05, momentum: 0.9, dampening: 0.1, weightDecay: 0.01 },
  "sgd-nesterov": { lr: 0.05, momentum: 0.8, nesterov: true },
};
const ADAM: Record<string, Omit<AdamOptions, "step">> = {
  adam: { lr: 0.01, beta1: 0.9, beta2: 0.999, eps: 1e-8 },
  "adam-l2": { lr: 0.02, beta1: 0.8, beta2: 0.99, eps: 1e-6, weightDecay: 0.1 },
  adamw: { lr: 0.01, weightDecay: 0.05, decoupled: true },
};

describe("wasm optimizers against torch.optim", () => {
  for (const c of fixture.optim) {
    it(`${c.name}: three steps, Float32Array state and WasmF32 state give the same trajectory`, () => {
      const n = c.p0.length;
      // Host-memory state (copied in and back each call) …
      const p = Float32Array.from(c.p0);
      const s1 = new Float32Array(n);
      const s2 = new Float32Array(n);
      // … and wasm-resident state (updated in place).
      const wp = wasm.upload(c.p0);
      const w1 = wasm.upload(new Float32Array(n));
      const w2 = wasm.upload(new Float32Array(n));
      c.grads.forEach((g, t) => {
        const grad = Float32Array.from(g);
        const sgd = SGD[c.name];
        const adam = ADAM[c.name];
        if (sgd) {
          const velocity = sgd.momentum ? s1 : undefined;
          wasm.sgdUpdate(p, grad, velocity, { ...sgd, firstStep: t === 0 });
          wasm.sgdUpdate(wp, grad, sgd.momentum ? w1 : undefined, { ...sgd, firstStep: t === 0 });
        } else if (adam) {
          wasm.adamUpdate(p, grad, s1, s2, { ...adam, step: t + 1 });
          wasm.adamUpdate(wp, grad, w1, w2, { ...adam, step: t + 1 });
        } else {
          expect.fail(`no hyperparameters for fixture case ${c.name}`);
        }
        expectClose(p, c.params[t]!, { rtol: 2e-6, atol: 1e-7 }, `${c.name} step ${t + 1}`);
        expect(Array.from(wp.array)).toEqual(Array.from(p));
      });
      for (const b of [wp, w1, w2]) b.free();
    });
  }

  it("rejects bad hyperparameters by name", () => {
    const p = new Float32Array(3);
    const g = new Float32Array(3);
    expect(() => wasm.sgdUpdate(p, g, undefined, { lr: Number.NaN })).toThrow(
      new WasmArgumentError("sgdUpdate: lr = NaN must be a finite number"),
    );
    expect(() => wasm.sgdUpdate(p, g, undefined, { lr: 0.1, momentum: 0.9 })).toThrow(
      /sgdUpdate: momentum = 0.9 needs a velocity buffer/,
    );
    expect(() => wasm.sgdUpdate(p, g, new Float32Array(3), { lr: 0.1, nesterov: true })).toThrow(
      /sgdUpdate: nesterov needs momentum > 0 and dampening = 0/,
    );
    expect(() =>
      wasm.adamUpdate(p, g, new Float32Array(3), new Float32Array(3), { lr: 0.1, step: 0 }),
    ).toThrow(/adamUpdate: step = 0 must be an integer ≥ 1/);
    expect(() =>
      wasm.adamUpdate(p, g, new Float32Array(3), new Float32Array(3), { lr: 0.1, beta1: 1, step: 1 }),
    ).toThrow(/adamUpdate: betas \(1, 0.999\) must lie in \[0, 1\)/);
    expect(() =>
      wasm.adamUpdate(p, g, new Float32Array(2), new Float32Array(3), { lr: 0.1, step: 1 }),
    ).toThrow(/adamUpdate: m has 2 elements, expected 3/);
    expect(() => wasm.adamUpdate(p, g, p, new Float32Array(3), { lr: 0.1, step: 1 })).toThrow(
      /adamUpdate: m is the same buffer as another operand/,
    );
  });
});
