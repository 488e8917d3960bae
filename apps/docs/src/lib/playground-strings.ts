// Every label of the neuron playground in English and Simplified Chinese. Text only; the island picks a
// table by the page's locale.
import type { Activation } from "./neuron";

export interface PlaygroundStrings {
  inputs: string;
  parameters: string;
  activation: string;
  activations: Record<Activation, string>;
  weightedSum: string;
  output: string;
  boundary: string;
  noBoundary: string;
  dead: string;
  alive: string;
  leaky: string;
  plotLabel: string;
  reset: string;
}

export const playgroundStrings: Record<"en" | "zh-cn", PlaygroundStrings> = {
  en: {
    inputs: "Inputs",
    parameters: "Parameters (the weights and the bias)",
    activation: "Activation",
    activations: {
      linear: "linear (none)",
      sigmoid: "sigmoid",
      tanh: "tanh",
      relu: "ReLU",
      "leaky-relu": "leaky ReLU",
    },
    weightedSum: "weighted sum z = w1·x1 + w2·x2 + b",
    output: "output y = f(z)",
    boundary: "Decision boundary: w1·x1 + w2·x2 + b = 0",
    noBoundary: "No boundary inside the square: every input lands on the same side.",
    dead: "This ReLU is dead on the whole square: z ≤ 0 everywhere, so its output and gradient are 0 and training can never revive it.",
    alive: "Some inputs give z > 0.",
    leaky:
      "Leaky ReLU: for z < 0 the output is 0.01·z instead of 0, so its gradient is never zero and, unlike a ReLU, it cannot die.",
    plotLabel:
      "Output of the neuron over the input square [-2, 2]², with the decision boundary and the current input",
    reset: "Reset",
  },
  "zh-cn": {
    inputs: "输入",
    parameters: "参数（权重与偏置）",
    activation: "激活函数",
    activations: {
      linear: "线性（无）",
      sigmoid: "sigmoid",
      tanh: "tanh",
      relu: "ReLU",
      "leaky-relu": "Leaky ReLU（带泄漏的 ReLU）",
    },
    weightedSum: "加权和 z = w1·x1 + w2·x2 + b",
    output: "输出 y = f(z)",
    boundary: "决策边界：w1·x1 + w2·x2 + b = 0",
    noBoundary: "方框内没有边界：所有输入都落在同一侧。",
    dead: "这个 ReLU 在整个方框内都已“死亡”：处处 z ≤ 0，输出和梯度都是 0，训练再也无法让它复活。",
    alive: "有些输入使 z > 0。",
    leaky: "Leaky ReLU：z < 0 时输出 0.01·z 而不是 0，所以梯度永远不为零，它不会像 ReLU 那样“死亡”。",
    plotLabel: "神经元在输入方框 [-2, 2]² 上的输出，以及决策边界和当前输入",
    reset: "重置",
  },
};
