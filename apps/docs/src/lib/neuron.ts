// The single neuron behind the playground: y = f(w1·x1 + w2·x2 + b), its decision boundary on a square
// input region, and whether a ReLU is dead there. Pure maths, no DOM; the island only draws what this
// returns.

export type Activation = "linear" | "sigmoid" | "tanh" | "relu" | "leaky-relu";

export const ACTIVATIONS: readonly Activation[] = ["linear", "sigmoid", "tanh", "relu", "leaky-relu"];

// Leaky ReLU's slope below zero: 0.01 as in Maas, Hannun & Ng 2013, "Rectifier Nonlinearities Improve
// Neural Network Acoustic Models" (https://ai.stanford.edu/~amaas/papers/relu_hybrid_icml2013_final.pdf),
// and PyTorch's torch.nn.LeakyReLU default negative_slope=0.01.
export const LEAKY_SLOPE = 0.01;

export interface NeuronParams {
  w1: number;
  w2: number;
  b: number;
  activation: Activation;
}

/** The weighted sum z = w1·x1 + w2·x2 + b (the "pre-activation"). */
export function preActivation(p: NeuronParams, x1: number, x2: number): number {
  return p.w1 * x1 + p.w2 * x2 + p.b;
}

/** Applies the activation function to a pre-activation z. */
export function activate(activation: Activation, z: number): number {
  switch (activation) {
    case "linear":
      return z;
    case "sigmoid":
      return 1 / (1 + Math.exp(-z));
    case "tanh":
      return Math.tanh(z);
    case "relu":
      return Math.max(0, z);
    case "leaky-relu":
      return z > 0 ? z : LEAKY_SLOPE * z;
    default:
      throw new Error(`activate: unknown activation ${JSON.stringify(activation satisfies never)}`);
  }
}

/** The neuron's output y = f(z). */
export function neuronOutput(p: NeuronParams, x1: number, x2: number): number {
  return activate(p.activation, preActivation(p, x1, x2));
}

/**
 * The value of y where z = 0, i.e. the output on the decision boundary: 0 for linear, tanh and (leaky) ReLU,
 * 0.5 for the sigmoid. Inputs with z > 0 are on the "positive" side.
 */
export function boundaryOutput(activation: Activation): number {
  return activate(activation, 0);
}

/**
 * The segment of the line w1·x1 + w2·x2 + b = 0 inside the square [-r, r]², or null when the line misses
 * the square or does not exist (w1 = w2 = 0: then z = b everywhere and every input lies on one side).
 */
export function decisionBoundary(
  p: Pick<NeuronParams, "w1" | "w2" | "b">,
  r: number,
): [[number, number], [number, number]] | null {
  if (!(r > 0)) throw new RangeError(`decisionBoundary: r must be positive, got ${r}`);
  const { w1, w2, b } = p;
  if (w1 === 0 && w2 === 0) return null;
  const points: [number, number][] = [];
  const push = (x: number, y: number) => {
    if (x < -r - 1e-12 || x > r + 1e-12 || y < -r - 1e-12 || y > r + 1e-12) return;
    if (points.some(([px, py]) => Math.abs(px - x) < 1e-9 && Math.abs(py - y) < 1e-9)) return;
    points.push([x, y]);
  };
  // Intersect with the four edges of the square.
  if (w2 !== 0) {
    push(-r, (-b - w1 * -r) / w2);
    push(r, (-b - w1 * r) / w2);
  }
  if (w1 !== 0) {
    push((-b - w2 * -r) / w1, -r);
    push((-b - w2 * r) / w1, r);
  }
  if (points.length < 2) return null;
  const [a, c] = points as [[number, number], [number, number]];
  return [a, c];
}

/**
 * A ReLU is dead on the region when z ≤ 0 at every input in [-r, r]²: its output and its gradient are
 * zero everywhere, so gradient descent can never move its weights again. z is linear, so checking the
 * four corners is enough.
 */
export function isDeadRelu(p: NeuronParams, r: number): boolean {
  if (p.activation !== "relu") return false;
  const corners: [number, number][] = [
    [-r, -r],
    [-r, r],
    [r, -r],
    [r, r],
  ];
  return corners.every(([x1, x2]) => preActivation(p, x1, x2) <= 0);
}
