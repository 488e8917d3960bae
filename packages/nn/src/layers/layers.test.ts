// Layer behaviour beyond the PyTorch fixtures: train/eval differences (Dropout, BatchNorm), containers,
// the padding row of Embedding, and the errors for bad arguments and bad input shapes.
import { manualSeed, ones, randn, ShapeError, type Tensor, tensor } from "@paramlens/tensor";
import { describe, expect, it } from "vitest";
import { ModuleError } from "../errors";
import { ReLU, Softmax, Tanh } from "./activations";
import { BatchNorm1d, BatchNorm2d } from "./batch-norm";
import { ModuleDict, ModuleList, Sequential } from "./containers";
import { Conv2d } from "./conv2d";
import { Embedding } from "./embedding";
import { Linear } from "./linear";
import { LayerNorm, RMSNorm } from "./norms";
import { AvgPool2d, MaxPool2d } from "./pooling";
import { Dropout, Flatten } from "./shape-layers";

/** toBeCloseTo(want[i], digits) for every element (want [] means all zeros). */
function near(actual: number[], want: readonly number[], digits: number): void {
  for (let i = 0; i < actual.length; i++) expect(actual[i], `index ${i}`).toBeCloseTo(want[i] ?? 0, digits);
}

describe("Dropout", () => {
  it("in training zeroes about p of the elements and scales the rest by 1/(1-p)", () => {
    manualSeed(1);
    const d = new Dropout(0.3);
    const y = d.call(ones([100, 100])).toArray();
    const zeros = y.filter((v) => v === 0).length;
    expect(zeros / y.length).toBeGreaterThan(0.28);
    expect(zeros / y.length).toBeLessThan(0.32);
    for (const v of y) if (v !== 0) expect(v).toBeCloseTo(1 / 0.7, 6);
  });

  it("in eval mode is the identity; p = 0 too; p = 1 drops everything", () => {
    const x = randn([4, 4]);
    const d = new Dropout(0.9).eval();
    expect(d.call(x).toArray()).toEqual(x.toArray());
    expect(new Dropout(0).call(x).toArray()).toEqual(x.toArray());
    expect(
      new Dropout(1)
        .call(x)
        .toArray()
        .every((v) => v === 0),
    ).toBe(true);
    expect(() => new Dropout(1.5)).toThrow("Dropout: p must be in [0, 1], got 1.5");
  });
});

