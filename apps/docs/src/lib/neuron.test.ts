import { describe, expect, it } from "vitest";
import { activate, decisionBoundary, isDeadRelu, neuronOutput, preActivation } from "./neuron";

describe("neuron", () => {
  it("computes the weighted sum y = w1·x1 + w2·x2 + b", () => {
    // 0.5·2 + (-1)·3 + 0.25 = -1.75
    expect(preActivation({ w1: 0.5, w2: -1, b: 0.25, activation: "linear" }, 2, 3)).toBe(-1.75);
  });

  it("applies each activation at known points", () => {
    expect(activate("sigmoid", 0)).toBe(0.5);
    expect(activate("sigmoid", Math.log(3))).toBeCloseTo(0.75, 12); // 1/(1+1/3)
    expect(activate("tanh", 0)).toBe(0);
    expect(activate("tanh", Math.atanh(0.5))).toBeCloseTo(0.5, 12);
    expect(activate("relu", -2)).toBe(0);
    expect(activate("relu", 2)).toBe(2);
    expect(activate("linear", -2)).toBe(-2);
    // torch.nn.functional.leaky_relu(torch.tensor([-2., 0., 3.])) → [-0.02, 0., 3.] (negative_slope 0.01)
    expect(activate("leaky-relu", -2)).toBeCloseTo(-0.02, 15);
    expect(activate("leaky-relu", 0)).toBe(0);
    expect(activate("leaky-relu", 3)).toBe(3);
  });

  it("a leaky ReLU is never flagged dead: its output still varies where a ReLU's is 0 everywhere", () => {
    const p = { w1: 1, w2: 1, b: -5, activation: "leaky-relu" as const };
    expect(isDeadRelu(p, 2)).toBe(false);
    expect(neuronOutput(p, -2, -2)).not.toBe(neuronOutput(p, 2, 2));
  });

  it("rejects an unknown activation", () => {
    expect(() => activate("swish" as never, 1)).toThrow(/unknown activation "swish"/);
  });

  it("the bias shifts the output even when every input is zero", () => {
    expect(neuronOutput({ w1: 3, w2: -2, b: 0, activation: "relu" }, 0, 0)).toBe(0);
    expect(neuronOutput({ w1: 3, w2: -2, b: 1.5, activation: "relu" }, 0, 0)).toBe(1.5);
  });

  it("finds the boundary segment of x1 + x2 = 0 across the square", () => {
    const seg = decisionBoundary({ w1: 1, w2: 1, b: 0 }, 2);
    expect(seg).not.toBeNull();
    const pts = (seg ?? []).map(([x, y]) => [x, y]).sort((p, q) => (p[0] ?? 0) - (q[0] ?? 0));
    expect(pts).toEqual([
      [-2, 2],
      [2, -2],
    ]);
  });

  it("finds a vertical boundary x1 = 1 when w2 = 0", () => {
    const seg = decisionBoundary({ w1: 2, w2: 0, b: -2 }, 2);
    expect(seg?.map(([x]) => x)).toEqual([1, 1]);
    expect(seg?.map(([, y]) => y).sort()).toEqual([-2, 2]);
  });

  it("has no boundary when both weights are zero or the line misses the square", () => {
    expect(decisionBoundary({ w1: 0, w2: 0, b: 1 }, 2)).toBeNull();
    expect(decisionBoundary({ w1: 1, w2: 0, b: -5 }, 2)).toBeNull();
    expect(() => decisionBoundary({ w1: 1, w2: 0, b: 0 }, 0)).toThrow(/r must be positive/);
  });

  it("detects a dead ReLU: a large negative bias keeps z ≤ 0 on the whole region", () => {
    expect(isDeadRelu({ w1: 1, w2: 1, b: -5, activation: "relu" }, 2)).toBe(true);
    expect(isDeadRelu({ w1: 1, w2: 1, b: -3, activation: "relu" }, 2)).toBe(false); // z(2,2) = 1
    expect(isDeadRelu({ w1: 1, w2: 1, b: -5, activation: "sigmoid" }, 2)).toBe(false);
  });
});
