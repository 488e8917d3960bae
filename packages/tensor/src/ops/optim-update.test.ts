// sgdStep_ / adamStep_ against three steps of torch.optim (the fixture of the wasm kernels,
// src/backend/wasm/fixtures/wasm-kernels.json), on whichever backend the project runs; argument errors.
import { describe, expect, it } from "vitest";
import fixture from "../backend/wasm/fixtures/wasm-kernels.json";
import { AutogradError, adamStep_, noGrad, ShapeError, sgdStep_, tensor, zeros } from "../index";
import { expectClose } from "../test-util";

const SGD: Record<
  string,
  { lr: number; momentum?: number; dampening?: number; weightDecay?: number; nesterov?: boolean }
> = {
  sgd: { lr: 0.1 },
  "sgd-momentum-wd": { lr: 0.05, momentum: 0.9, dampening: 0.1, weightDecay: 0.01 },
  "sgd-nesterov": { lr: 0.05, momentum: 0.8, nesterov: true },
};
const ADAM: Record<
  string,
  { lr: number; beta1?: number; beta2?: number; eps?: number; weightDecay?: number; decoupled?: boolean }
> = {
  adam: { lr: 0.01, beta1: 0.9, beta2: 0.999, eps: 1e-8 },
  "adam-l2": { lr: 0.02, beta1: 0.8, beta2: 0.99, eps: 1e-6, weightDecay: 0.1 },
  adamw: { lr: 0.01, weightDecay: 0.05, decoupled: true },
};

describe("in-place optimizer steps vs torch.optim", () => {
  for (const c of fixture.optim) {
    it(`${c.name}: three steps`, () => {
      const n = c.p0.length;
      const p = tensor(Float32Array.from(c.p0)).requiresGrad_();
      const s1 = zeros([n]);
      const s2 = zeros([n]);
      c.grads.forEach((g, t) => {
        const grad = tensor(Float32Array.from(g));
        const sgd = SGD[c.name];
        const adam = ADAM[c.name];
        noGrad(() => {
          if (sgd) sgdStep_(p, grad, sgd.momentum ? s1 : null, { ...sgd, firstStep: t === 0 });
          else if (adam) adamStep_(p, grad, s1, s2, { ...adam, step: t + 1 });
          else expect.fail(`no hyperparameters for ${c.name}`);
        });
        expectClose(p.toArray(), c.params[t]!, 1e-7, 2e-6);
      });
    });
  }
  it("refuses to update a parameter that requires grad while recording, and bad state", () => {
    const p = zeros([3]).requiresGrad_();
    const g = zeros([3]);
    expect(() => sgdStep_(p, g, null, { lr: 0.1 })).toThrow(AutogradError);
    noGrad(() => {
      expect(() => sgdStep_(p, zeros([4]), null, { lr: 0.1 })).toThrow(ShapeError);
      expect(() => sgdStep_(p, g, null, { lr: 0.1, momentum: 0.9 })).toThrow(
        "sgdStep_: momentum = 0.9 needs a velocity tensor",
      );
      expect(() => sgdStep_(p, g, null, { lr: Number.NaN })).toThrow("sgdStep_: lr must be finite, got NaN");
      expect(() => adamStep_(p, g, zeros([3]), zeros([3]), { lr: 0.1, step: 0 })).toThrow(
        /step must be an integer ≥ 1/,
      );
      expect(() => adamStep_(p, g, zeros([6]).slice(0, 0, 6, 2), zeros([3]), { lr: 0.1, step: 1 })).toThrow(
        "adamStep_: m [3] must be contiguous",
      );
    });
  });
});