describe("BatchNorm", () => {
  it("training normalizes with batch statistics and updates running stats; eval uses the running stats", () => {
    manualSeed(2);
    const bn = new BatchNorm1d(2);
    const x = tensor([
      [1, 10],
      [3, 20],
      [5, 30],
    ]);
    const y = bn.call(x);
    // per channel: mean 3 and 20, biased var 8/3 and 200/3
    const s1 = Math.sqrt(8 / 3 + 1e-5);
    const s2 = Math.sqrt(200 / 3 + 1e-5);
    const want = [-2 / s1, -10 / s2, 0, 0, 2 / s1, 10 / s2];
    near(y.toArray(), want, 5);
    // running: 0.9·0 + 0.1·mean, 0.9·1 + 0.1·unbiased var (4 and 100)
    near(bn.runningMean!.toArray(), [0.3, 2], 6);
    near(bn.runningVar!.toArray(), [1.3, 10.9], 5);
    expect(bn.numBatchesTracked!.item()).toBe(1);

    bn.eval();
    const z = bn.call(tensor([[0.3, 2]]));
    near(z.toArray(), [], 6);
    expect(bn.numBatchesTracked!.item()).toBe(1); // eval leaves the buffers alone
    near(bn.runningMean!.toArray(), [0.3, 2], 6);
  });

  it("without running stats it has no buffers and always uses batch statistics", () => {
    const bn = new BatchNorm2d(2, { trackRunningStats: false, affine: false });
    expect(Object.keys(bn.stateDict())).toEqual([]);
    expect(bn.parameters()).toEqual([]);
    bn.eval();
    const y = bn.call(randn([3, 2, 2, 2]).mul(5).add(3));
    const m = y.mean([0, 2, 3]).toArray();
    near(m, [], 5);
  });

  it("resetRunningStats restores 0 / 1 / 0", () => {
    const bn = new BatchNorm1d(2);
    bn.call(randn([4, 2]));
    bn.resetRunningStats();
    expect(bn.runningMean!.toArray()).toEqual([0, 0]);
    expect(bn.runningVar!.toArray()).toEqual([1, 1]);
    expect(bn.numBatchesTracked!.item()).toBe(0);
  });

  it("rejects one value per channel in training, wrong channel counts and ranks, bad options", () => {
    const one = new BatchNorm1d(2);
    expect(() => one.call(tensor([[1, 2]]))).toThrow(
      "batchNorm: expected more than 1 value per channel when training, got input [1,2]",
    );
    expect(one.numBatchesTracked!.item()).toBe(0); // the rejected batch left no trace
    expect(one.runningMean!.toArray()).toEqual([0, 0]);
    expect(new BatchNorm1d(2).eval().call(tensor([[1, 2]])).shape).toEqual([1, 2]);
    expect(() => new BatchNorm1d(3).call(randn([4, 2]))).toThrow(
      "BatchNorm1d: [4,2]: expected 3 channels in dim 1, got 2",
    );
    expect(() => new BatchNorm2d(3).call(randn([4, 3]))).toThrow(ShapeError);
    expect(() => new BatchNorm1d(3).call(randn([4, 3, 2, 2]))).toThrow(
      "expected 2-d or 3-d input, got [4,3,2,2]",
    );
    expect(() => new BatchNorm1d(0)).toThrow("BatchNorm1d: numFeatures must be a positive integer, got 0");
    expect(() => new BatchNorm1d(2, { momentum: 2 })).toThrow("momentum must be in [0, 1] or null, got 2");
  });
});

describe("Embedding", () => {
  it("gives the padding row no gradient while returning its stored values", () => {
    const e = new Embedding(4, 2, { paddingIdx: 1 });
    e.weight.data.set([1, 2], 2); // a non-zero padding row (e.g. loaded from a checkpoint)
    const y = e.call(tensor([1, 3, 1], { dtype: "int32" }));
    expect(y.toArray().slice(0, 2)).toEqual([1, 2]);
    y.sum().backward();
    expect(e.weight.grad!.toArray()).toEqual([0, 0, 0, 0, 0, 0, 1, 1]);
  });

  it("checks indices and arguments", () => {
    const e = new Embedding(3, 2);
    expect(() => e.call(tensor([0, 3], { dtype: "int32" }))).toThrow(
      "embedding: index 3 at position 1 is out of range [0, 3)",
    );
    expect(() => e.call(tensor([-1], { dtype: "int32" }))).toThrow("index -1 at position 0 is out of range");
    expect(() => e.call(tensor([0.5]))).toThrow("embedding: indices must be int32, got float32");
    expect(() => new Embedding(3, 2, { paddingIdx: 3 })).toThrow(
      "paddingIdx must be an integer in [-3, 3), got 3",
    );
  });
});

