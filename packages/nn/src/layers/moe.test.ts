// MoE: forward against a dense plain-JS reference (every expert on every token, combined with the gating
// formula of the cited paper), sparse dispatch, gradcheck w.r.t. input, router and experts, ties, errors.
import { manualSeed, mul, randn, sum, Tensor } from "@paramlens/tensor";
import { describe, expect, it } from "vitest";
import { ModelError } from "../models/errors";
import { expectClose, expectModuleGradcheck } from "../test-util";
import type { MLPKind } from "./mlp";
import { MoE, type MoEGating, type MoEOptions } from "./moe";

type Params = Map<string, { data: number[]; shape: readonly number[] }>;

function params(m: MoE): Params {
  return new Map(m.namedParameters().map(([n, p]) => [n, { data: p.toArray(), shape: p.shape }]));
}

/** y = W x + b for one row x, W stored [out, in] as torch.nn.Linear. */
function lin(p: Params, name: string, x: number[]): number[] {
  const w = p.get(`${name}.weight`)!;
  const b = p.get(`${name}.bias`);
  const [o, i] = w.shape as [number, number];
  return Array.from({ length: o }, (_, r) => {
    let s = b ? b.data[r]! : 0;
    for (let c = 0; c < i; c++) s += w.data[r * i + c]! * x[c]!;
    return s;
  });
}

const geluTanh = (v: number) => 0.5 * v * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (v + 0.044715 * v ** 3)));
const siluF = (v: number) => v / (1 + Math.exp(-v));

function mlpRef(p: Params, prefix: string, kind: MLPKind, x: number[]): number[] {
  if (kind === "gelu") return lin(p, `${prefix}.c_proj`, lin(p, `${prefix}.c_fc`, x).map(geluTanh));
  const act = kind === "swiglu" ? siluF : geluTanh;
  const g = lin(p, `${prefix}.gate_proj`, x).map(act);
  const u = lin(p, `${prefix}.up_proj`, x);
  return lin(
    p,
    `${prefix}.down_proj`,
    g.map((v, i) => v * u[i]!),
  );
}

function softmaxArr(v: number[]): number[] {
  const m = Math.max(...v);
  const e = v.map((x) => Math.exp(x - m));
  const z = e.reduce((a, b) => a + b, 0);
  return e.map((x) => x / z);
}

/** Dense reference: all E experts computed for every token, then the gating formula's weights. */
function denseReference(
  m: MoE,
  x: Tensor,
  o: { kind: MLPKind; k: number; gating: MoEGating; nShared: number },
): number[] {
  const p = params(m);
  const d = x.shape[x.ndim - 1]!;
  const flat = x.toArray();
  const out: number[] = [];
  for (let t = 0; t < flat.length / d; t++) {
    const row = flat.slice(t * d, (t + 1) * d);
    const logits = lin(p, "router", row);
    const all = logits.map((_, e) => mlpRef(p, `experts.${e}`, o.kind, row));
    // top-k by descending logit, lower index first among equals
    const top = logits
      .map((l, e) => [l, e] as const)
      .sort((a, b) => b[0] - a[0] || a[1] - b[1])
      .slice(0, o.k)
      .map(([, e]) => e);
    // Mixtral: softmax over the k chosen logits; Switch: softmax over all E, take the chosen ones
    const probs = softmaxArr(logits);
    const w =
      o.gating === "topk-softmax" ? softmaxArr(top.map((e) => logits[e]!)) : top.map((e) => probs[e]!);
    const y = new Array<number>(d).fill(0);
    top.forEach((e, j) => {
      for (let c = 0; c < d; c++) y[c]! += w[j]! * all[e]![c]!;
    });
    for (let s = 0; s < o.nShared; s++) {
      const ys = mlpRef(p, `shared_experts.${s}`, o.kind, row);
      for (let c = 0; c < d; c++) y[c]! += ys[c]!;
    }
    out.push(...y);
  }
  return out;
}

const base = { dModel: 6, nExperts: 4, expertsPerToken: 2, expertDFF: 5 };

