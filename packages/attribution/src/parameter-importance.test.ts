// Taylor and ablation importance, the effect of zeroing biases, and the bias role, on a linear model
// whose loss and gradients are written out by hand.
import { Linear, ReLU, Sequential } from "@paramlens/nn";
import { noGrad, type Tensor, tensor } from "@paramlens/tensor";
import { describe, expect, it } from "vitest";
import { biasRole } from "./bias-role";
import { ablationImportance, taylorImportance, zeroBiasEffect } from "./parameter-importance";
import { expectClose } from "./test-util";

// y = x·wᵀ + b with w [1, 2] = (2, −1), b = 0.5; data x = (1, 1), (2, 0); targets 0, 0
// predictions: 1.5, 4.5; L = Σ (pred − t)² = 2.25 + 20.25 = 22.5
// ∂L/∂w = Σ 2(pred − t)·x = 2·1.5·(1, 1) + 2·4.5·(2, 0) = (21, 3); ∂L/∂b = 2·1.5 + 2·4.5 = 12
function setup(): { params: Record<string, Tensor>; loss: () => Tensor } {
  const w = tensor([[2, -1]]).requiresGrad_();
  const b = tensor([0.5]).requiresGrad_();
  const x = tensor([
    [1, 1],
    [2, 0],
  ]);
  const loss = () => x.matmul(w.transpose(0, 1)).add(b).square().sum();
  return { params: { weight: w, bias: b }, loss };
}

describe("taylorImportance", () => {
  it("is |Σ w·∂L/∂w| per unit and per tensor", () => {
    const { params, loss } = setup();
    const r = taylorImportance(loss, params);
    // weight: 2·21 + (−1)·3 = 39; bias: 0.5·12 = 6
    expect(r.map((e) => [e.name, e.total, e.perUnit])).toEqual([
      ["weight", 39, [39]],
      ["bias", 6, [6]],
    ]);
  });

  it("rejects parameters that do not require grad and unknown names", () => {
    const { loss } = setup();
    expect(() => taylorImportance(loss, { w: tensor([1]) })).toThrow(/parameter "w" does not require grad/);
    expect(() => taylorImportance(loss, setup().params, { names: ["nope"] })).toThrow(
      /no parameter "nope"; known: weight, bias/,
    );
  });
});

describe("ablationImportance", () => {
  it("measures the loss change of zeroing each unit and restores the values", () => {
    const { params, loss } = setup();
    const r = ablationImportance(() => loss().item(), params);
    expect(r.base).toBe(22.5);
    // w = 0: predictions 0.5, 0.5 → L = 0.5 → Δ = −22; b = 0: predictions 1, 4 → L = 17 → Δ = −5.5
    expect(r.entries.map((e) => [e.name, e.total, e.perUnit])).toEqual([
      ["weight", -22, [-22]],
      ["bias", -5.5, [-5.5]],
    ]);
    expect(params.weight!.toArray()).toEqual([2, -1]);
    expect(params.bias!.toArray()).toEqual([0.5]);
  });

  it("zeroes one row of a [out, in] weight per unit, and restores after an error", () => {
    const w = tensor([
      [1, 2],
      [3, 4],
    ]).requiresGrad_();
    const r = ablationImportance(() => w.sum().item(), { w });
    expect(r.entries[0]!.perUnit).toEqual([-3, -7]);
    expect(() =>
      ablationImportance(
        () => {
          if (w.toArray()[0] === 0) throw new Error("boom");
          return 0;
        },
        { w },
      ),
    ).toThrow("boom");
    expect(w.toArray()).toEqual([1, 2, 3, 4]);
  });
});

describe("zeroBiasEffect and biasRole", () => {
  it("reports metrics with and without biases and restores them", () => {
    const { params, loss } = setup();
    const r = zeroBiasEffect(() => ({ loss: loss().item() }), params);
    expect(r).toEqual({ zeroed: ["bias"], before: { loss: 22.5 }, after: { loss: 17 } });
    expect(params.bias!.toArray()).toEqual([0.5]);
  });

  it("compares each bias with its unit's mean |pre-activation|", () => {
    const net = new Sequential(new Linear(2, 2), new ReLU());
    noGrad(() => {
      net.getParameter("0.weight").copy_(
        tensor([
          [1, 0],
          [0, 1],
        ]),
      );
      net.getParameter("0.bias").copy_(tensor([1, -4]));
    });
    // z = x + b over x = (1, 2), (3, −2): unit 0 → 2, 4 (mean 3); unit 1 → −2, −6 (mean 4)
    const [r] = biasRole(
      net,
      ["0"],
      tensor([
        [1, 2],
        [3, -2],
      ]),
    );
    expect(r!.bias).toEqual([1, -4]);
    expect(r!.meanAbsPreActivation).toEqual([3, 4]);
    expectClose(r!.ratio, [1 / 3, 1], 1e-12, 0);
    expect(() => biasRole(net, ["1"], tensor([[1, 2]]))).toThrow(/layer "1" \(ReLU\) has no bias vector/);
  });
});
