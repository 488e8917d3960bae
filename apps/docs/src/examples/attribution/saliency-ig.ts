// Saliency and Integrated Gradients on a tiny model, where both answers can be worked out by hand.
import { IntegratedGradients, Saliency } from "@paramlens/attribution";
import { Linear } from "@paramlens/nn";
import { noGrad, tensor } from "@paramlens/tensor";

// A linear model y = 1·x0 − 2·x1 + 3·x2: its gradient is the weight row, whatever the input.
const linear = new Linear(3, 1, { bias: false });
noGrad(() => linear.weight.copy_(tensor([[1, -2, 3]])));
const x = tensor([[1, 2, 3]]); // [1, 3]: one example, three features

const saliency = new Saliency(linear).attribute(x, { target: 0 }); // |∂y/∂x|
console.log(saliency.attributions.toArray()); // → 1,2,3

// A nonlinear model f(x) = Σ x²: from the all-zero baseline, IG gives exactly x² per feature, and the
// attributions add up to f(x) − f(0) = 1 + 4 + 9 = 14 (completeness).
const square = (t: typeof x) => t.square().sum(1); // [N, 3] → [N]
const ig = new IntegratedGradients(square).attribute(x, {
  baselines: 0,
  nSteps: 16,
  returnConvergenceDelta: true, // Σ attributions − (f(x) − f(baseline)), per example
});
console.log(ig.attributions.toArray().map((v) => +v.toFixed(4))); // → 1,4,9
console.log(Math.abs(ig.delta?.[0] ?? Number.NaN) < 1e-4); // → true
