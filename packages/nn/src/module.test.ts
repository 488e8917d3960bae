import { manualSeed, noGrad, randn, type Tensor, tensor } from "@paramlens/tensor";
import { describe, expect, it } from "vitest";
import { ModuleError, StateDictError } from "./errors";
import { Linear } from "./layers/linear";
import { Module } from "./module";
import { countParameters } from "./parameter-count";

class TwoLayer extends Module {
  fc1: Linear;
  fc2: Linear;
  constructor() {
    super();
    this.fc1 = this.registerModule("fc1", new Linear(3, 4));
    this.fc2 = this.registerModule("fc2", new Linear(4, 2, { bias: false }));
  }
  override forward(x: Tensor): Tensor {
    return this.fc2.call(this.fc1.call(x).relu());
  }
}

class Scale2 extends Module<[Tensor, Tensor], Tensor> {
  override forward(a: Tensor, b: Tensor): Tensor {
    return a.mul(b).mul(2);
  }
}

describe("Module tree", () => {
  it("lists parameters, children and modules with dotted names in registration order", () => {
    const m = new TwoLayer();
    expect(m.namedParameters().map(([n, t]) => [n, t.shape])).toEqual([
      ["fc1.weight", [4, 3]],
      ["fc1.bias", [4]],
      ["fc2.weight", [2, 4]],
    ]);
    expect(m.namedChildren().map(([n]) => n)).toEqual(["fc1", "fc2"]);
    expect(m.namedModules().map(([n, c]) => [n, c.typeName])).toEqual([
      ["", "TwoLayer"],
      ["fc1", "Linear"],
      ["fc2", "Linear"],
    ]);
    expect(m.parameters({ recurse: false })).toEqual([]);
    expect(m.getSubmodule("fc2")).toBe(m.fc2);
    expect(m.getParameter("fc1.bias")).toBe(m.fc1.bias);
    expect(countParameters(m)).toBe(4 * 3 + 4 + 2 * 4);
  });

  it("getSubmodule and getParameter name what is missing", () => {
    const m = new TwoLayer();
    expect(() => m.getSubmodule("fc3")).toThrow(
      'getSubmodule: "fc3": (root) (TwoLayer) has no child "fc3"; children: fc1, fc2',
    );
    expect(() => m.getParameter("fc2.bias")).toThrow(ModuleError);
    expect(() => m.getParameter("fc2.bias")).toThrow(
      'Linear has no parameter "bias"; parameters: weight, bias',
    );
  });

  it("rejects bad and clashing names", () => {
    const m = new Module();
    expect(() => m.registerParameter("a.b", tensor([1]))).toThrow(
      'name must be a non-empty string without ".", got "a.b"',
    );
    m.registerBuffer("x", tensor([1]));
    expect(() => m.registerParameter("x", tensor([1]))).toThrow(
      'cannot register parameter "x": a buffer has that name',
    );
    expect(() => m.registerModule("y", {} as Module)).toThrow('child "y" must be a Module');
    expect(() => m.registerParameter("p", tensor([1]).requiresGrad_().mul(2))).toThrow(
      "must be a leaf tensor",
    );
    expect(() => m.forward(tensor([1]))).toThrow("Module: forward() is not implemented");
  });

  it("dedupes tied parameters in namedParameters and counts, keeps both names in stateDict", () => {
    const a = new Linear(3, 3);
    const b = new Linear(3, 3);
    b.registerParameter("weight", a.weight);
    const root = new Module();
    root.registerModule("a", a);
    root.registerModule("b", b);
    expect(root.namedParameters().map(([n]) => n)).toEqual(["a.weight", "a.bias", "b.bias"]);
    expect(root.namedParameters({ removeDuplicate: false }).length).toBe(4);
    expect(countParameters(root)).toBe(9 + 3 + 3);
    expect(Object.keys(root.stateDict())).toEqual(["a.weight", "a.bias", "b.weight", "b.bias"]);
    // b's forward reads the tied tensor through its getter
    expect(b.weight).toBe(a.weight);
  });

  it("train/eval propagate; apply visits children first; requiresGrad_ freezes", () => {
    const m = new TwoLayer();
    m.eval();
    expect(m.modules().map((x) => x.training)).toEqual([false, false, false]);
    m.train();
    expect(m.fc1.training).toBe(true);
    const seen: string[] = [];
    m.apply((x) => seen.push(x.typeName));
    expect(seen).toEqual(["Linear", "Linear", "TwoLayer"]);
    m.fc1.requiresGrad_(false);
    expect(countParameters(m, { trainableOnly: true })).toBe(8);
    const y = m.call(randn([2, 3])).sum();
    y.backward();
    expect(m.fc1.weight.grad).toBeNull();
    expect(m.fc2.weight.grad).not.toBeNull();
    m.zeroGrad();
    expect(m.fc2.weight.grad).toBeNull();
  });
});

