// The README's runnable example, kept verbatim as a test: a 2-layer network built from raw ops learns
// y = sin(x) with plain gradient descent, and the loss goes down.
import { expect, it } from "vitest";
import { linspace, manualSeed, noGrad, randn, zeros } from "./index";

it("README example: a 2-layer net from raw ops trains and its loss goes down", () => {
  manualSeed(0);
  const x = linspace(-3, 3, 64).reshape([64, 1]); // [64, 1]
  const y = x.sin(); // [64, 1] targets

  const w1 = randn([1, 32]).requiresGrad_(); // [1, 32]
  const b1 = zeros([32]).requiresGrad_(); // [32], broadcast over the batch
  const w2 = randn([32, 1]).mul(0.1).requiresGrad_(); // [32, 1]
  const b2 = zeros([1]).requiresGrad_();
  const params = [w1, b1, w2, b2];

  const losses: number[] = [];
  for (let step = 0; step < 300; step++) {
    const h = x.matmul(w1).add(b1).tanh(); // [64, 32]
    const pred = h.matmul(w2).add(b2); // [64, 1]
    const loss = pred.sub(y).square().mean(); // []
    loss.backward(); // fills p.grad for every parameter
    noGrad(() => {
      for (const p of params) {
        p.copy_(p.sub(p.grad!.mul(0.03))); // p ← p − lr·∂loss/∂p
        p.zeroGrad();
      }
    });
    losses.push(loss.item());
  }

  expect(losses[0]).toBeGreaterThan(0.1);
  expect(losses.at(-1)!).toBeLessThan(losses[0]! / 10);
  // Steady descent, not luck: the loss every 50 steps never goes up.
  for (let s = 50; s < 300; s += 50) expect(losses[s]!).toBeLessThan(losses[s - 50]!);
});