describe("shape errors name the layer and both shapes", () => {
  it("Linear, Conv2d, LayerNorm, RMSNorm, MaxPool2d", () => {
    expect(() => new Linear(4, 2).call(randn([3, 5]))).toThrow(
      "linear: [3,5] and [2,4]: input's last dimension must equal in_features 4",
    );
    expect(() => new Conv2d(3, 4, 3).call(randn([1, 2, 5, 5]))).toThrow(ShapeError);
    expect(() => new Conv2d(3, 4, 3, { groups: 2 })).toThrow(
      "Conv2d: inChannels (3) and outChannels (4) must both be divisible by groups (2)",
    );
    expect(() => new Conv2d(3, 4, 0)).toThrow(
      "Conv2d: kernelSize must be an integer ≥ 1 or a pair of them, got 0",
    );
    expect(() => new LayerNorm(4).call(randn([2, 3]))).toThrow(
      "layerNorm: [2,3] and [4]: input's trailing dimensions must equal normalizedShape [4]",
    );
    expect(() => new RMSNorm([2, 2]).call(randn([2, 3]))).toThrow(ShapeError);
    expect(() => new MaxPool2d(2).call(randn([2, 3]))).toThrow(ShapeError);
    expect(() => new MaxPool2d(2, { padding: 2 })).toThrow(
      "MaxPool2d: padding 2 must be at most half of kernelSize 2",
    );
    expect(() => new AvgPool2d([2, 0])).toThrow(
      "AvgPool2d: kernelSize must be an integer ≥ 1 or a pair of them, got [2,0]",
    );
    expect(() => new MaxPool2d(2, { stride: 0 })).toThrow("MaxPool2d: stride must be an integer ≥ 1");
    expect(() => new Linear(0, 2)).toThrow("Linear: inFeatures must be a positive integer, got 0");
  });
});

describe("containers", () => {
  it("Sequential names children 0, 1, … (PyTorch's state-dict names), indexes and chains them", () => {
    const s = new Sequential(new Linear(3, 4), new ReLU(), new Linear(4, 2));
    expect(Object.keys(s.stateDict())).toEqual(["0.weight", "0.bias", "2.weight", "2.bias"]);
    expect(s.length).toBe(3);
    expect(s.at(-1)).toBe(s.at(2));
    expect([...s].map((m) => m.typeName)).toEqual(["Linear", "ReLU", "Linear"]);
    const x = randn([5, 3]);
    const manual = (s.at(2) as Linear).call((s.at(0) as Linear).call(x).relu());
    expect(s.call(x).toArray()).toEqual(manual.toArray());
    s.append(new Softmax(-1));
    expect(s.namedChildren().map(([n]) => n)).toEqual(["0", "1", "2", "3"]);
    expect(() => s.at(4)).toThrow("Sequential: index 4 is out of range for 4 module(s)");
    const named = Sequential.named({ body: new Tanh(), flat: new Flatten() });
    expect(named.getSubmodule("flat").typeName).toBe("Flatten");
  });

  it("ModuleList and ModuleDict register children but cannot be called", () => {
    const list = new ModuleList([new Linear(2, 2)]).append(new Linear(2, 3));
    expect(list.namedParameters().map(([n]) => n)).toEqual(["0.weight", "0.bias", "1.weight", "1.bias"]);
    expect(list.length).toBe(2);
    expect([...list].length).toBe(2);
    expect(() => list.forward()).toThrow("ModuleList: is not callable");
    expect(() => list.at(2)).toThrow(RangeError);

    const dict = new ModuleDict<Linear>({ a: new Linear(1, 1) }).set("b", new Linear(1, 2));
    expect(dict.keys()).toEqual(["a", "b"]);
    expect(dict.has("b")).toBe(true);
    expect(dict.get("b").outFeatures).toBe(2);
    expect(dict.size).toBe(2);
    expect(Object.keys(dict.stateDict())).toEqual(["a.weight", "a.bias", "b.weight", "b.bias"]);
    expect(() => dict.get("c")).toThrow(ModuleError);
    expect(() => dict.get("c")).toThrow('ModuleDict: no module "c"; keys: a, b');
    expect(() => dict.set("x.y", new Linear(1, 1))).toThrow('name must be a non-empty string without "."');
  });

  it("hooks on a child inside Sequential see the child's input and output", () => {
    const s = new Sequential(new Linear(2, 3), new ReLU());
    const seen: [number[], number[]][] = [];
    s.at(1).registerForwardHook((_m, [x], y) => {
      seen.push([[...(x as Tensor).shape], [...(y as Tensor).shape]]);
    });
    s.call(randn([4, 2]));
    expect(seen).toEqual([
      [
        [4, 3],
        [4, 3],
      ],
    ]);
  });
});