describe("forward hooks", () => {
  it("run in order pre → forward → post, can replace inputs and output, and are removable", () => {
    const lin = new Linear(2, 2);
    const log: string[] = [];
    const h1 = lin.registerForwardPreHook((_m, [x]) => {
      log.push("pre1");
      return [x.mul(0)];
    });
    const h2 = lin.registerForwardPreHook(() => {
      log.push("pre2");
    });
    const h3 = lin.registerForwardHook((_m, _in, out) => {
      log.push("post");
      return out.add(100);
    });
    const y = lin.call(tensor([[1, 2]]));
    expect(log).toEqual(["pre1", "pre2", "post"]);
    expect(y.toArray()).toEqual(lin.bias!.add(100).toArray());
    h1.remove();
    h1.remove();
    h2.remove();
    h3.remove();
    log.length = 0;
    const z = lin.call(tensor([[1, 2]]));
    expect(log).toEqual([]);
    expect(z.toArray()).toEqual(lin.forward(tensor([[1, 2]])).toArray());
  });

  it("a pre-hook that returns a non-array is an error", () => {
    const lin = new Linear(2, 2);
    lin.registerForwardPreHook(((_m: unknown, [x]: [Tensor]) => x) as never);
    expect(() => lin.call(tensor([[1, 2]]))).toThrow("forward pre-hook must return the argument list");
  });
});

describe("full backward hooks", () => {
  it("receive grad wrt inputs and outputs (checked against hand-derived values), output side first", () => {
    const m = new Scale2();
    const a = tensor([1, 2, 3]).requiresGrad_();
    const b = tensor([4, 5, 6]).requiresGrad_();
    const log: string[] = [];
    let gi: readonly (Tensor | null)[] = [];
    let go: readonly (Tensor | null)[] = [];
    m.registerFullBackwardPreHook((_m, gradOutput) => {
      log.push("pre");
      expect(gradOutput[0]!.toArray()).toEqual([1, 1, 1]);
    });
    m.registerFullBackwardHook((_m, gradInput, gradOutput) => {
      log.push("full");
      gi = gradInput;
      go = gradOutput;
    });
    const y = m.call(a, b);
    y.sum().backward();
    expect(log).toEqual(["pre", "full"]);
    // y = 2ab: dy/da = 2b, dy/db = 2a
    expect(gi.map((g) => g!.toArray())).toEqual([
      [8, 10, 12],
      [2, 4, 6],
    ]);
    expect(go.map((g) => g!.toArray())).toEqual([[1, 1, 1]]);
    expect(a.grad!.toArray()).toEqual([8, 10, 12]);
  });

  it("can replace gradInput; null entries for inputs that need no grad; removable", () => {
    const m = new Scale2();
    const a = tensor([1, 2]).requiresGrad_();
    const b = tensor([3, 4]);
    let seen: readonly (Tensor | null)[] = [];
    const h = m.registerFullBackwardHook((_m, gradInput) => {
      seen = gradInput;
      return [gradInput[0]!.mul(10), null];
    });
    m.call(a, b).sum().backward();
    expect(seen[1]).toBeNull();
    expect(a.grad!.toArray()).toEqual([60, 80]);
    h.remove();
    a.grad = null;
    m.call(a, b).sum().backward();
    expect(a.grad!.toArray()).toEqual([6, 8]);
  });

  it("fires with gradInput all null when no input requires grad (parameters only)", () => {
    manualSeed(0);
    const lin = new Linear(2, 3);
    const calls: [(Tensor | null)[], number[]][] = [];
    lin.registerFullBackwardHook((_m, gi, go) => {
      calls.push([[...gi], go[0]!.toArray()]);
    });
    lin
      .call(tensor([[1, 2]]))
      .sum()
      .backward();
    expect(calls).toEqual([[[null], [1, 1, 1]]]);
  });

  it("nest in a model in reverse order of the forward, and do nothing under noGrad", () => {
    const m = new TwoLayer();
    const log: string[] = [];
    m.fc1.registerFullBackwardHook(() => {
      log.push("fc1");
    });
    m.fc2.registerFullBackwardHook(() => {
      log.push("fc2");
    });
    m.call(randn([2, 3]).requiresGrad_())
      .sum()
      .backward();
    expect(log).toEqual(["fc2", "fc1"]);
    noGrad(() => m.call(randn([2, 3])));
    expect(log.length).toBe(2);
  });
});