describe("MoE forward equals a dense reference", () => {
  const cases: [string, Partial<MoEOptions>][] = [
    ["Mixtral-shaped: swiglu, no biases, top-2 of 4", { kind: "swiglu", bias: false }],
    ["gelu experts with biases, router bias, top-1", { kind: "gelu", expertsPerToken: 1, routerBias: true }],
    ["geglu, top-3, Switch gating", { kind: "geglu", expertsPerToken: 3, gating: "softmax-topk" }],
    ["Switch top-1 gating", { kind: "gelu", expertsPerToken: 1, gating: "softmax-topk" }],
    ["k = E (every expert)", { kind: "swiglu", expertsPerToken: 4 }],
    ["with 2 shared experts of another width", { kind: "swiglu", nSharedExperts: 2, sharedExpertDFF: 3 }],
  ];
  for (const [name, extra] of cases) {
    it(name, () => {
      manualSeed(11);
      const o = { ...base, ...extra };
      const m = new MoE(o);
      const x = randn([2, 5, 6]);
      const y = m.call(x);
      expect(y.shape).toEqual([2, 5, 6]);
      const ref = denseReference(m, x, {
        kind: o.kind ?? "gelu",
        k: o.expertsPerToken,
        gating: o.gating ?? "topk-softmax",
        nShared: o.nSharedExperts ?? 0,
      });
      expectClose(y, new Tensor(Float32Array.from(ref), [2, 5, 6]), name, 1e-5, 1e-4);
    });
  }

  it("runs each expert only on the tokens routed to it (sparse dispatch)", () => {
    manualSeed(3);
    const m = new MoE({ ...base, kind: "swiglu" });
    const x = randn([3, 4, 6]);
    const seen: number[] = [];
    for (const e of m.experts) e.registerForwardHook((_m, inputs) => void seen.push(inputs[0]!.shape[0]!));
    m.call(x);
    const chosen = m.route(m.router.call(x.reshape([12, 6])));
    const counts = new Array<number>(4).fill(0);
    for (const e of chosen) counts[e]!++;
    expect(seen.reduce((a, b) => a + b, 0)).toBe(12 * 2); // N·k rows in all, not N·E
    expect(seen).toEqual(counts.filter((c) => c > 0));
  });

  it("names its parameters router / experts.{i} / shared_experts.{j}", () => {
    const m = new MoE({ ...base, kind: "swiglu", bias: false, routerBias: true, nSharedExperts: 1 });
    const names = m.namedParameters().map(([n]) => n);
    expect(names).toContain("router.weight");
    expect(names).toContain("router.bias");
    expect(names).toContain("experts.3.down_proj.weight");
    expect(names).toContain("shared_experts.0.gate_proj.weight");
    expect(names).not.toContain("experts.0.up_proj.bias");
  });
});

describe("MoE gradients", () => {
  /** A router whose logits for x are far apart, so finite differences never flip the top-k choice. */
  function separated(m: MoE, x: Tensor, margin: number): void {
    const logits = m.router.call(x.reshape([-1, x.shape[x.ndim - 1]!])).toArray();
    const e = m.nExperts;
    for (let t = 0; t < logits.length / e; t++) {
      const row = logits.slice(t * e, (t + 1) * e).sort((a, b) => b - a);
      const k = m.expertsPerToken;
      expect(row[k - 1]! - row[k]!, `token ${t}: gap between chosen and next logit`).toBeGreaterThan(margin);
    }
  }

  for (const [gating, k] of [
    ["topk-softmax", 2],
    ["softmax-topk", 1],
  ] as const) {
    it(`gradcheck w.r.t. input, router and experts (${gating}, k=${k})`, () => {
      manualSeed(5);
      const m = new MoE({ dModel: 3, nExperts: 3, expertsPerToken: k, expertDFF: 2, kind: "swiglu", gating });
      // spread the router's logits so the routing is stable under the gradcheck's 1e-3 steps
      for (const p of m.router.parameters()) p.data.forEach((v, i, a) => void (a[i] = v * 6));
      const x = randn([1, 3, 3]);
      separated(m, x, 0.05);
      expectModuleGradcheck(m, [x]);
    });
  }

  it("the router gets a nonzero gradient through the weights", () => {
    manualSeed(8);
    const m = new MoE({ ...base, kind: "gelu" });
    const x = randn([2, 3, 6]);
    sum(mul(m.call(x), randn([2, 3, 6]))).backward();
    const g = m.router.weight.grad!.toArray();
    expect(g.some((v) => v !== 0)).toBe(true);
  });

  it("top-1 with topk-softmax: every weight is 1, so the router gets no gradient (softmax-topk does)", () => {
    for (const gating of ["topk-softmax", "softmax-topk"] as const) {
      manualSeed(8);
      const m = new MoE({ ...base, expertsPerToken: 1, gating });
      sum(mul(m.call(randn([2, 3, 6])), randn([2, 3, 6]))).backward();
      const g = m.router.weight.grad?.toArray() ?? [];
      expect(
        g.some((v) => v !== 0),
        gating,
      ).toBe(gating === "softmax-topk");
    }
  });
});

