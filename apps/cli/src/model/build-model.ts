// Builds the untrained module a ModelSpec describes, with nn's builders, so a checkpoint's weights can be
// loaded into it by name. The mlp gets a Flatten in front, so every image model takes [N, 1, 28, 28].
import { Flatten, GPT, type Module, mlpClassifier, Sequential, smallCnn } from "@paramlens/nn";
import type { ModelSpec } from "./model-spec";

export function buildModel(spec: ModelSpec): Module {
  switch (spec.kind) {
    case "mlp":
      // Names "1.weight", "3.weight", …: Flatten is child "0", as nn.Sequential(nn.Flatten(), …) in PyTorch.
      return new Sequential(new Flatten(), ...mlpClassifier(spec.sizes));
    case "cnn":
      return smallCnn(spec.options);
    case "gpt-char":
      return new GPT(spec.config);
  }
}
