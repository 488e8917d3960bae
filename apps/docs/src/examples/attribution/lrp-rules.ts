// LRP with a rule per layer: z^B (box) on the first layer, where inputs lie in [0, 1], and ε above it.
// On a bias-free ReLU network the relevances add up to the explained output (conservation).
import { boxRule, epsilonRule, LRP } from "@paramlens/attribution";
import { Linear, ReLU, Sequential } from "@paramlens/nn";
import { noGrad, tensor } from "@paramlens/tensor";

const hidden = new Linear(3, 2, { bias: false });
const head = new Linear(2, 1, { bias: false });
noGrad(() => {
  hidden.weight.copy_(
    tensor([
      [1, -1, 2],
      [0.5, 1, -1],
    ]),
  );
  head.weight.copy_(tensor([[1, 2]]));
});
const model = new Sequential(hidden, new ReLU(), head); // layers named "0", "1", "2"
const x = tensor([[0.5, 0.25, 1]]); // [1, 3], inside the box [0, 1]
const output = noGrad(() => model.call(x).item()); // 1·2.25 + 2·0 = 2.25 (the second unit is off)
console.log(output); // → 2.25

const { attributions } = new LRP(model).attribute(x, {
  target: 0,
  layerRules: { "0": boxRule(0, 1), "2": epsilonRule(1e-9) },
});
const relevance = attributions.toArray();
console.log(Math.abs(relevance.reduce((a, b) => a + b, 0) - output) < 1e-5); // → true
console.log(relevance.every((r) => r >= 0)); // → true