describe("stateDict / loadStateDict", () => {
  it("round-trips values and shares memory in stateDict", () => {
    manualSeed(1);
    const a = new TwoLayer();
    const b = new TwoLayer();
    const sd = a.stateDict();
    expect(sd["fc1.weight"]!.data).toBe(a.fc1.weight.data);
    expect(b.loadStateDict(sd)).toEqual({ missingKeys: [], unexpectedKeys: [] });
    expect(b.fc1.weight.toArray()).toEqual(a.fc1.weight.toArray());
    expect(b.fc1.weight).not.toBe(a.fc1.weight);
  });

  it("lists missing, unexpected and wrongly shaped keys with both shapes, and copies nothing", () => {
    const m = new TwoLayer();
    const before = m.fc1.bias!.toArray();
    const sd = { ...m.stateDict() } as Record<string, Tensor>;
    delete sd["fc2.weight"];
    sd["fc1.bias"] = tensor([1, 2, 3]);
    sd["fc1.weight"] = randn([4, 3]);
    sd.extra = tensor([0]);
    let err: unknown;
    try {
      m.loadStateDict(sd);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(StateDictError);
    const e = err as StateDictError;
    expect(e.code).toBe("STATE_DICT_MISMATCH");
    expect(e.missingKeys).toEqual(["fc2.weight"]);
    expect(e.unexpectedKeys).toEqual(["extra"]);
    expect(e.message).toBe(
      [
        "loadStateDict: error(s) in loading state dict for TwoLayer:",
        '  missing keys: "fc2.weight"',
        '  unexpected keys: "extra"',
        '  size mismatch for "fc1.bias": checkpoint [3], model [4]',
      ].join("\n"),
    );
    expect(m.fc1.bias!.toArray()).toEqual(before);
  });

  it("non-strict reports missing/unexpected keys but still rejects shape mismatches", () => {
    const m = new TwoLayer();
    const w = randn([2, 4]);
    const r = m.loadStateDict({ "fc2.weight": w, junk: tensor([1]) }, { strict: false });
    expect(r).toEqual({ missingKeys: ["fc1.weight", "fc1.bias"], unexpectedKeys: ["junk"] });
    expect(m.fc2.weight.toArray()).toEqual(w.toArray());
    expect(() => m.loadStateDict({ "fc2.weight": randn([4, 2]) }, { strict: false })).toThrow(
      'size mismatch for "fc2.weight": checkpoint [4,2], model [2,4]',
    );
  });

  it("includes persistent buffers only", () => {
    const m = new Module();
    m.registerBuffer("kept", tensor([1]));
    m.registerBuffer("scratch", tensor([2]), false);
    expect(Object.keys(m.stateDict())).toEqual(["kept"]);
    expect(m.namedBuffers().map(([n]) => n)).toEqual(["kept", "scratch"]);
  });
});
