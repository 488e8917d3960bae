// summary() runs one forward pass with a hook on every module: output shapes and each module's own counts.
import { BatchNorm2d, Conv2d, Flatten, Linear, MaxPool2d, ReLU, Sequential, summary } from "@paramlens/nn";

const model = new Sequential(
  new Conv2d(1, 4, 3, { padding: 1 }), // weight [4, 1, 3, 3] = 36, bias 4
  new BatchNorm2d(4), // weight 4, bias 4 (+ running statistics as buffers)
  new ReLU(),
  new MaxPool2d(2), // 8×8 → 4×4
  new Flatten(), // [N, 4·4·4] = [N, 64]
  new Linear(64, 10), // 640 + 10
);
const s = summary(model, [2, 1, 8, 8]); // a batch of two 1×8×8 images
console.log(s.totalParams); // → 698
const line = (i: number) => {
  const r = s.rows[i];
  return r && `${r.path} ${r.type} ${JSON.stringify(r.outputShape)} ${r.weightParams}+${r.biasParams}`;
};
console.log(line(1)); // → 0 Conv2d [2,4,8,8] 36+4
console.log(line(4)); // → 3 MaxPool2d [2,4,4,4] 0+0
console.log(line(6)); // → 5 Linear [2,10] 640+10
// formatSummary(s) draws the whole table the way torchinfo does.