describe("MoE ties", () => {
  it("equal router logits: the lowest expert indices win, weights split evenly (topk-softmax)", () => {
    manualSeed(2);
    const m = new MoE({ ...base, kind: "swiglu", routerBias: true });
    m.router.weight.data.fill(0);
    m.router.bias!.data.fill(0.7); // every logit 0.7 for every token
    const x = randn([1, 3, 6]);
    expect([...m.route(m.router.call(x.reshape([3, 6])))]).toEqual([0, 1, 0, 1, 0, 1]);
    const e0 = m.experts.at(0).call(x);
    const e1 = m.experts.at(1).call(x);
    expectClose(m.call(x), e0.add(e1).mul(0.5), "0.5·E0 + 0.5·E1");
  });

  it("a partial tie: [1, 3, 3, 0] with k = 1 picks expert 1; with k = 3 picks 1, 2, 0", () => {
    const logits = new Tensor(Float32Array.from([1, 3, 3, 0]), [1, 4]);
    expect([...new MoE({ ...base, expertsPerToken: 1 }).route(logits)]).toEqual([1]);
    expect([...new MoE({ ...base, expertsPerToken: 3 }).route(logits)]).toEqual([1, 2, 0]);
  });
});

describe("MoE errors name the field and value", () => {
  const bad: [Partial<MoEOptions>, RegExp][] = [
    [{ expertsPerToken: 5 }, /MoE: expertsPerToken 5 exceeds nExperts 4/],
    [{ nExperts: 0 }, /MoE: nExperts must be a positive integer, got 0/],
    [{ nExperts: 2.5 }, /MoE: nExperts must be a positive integer, got 2.5/],
    [{ expertsPerToken: 0 }, /MoE: expertsPerToken must be a positive integer, got 0/],
    [{ expertDFF: -1 }, /MoE: expertDFF must be a positive integer, got -1/],
    [{ nSharedExperts: -1 }, /MoE: nSharedExperts must be a non-negative integer, got -1/],
    [{ gating: "noisy" as MoEGating }, /MoE: gating must be .* got "noisy"/],
  ];
  for (const [extra, msg] of bad) {
    it(JSON.stringify(extra), () => {
      expect(() => new MoE({ ...base, ...extra })).toThrow(ModelError);
      expect(() => new MoE({ ...base, ...extra })).toThrow(msg);
    });
  }
  it("route() checks the logits shape against nExperts", () => {
    const m = new MoE(base);
    expect(() => m.route(new Tensor(new Float32Array(6), [2, 3]))).toThrow(
      /MoE.route: logits must be \[N, 4\] \(nExperts\), got \[2, 3\]/,
    );
  });
  it("an input whose last dimension is not dModel is an error", () => {
    expect(() => new MoE(base).call(randn([2, 5]))).toThrow(
      /MoE: x must be \[\.\.\., 6\] \(dModel\), got \[2, 5\]/,
    );
  });
  it("NaN router logits are an error, not an arbitrary routing", () => {
    const m = new MoE(base);
    const x = new Tensor(Float32Array.from([Number.NaN, 0, 0, 0, 0, 0]), [1, 6]);
    expect(() => m.call(x)).toThrow(/MoE: router logit of expert 0 is NaN for token 0/);
  });
});
