// Parameter groups as in torch.optim: weight decay on the matrices only (nanoGPT's rule: biases and norm
// weights are the 1-D parameters), and one group's learning rate changed on its own.
import { AdamW, mlpClassifier } from "@paramlens/nn";
import { manualSeed } from "@paramlens/tensor";

manualSeed(0);
const model = mlpClassifier([4, 8, 3]); // Linear 4→8, ReLU, Linear 8→3
const params = model.parameters();
const optimizer = new AdamW(
  [
    { params: params.filter((p) => p.ndim >= 2) }, // the two weight matrices
    { params: params.filter((p) => p.ndim < 2), weightDecay: 0 }, // the two biases
  ],
  { lr: 3e-3, weightDecay: 0.1 },
);
console.log(optimizer.paramGroups.map((g) => `${g.params.length} params, decay ${g.weightDecay}`).join("; ")); // → 2 params, decay 0.1; 2 params, decay 0

optimizer.paramGroups[1]!.lr = 1e-3; // the biases only
console.log(optimizer.paramGroups.map((g) => g.lr).join()); // → 0.003,0.001
