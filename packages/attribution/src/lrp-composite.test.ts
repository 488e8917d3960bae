// Per-layer LRP rules (γ, αβ, z^B box, identity) and composites: hand-computed two-layer examples from the
// formulas of Montavon et al. 2019, an independent dense-net reference written from those formulas, the
// conservation and limit properties the overview states, per-layer assignment, and the errors.
import { Conv2d, Flatten, Linear, MaxPool2d, type Module, ReLU, Sequential } from "@paramlens/nn";
import { noGrad, type Tensor, tensor } from "@paramlens/tensor";
import { describe, expect, it } from "vitest";
import { AttributionError } from "./errors";
import { InputXGradient } from "./input-x-gradient";
import type { LayerRef } from "./layer";
import { LRP } from "./lrp";
import {
  alphaBetaRule,
  boxRule,
  epsilonGammaBoxComposite,
  epsilonPlusComposite,
  epsilonRule,
  gammaRule,
  identityRule,
  type LrpRule,
  LrpRuleError,
  zPlusRule,
} from "./lrp-rules";
import { expectClose, fixedValues } from "./test-util";

function load(m: Module, values: Record<string, Tensor>): void {
  noGrad(() => {
    for (const [k, v] of Object.entries(values)) m.getParameter(k).copy_(v);
  });
}

/** x = (2, 1) → W1 = [[1, −1], [2, 1]] → ReLU → W2 = [[1, 2]]; z1 = (1, 5) = a, f = 11 (no biases). */
function smallNet(w1 = [1, -1, 2, 1]): Sequential {
  const net = new Sequential(
    new Linear(2, 2, { bias: false }),
    new ReLU(),
    new Linear(2, 1, { bias: false }),
  );
  load(net, { "0.weight": tensor(w1, [2, 2]), "2.weight": tensor([[1, 2]]) });
  return net;
}

const lrp0 = epsilonRule(0);

function attr(net: Module, x: Tensor, opts: Parameters<LRP["attribute"]>[1] = {}): number[] {
  return Array.from(new LRP(net).attribute(x, opts).attributions.toArray());
}

describe("LRP rules: hand-computed two-layer examples", () => {
  const x = tensor([[2, 1]]);

  it("γ = 1 on both layers", () => {
    // top: w + γw⁺ = (2, 4), z_γ = 1·2 + 5·4 = 22, R_a = (2, 20)/22 · 11 = (1, 10).
    // unit 1: w + γw⁺ = (2, −1), z_γ = 4 − 1 = 3, sends (4, −1)/3 · 1;
    // unit 2: w + γw⁺ = (4, 2), z_γ = 10, sends (8, 2)/10 · 10 = (8, 2).
    expectClose(attr(smallNet(), x, { rule: gammaRule(1) }), [4 / 3 + 8, -1 / 3 + 2], 1e-5);
  });

  it("αβ with α = 2, β = 1 on the first layer, LRP-0 on top", () => {
    // W1 = [[1, −1], [−1, 3]]: z1 = (1, 1) = a, f = 1 + 2 = 3; top LRP-0: R_a = (1, 2).
    // unit 1: contributions (2, −1), z⁺ = 2, z⁻ = −1: 2·(2, 0)/2·1 − 1·(0, −1)/(−1)·1 = (2, −1).
    // unit 2: contributions (−2, 3), z⁺ = 3, z⁻ = −2: 2·(0, 3)/3·2 − 1·(−2, 0)/(−2)·2 = (−2, 4).
    const net = smallNet([1, -1, -1, 3]);
    const r = attr(net, x, { rule: lrp0, layerRules: { "0": alphaBetaRule(2, 1) } });
    expectClose(r, [0, 3], 1e-5);
    expect(r[0]! + r[1]!).toBeCloseTo(3, 5); // α − β = 1 conserves when both signs occur
  });

  it("αβ with a unit that has no negative contribution sends α·R (the rule's known caveat)", () => {
    // smallNet, αβ(2, 1) on layer 0: unit 2's contributions (4, 1) are all positive, z⁻ = 0, so it sends
    // 2·(4, 1)/5·10 = (16, 4); unit 1 (contributions (2, −1)) sends (2, −1). Σ = 21, not f = 11.
    expectClose(attr(smallNet(), x, { rule: lrp0, layerRules: { "0": alphaBetaRule(2, 1) } }), [18, 3], 1e-5);
  });

  it("z^B with scalar and per-feature bounds on the first layer", () => {
    // top LRP-0: R_a = (1, 10). Scalar l = 0, h = 3:
    // unit 1, w = (1, −1): x w − l w⁺ − h w⁻ = (2, −1 + 3) = (2, 2), sends (2, 2)/4 · 1 = (0.5, 0.5);
    // unit 2, w = (2, 1): (4, 1), sends (4, 1)/5 · 10 = (8, 2).
    const net = smallNet();
    expectClose(attr(net, x, { rule: lrp0, layerRules: { "0": boxRule(0, 3) } }), [8.5, 2.5], 1e-5);
    // l = (−1, 0), h = (3, 2): unit 1: (2 + 1, −1 + 2) = (3, 1) → (0.75, 0.25);
    // unit 2: (4 + 2, 1 − 0) = (6, 1) → (60, 10)/7.
    const box = boxRule(tensor([-1, 0]), tensor([3, 2]));
    expectClose(attr(net, x, { rule: lrp0, layerRules: { "0": box } }), [0.75 + 60 / 7, 0.25 + 10 / 7], 1e-5);
  });

  it("z^B gives relevance to an input equal to 0 (x ⊙ gradient cannot)", () => {
    // x = (0, 1): z1 = (−1, 1), a = (0, 1), f = 2, R_a = (0, 2). Unit 2, w = (2, 1), l = −1, h = 1:
    // terms (0 + 2, 1 + 1) = (2, 2), sends (1, 1).
    const r = attr(smallNet(), tensor([[0, 1]]), { rule: lrp0, layerRules: { "0": boxRule(-1, 1) } });
    expectClose(r, [1, 1], 1e-5);
  });

  it("z^B behind a Flatten equals z^B on the flat input", () => {
    // the box layer receives the flattened input: same values, so the same shares as on [N, 4] rows
    const w1 = fixedValues(501, [3, 4], 0.8);
    const w2 = fixedValues(502, [2, 3], 0.8);
    const image = new Sequential(
      new Flatten(),
      new Linear(4, 3, { bias: false }),
      new ReLU(),
      new Linear(3, 2, { bias: false }),
    );
    load(image, { "1.weight": w1, "3.weight": w2 });
    const flat = new Sequential(
      new Linear(4, 3, { bias: false }),
      new ReLU(),
      new Linear(3, 2, { bias: false }),
    );
    load(flat, { "0.weight": w1, "2.weight": w2 });
    const xi = fixedValues(503, [2, 1, 2, 2]);
    const ri = attr(image, xi, { target: 1, rule: lrp0, layerRules: { "1": boxRule(-3, 3) } });
    const rf = attr(flat, xi.reshape([2, 4]), { target: 1, rule: lrp0, layerRules: { "0": boxRule(-3, 3) } });
    expectClose(ri, rf, 1e-6);
    const f = flat.call(xi.reshape([2, 4])).toNested() as number[][];
    expect(ri.slice(0, 4).reduce((s, v) => s + v, 0)).toBeCloseTo(f[0]![1]!, 4);
  });

  it("identity on a square layer passes relevance unchanged", () => {
    // R at layer 0's output (LRP-0 on top) is (1, 10); identity hands it to x as is.
    expectClose(attr(smallNet(), x, { rule: lrp0, layerRules: { "0": identityRule() } }), [1, 10], 1e-5);
  });

  it("identity on ReLU is what ReLU does anyway (R_out = 0 wherever the input is ≤ 0)", () => {
    const xs = fixedValues(504, [4, 2]);
    const plain = attr(smallNet(), xs, { rule: gammaRule(0.5) });
    expectClose(
      attr(smallNet(), xs, { rule: gammaRule(0.5), layerRules: { "1": identityRule() } }),
      plain,
      1e-6,
    );
  });
});

type DenseRule = Exclude<LrpRule, { kind: "identity" }>;

/**
 * Dense ReLU nets, straight from the overview's formulas (explicit sums, float64): layers[i] is
 * { w: [out][in], b?: [out] }, ReLU between layers; rules[i] is the rule of layer i.
 */
function referenceLrp(
  layers: { w: number[][]; b?: number[] }[],
  x: number[],
  rules: DenseRule[],
  target: number,
): number[] {
  const acts: number[][] = [x];
  const zs: number[][] = [];
  for (let l = 0; l < layers.length; l++) {
    const { w, b } = layers[l]!;
    const a = acts[l]!;
    const z = w.map((row, k) => row.reduce((s, wk, j) => s + wk * a[j]!, b?.[k] ?? 0));
    zs.push(z);
    acts.push(l === layers.length - 1 ? z : z.map((v) => Math.max(v, 0)));
  }
  let rel = zs[layers.length - 1]!.map((v, k) => (k === target ? v : 0));
  for (let l = layers.length - 1; l >= 0; l--) {
    const { w, b } = layers[l]!;
    const a = acts[l]!;
    const rule = rules[l]!;
    const next = a.map(() => 0);
    w.forEach((row, k) => {
      const bias = b?.[k] ?? 0;
      const rk = rel[k]!;
      const div = (n: number, d: number) => (d === 0 ? 0 : n / d);
      if (rule.kind === "epsilon" || rule.kind === "gamma") {
        const g = rule.kind === "gamma" ? rule.gamma : 0;
        const wm = row.map((v) => v + g * Math.max(v, 0));
        let z = wm.reduce((s, v, j) => s + a[j]! * v, bias + g * Math.max(bias, 0));
        if (rule.kind === "epsilon") z += z >= 0 ? rule.epsilon : -rule.epsilon;
        row.forEach((_, j) => {
          next[j]! += div(a[j]! * wm[j]! * rk, z);
        });
      } else if (rule.kind === "zplus") {
        const z = row.reduce((s, v, j) => s + a[j]! * Math.max(v, 0), 0);
        row.forEach((v, j) => {
          next[j]! += div(a[j]! * Math.max(v, 0) * rk, z);
        });
      } else if (rule.kind === "alphabeta") {
        const c = row.map((v, j) => a[j]! * v);
        const zp = c.reduce((s, v) => s + Math.max(v, 0), Math.max(bias, 0));
        const zn = c.reduce((s, v) => s + Math.min(v, 0), Math.min(bias, 0));
        c.forEach((v, j) => {
          next[j]! += rule.alpha * div(Math.max(v, 0) * rk, zp) - rule.beta * div(Math.min(v, 0) * rk, zn);
        });
      } else {
        const lo = rule.low as number;
        const hi = rule.high as number;
        const t = row.map((v, j) => a[j]! * v - lo * Math.max(v, 0) - hi * Math.min(v, 0));
        const z = t.reduce((s, v) => s + v, 0);
        t.forEach((v, j) => {
          next[j]! += div(v * rk, z);
        });
      }
    });
    rel = next;
  }
  return rel;
}

describe("LRP per-layer rules against the formula reference", () => {
  const shapes = [
    [5, 6],
    [4, 5],
    [3, 4],
  ] as const;
  const layers = shapes.map(([o, i], l) => ({
    w: fixedValues(300 + l, [o, i], 0.7).toNested() as number[][],
    b: fixedValues(310 + l, [o], 0.3).toNested() as number[],
  }));
  function mlp(): Sequential {
    const net = new Sequential(new Linear(6, 5), new ReLU(), new Linear(5, 4), new ReLU(), new Linear(4, 3));
    layers.forEach((l, i) => {
      load(net, { [`${2 * i}.weight`]: tensor(l.w), [`${2 * i}.bias`]: tensor(l.b) });
    });
    return net;
  }
  const xs = [0, 1, 2].map((s) => fixedValues(320 + s, [6]).toNested() as number[]);
  const eps = epsilonRule(0.01) as DenseRule;

  const cases: [string, DenseRule[]][] = [
    ["ε everywhere", [eps, eps, eps]],
    ["γ below, ε above", [gammaRule(0.5), gammaRule(0.25), eps] as DenseRule[]],
    ["αβ(2, 1) in the middle", [eps, alphaBetaRule(2, 1), eps] as DenseRule[]],
    ["box first, z⁺, ε", [boxRule(-3, 3), zPlusRule(), eps] as DenseRule[]],
    ["αβ(1, 0) on signed inputs, γ, z⁺", [alphaBetaRule(1, 0), gammaRule(2), zPlusRule()] as DenseRule[]],
  ];
  for (const [label, rules] of cases) {
    it(`${label}: equals the reference (with biases, signed inputs)`, () => {
      const net = mlp();
      const map = new Map<string, LrpRule>(rules.map((r, i) => [String(2 * i), r]));
      const got = new LRP(net).attribute(tensor(xs), { target: [0, 1, 2], layerRules: map }).attributions;
      const want = xs.flatMap((x, n) => referenceLrp(layers, x, rules, n));
      expectClose(got.toArray(), want, 1e-5, 1e-4);
    });
  }

  it("a layer's rule changes only that layer: the other layers match the uniform run", () => {
    // with the bottom layer identical (ε), changing the top rule must equal the reference with only the top
    // rule changed, and assigning a layer its default rule explicitly changes nothing.
    const net = mlp();
    const x = tensor(xs);
    const uniform = new LRP(net).attribute(x, { target: 1, epsilon: 0.01 }).attributions.toArray();
    const explicit = new LRP(net)
      .attribute(x, { target: 1, epsilon: 0.01, layerRules: { "2": eps } })
      .attributions.toArray();
    expect(Array.from(explicit)).toEqual(Array.from(uniform));
    const topGamma = new LRP(net)
      .attribute(x, { target: 1, epsilon: 0.01, layerRules: { "4": gammaRule(1) } })
      .attributions.toArray();
    const want = xs.flatMap((v) => referenceLrp(layers, v, [eps, eps, gammaRule(1) as DenseRule], 1));
    expectClose(topGamma, want, 1e-5, 1e-4);
    expect(Math.max(...Array.from(topGamma, (v, i) => Math.abs(v - uniform[i]!)))).toBeGreaterThan(1e-3);
  });

  it("layers named by path, by module (Map), by record and by function give the same map", () => {
    const net = mlp();
    const x = tensor(xs);
    const g = gammaRule(0.3);
    const run = (layerRules: Parameters<LRP["attribute"]>[1]) =>
      Array.from(new LRP(net).attribute(x, { target: 0, ...layerRules }).attributions.toArray());
    const byPath = run({ layerRules: new Map([["2", g]]) });
    expect(run({ layerRules: new Map([[net.getSubmodule("2"), g]]) })).toEqual(byPath);
    expect(run({ layerRules: { "2": g } })).toEqual(byPath);
    expect(run({ layerRules: (_m, i) => (i === 2 ? g : undefined) })).toEqual(byPath);
    expect(run({ layerRules: (_m, _i, info) => (info.weightedIndex === 1 ? g : undefined) })).toEqual(byPath);
    expect(run({ layerRules: (_m, _i, info) => (info.name === "2" ? g : undefined) })).toEqual(byPath);
  });
});

describe("LRP rule properties on a bias-free ReLU conv net", () => {
  /** conv → ReLU → max-pool → conv → ReLU → flatten → linear → ReLU → linear, no biases */
  function net(): Sequential {
    const m = new Sequential(
      new Conv2d(1, 3, 3, { bias: false, padding: 1 }),
      new ReLU(),
      new MaxPool2d(2),
      new Conv2d(3, 2, 2, { bias: false }),
      new ReLU(),
      new Flatten(),
      new Linear(8, 6, { bias: false }),
      new ReLU(),
      new Linear(6, 3, { bias: false }),
    );
    load(m, {
      "0.weight": fixedValues(401, [3, 1, 3, 3], 0.6),
      "3.weight": fixedValues(402, [2, 3, 2, 2], 0.6),
      "6.weight": fixedValues(403, [6, 8], 0.5),
      "8.weight": fixedValues(404, [3, 6], 0.5),
    });
    return m;
  }
  // non-negative inputs (as pixels): z⁺ = Σ_j a_j w⁺_jk is then ≥ 0 on every layer. On signed inputs a
  // first-layer unit can have z⁺ = 0 with R ≠ 0 (its positive weights meet padding or x ≤ 0), and z⁺
  // drops that relevance.
  const x = fixedValues(405, [3, 1, 6, 6]).abs();
  const m = net();
  const out = m.call(x).toNested() as number[][];
  // per example, the output with the largest value (positive here, so z⁺-type rules have relevance to pass)
  const target = out.map((row) => row.indexOf(Math.max(...row)));
  const f = out.map((row, n) => row[target[n]!]!);

  function sums(opts: Parameters<LRP["attribute"]>[1]): number[] {
    const r = new LRP(m).attribute(x, { target, ...opts }).attributions;
    return Array.from(r.sum([1, 2, 3]).toArray());
  }

  it("the chosen outputs are positive", () => {
    for (const v of f) expect(v).toBeGreaterThan(0.05);
  });

  const conserving: [string, LrpRule][] = [
    ["LRP-0 (ε = 0)", epsilonRule(0)],
    ["z⁺", zPlusRule()],
    ["γ = 0.25", gammaRule(0.25)],
    ["γ = 3", gammaRule(3)],
    ["αβ(1, 0)", alphaBetaRule(1, 0)],
  ];
  for (const [label, rule] of conserving) {
    it(`${label} on every layer conserves Σ R = f(x)`, () => {
      expectClose(sums({ rule }), f, 1e-5, 1e-4);
    });
  }

  it("z^B on the first layer with bounds containing the input: conserves, and with z⁺ above gives R ≥ 0", () => {
    // z^B (Montavon et al. 2019): with l ≤ x ≤ h every term x w − l w⁺ − h w⁻ = (x − l) w⁺ + (x − h) w⁻ is
    // ≥ 0, so the layer redistributes R_j over the inputs in non-negative shares that sum to 1.
    const data = x.toTypedArray();
    const lo = Math.min(...data);
    const hi = Math.max(...data);
    const rules = { layerRules: { "0": boxRule(lo, hi) }, rule: zPlusRule() };
    expectClose(sums(rules), f, 1e-5, 1e-4);
    const r = new LRP(m).attribute(x, { target, ...rules }).attributions.toArray();
    for (const v of r) expect(v).toBeGreaterThanOrEqual(-1e-7);
    // per-pixel bounds shaped like one example, and any internal batch size, give the same map
    const perPixel = boxRule(
      tensor(new Array(36).fill(lo), [1, 6, 6]),
      tensor(new Array(36).fill(hi), [1, 6, 6]),
    );
    const r2 = new LRP(m).attribute(x, {
      target,
      rule: zPlusRule(),
      layerRules: { "0": perPixel },
      internalBatchSize: 2,
    });
    expectClose(r2.attributions.toArray(), r, 1e-6, 1e-5);
  });

  it("γ = 0 is LRP-0, which is Input × Gradient here", () => {
    const g0 = new LRP(m).attribute(x, { target, rule: gammaRule(0) }).attributions.toArray();
    const e0 = new LRP(m).attribute(x, { target, rule: epsilonRule(0) }).attributions.toArray();
    const ixg = new InputXGradient(m).attribute(x, { target }).attributions.toArray();
    expectClose(g0, e0, 1e-6, 1e-5);
    expectClose(g0, ixg, 1e-6, 1e-4);
  });

  it("γ → ∞ approaches z⁺ (the distance shrinks like 1/γ)", () => {
    const zp = new LRP(m).attribute(x, { target, rule: zPlusRule() }).attributions.toArray();
    const dist = [1, 10, 100, 1e4].map((g) => {
      const r = new LRP(m).attribute(x, { target, rule: gammaRule(g) }).attributions.toArray();
      return Math.max(...Array.from(r, (v, i) => Math.abs(v - zp[i]!)));
    });
    for (let i = 1; i < dist.length; i++) expect(dist[i]!).toBeLessThan(dist[i - 1]!);
    expect(dist[3]!).toBeLessThan(1e-3 * Math.max(...Array.from(zp, Math.abs)));
  });

  it("αβ with α = 1, β = 0 equals z⁺ on non-negative inputs", () => {
    const a = new LRP(m).attribute(x, { target: 0, rule: alphaBetaRule(1, 0) }).attributions.toArray();
    const z = new LRP(m).attribute(x, { target: 0, rule: zPlusRule() }).attributions.toArray();
    expectClose(a, z, 1e-6, 1e-5);
  });

  it("composites: epsilon-plus and epsilon-gamma-box assign the documented rules", () => {
    const ep = epsilonPlusComposite();
    const egb = epsilonGammaBoxComposite({ low: -3, high: 3 });
    const leaves = m.namedModules().filter(([, mod]) => mod.children().length === 0);
    let w = 0;
    const kinds = leaves.map(([name, mod], i) => {
      const info = { name, weightedIndex: mod.typeName === "Linear" || mod.typeName === "Conv2d" ? w++ : -1 };
      return [ep(mod, i, info)?.kind ?? "-", egb(mod, i, info)?.kind ?? "-"].join("/");
    });
    expect(kinds).toEqual([
      "zplus/box",
      "-/-",
      "-/-",
      "zplus/gamma",
      "-/-",
      "-/-",
      "epsilon/epsilon",
      "-/-",
      "epsilon/epsilon",
    ]);
    // as layerRules they equal the same rules written out, and conserve on this bias-free net
    const viaComposite = new LRP(m).attribute(x, { target, layerRules: egb }).attributions.toArray();
    const e = epsilonRule(1e-6);
    const written = new Map<string, LrpRule>([
      ["0", boxRule(-3, 3)],
      ["3", gammaRule(0.25)],
      ["6", e],
      ["8", e],
    ]);
    expectClose(
      viaComposite,
      new LRP(m).attribute(x, { target, layerRules: written }).attributions.toArray(),
      0,
      0,
    );
    expectClose(sums({ layerRules: egb }), f, 1e-4, 1e-3);
    expectClose(sums({ layerRules: ep }), f, 1e-4, 1e-3);
  });
});

describe("LRP rule errors", () => {
  const x = tensor([[2, 1]]);
  function expectRuleError(fn: () => unknown, message: RegExp): void {
    let err: unknown;
    try {
      fn();
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(LrpRuleError);
    expect(err).toBeInstanceOf(AttributionError);
    expect((err as LrpRuleError).code).toBe("BAD_OPTION");
    expect((err as LrpRuleError).name).toBe("LrpRuleError");
    expect((err as Error).message).toMatch(message);
  }

  it("rule constructors check their parameters", () => {
    expectRuleError(() => gammaRule(-0.5), /gammaRule: gamma must be a finite number ≥ 0, got -0.5/);
    expectRuleError(() => gammaRule(Number.NaN), /gamma must be a finite number ≥ 0, got NaN/);
    expectRuleError(() => epsilonRule(-1), /epsilonRule: epsilon must be a finite number ≥ 0, got -1/);
    expectRuleError(
      () => alphaBetaRule(2, 0.5),
      /alpha − beta must be 1 \(conservation\), got alpha 2, beta 0.5/,
    );
    expectRuleError(() => alphaBetaRule(0.5, -0.5), /beta must be a finite number ≥ 0, got -0.5/);
    expectRuleError(() => boxRule(2, 1), /boxRule: low must be ≤ high, got low 2 > high 1 at flat index 0/);
    expectRuleError(() => boxRule(tensor([0, 5]), tensor([1, 4])), /low 5 > high 4 at flat index 1/);
    expectRuleError(
      () => boxRule(tensor([0, 0, 0]), tensor([1, 1])),
      /low \[3\] and high \[2\] must have the same shape/,
    );
    expectRuleError(() => boxRule(Number.POSITIVE_INFINITY, 1), /low must be finite/);
  });

  it("rules written as plain objects are checked too", () => {
    const net = smallNet();
    expectRuleError(
      () => attr(net, x, { layerRules: { "0": { kind: "gamma", gamma: -1 } } }),
      /LRP.attribute \(layerRules for "0"\): gamma must be a finite number ≥ 0, got -1/,
    );
    expectRuleError(
      () => attr(net, x, { rule: { kind: "alphabeta", alpha: 3, beta: 1 } }),
      /alpha − beta must be 1/,
    );
    expectRuleError(
      () => attr(net, x, { layerRules: { "2": { kind: "flat" } as unknown as LrpRule } }),
      /unknown rule kind "flat"/,
    );
  });

  it("layer keys must name leaf layers of the model", () => {
    const net = smallNet();
    expect(() => attr(net, x, { layerRules: { "7": gammaRule() } })).toThrow(/no layer "7"/);
    const outer = new Sequential(smallNet());
    expect(() => attr(outer, x, { layerRules: { "0": gammaRule() } })).toThrow(
      /layerRules: "0" is not a leaf layer of this model/,
    );
    expect(() => attr(net, x, { layerRules: new Map([[new Linear(2, 2), gammaRule()]]) })).toThrow(
      /layerRules: Linear is not a leaf layer of this model/,
    );
    expect(() =>
      attr(net, x, {
        layerRules: new Map<LayerRef, LrpRule>([
          ["0", gammaRule()],
          [net.getSubmodule("0"), zPlusRule()],
        ]),
      }),
    ).toThrow(/layerRules: "0" is given twice/);
  });

  it("rules go on layers that can take them", () => {
    const net = smallNet();
    expectRuleError(
      () => attr(net, x, { layerRules: { "1": gammaRule() } }),
      /rule gamma needs a Linear or Conv2d layer; ReLU \("1"\) takes only identity/,
    );
    const pool = new Sequential(new Conv2d(1, 1, 2, { bias: false }), new MaxPool2d(2), new Flatten());
    expectRuleError(
      () => attr(pool, fixedValues(1, [1, 1, 5, 5]), { target: 0, layerRules: { "1": identityRule() } }),
      /identity rule on "1": input \[1,1,4,4\] and output \[1,1,2,2\] differ in size/,
    );
  });

  it("identity refuses to drop relevance that reaches a zero input", () => {
    // x = (0, −1): z1 = (1, −1), a = (1, 0), R at layer 0's output = (1, 0); x_0 = 0 would lose R = 1.
    expectRuleError(
      () => attr(smallNet(), tensor([[0, -1]]), { rule: lrp0, layerRules: { "0": identityRule() } }),
      /identity rule on "0": relevance 1 reaches an input equal to 0 \(flat index 0\)/,
    );
  });

  it("the box rule is for the first layer, once, with bounds shaped like an example", () => {
    const net = smallNet();
    expectRuleError(
      () => attr(net, x, { layerRules: { "2": boxRule(0, 5) } }),
      /"2" must receive the model input/,
    );
    expectRuleError(
      () => attr(net, x, { rule: boxRule(-5, 5) }),
      /the box rule is for the first layer only; got it on "0" and "2"/,
    );
    expectRuleError(
      () => attr(net, x, { layerRules: { "0": boxRule(tensor([0, 0, 0]), tensor([1, 1, 1])) } }),
      /box rule low \[3\] must be a number or shaped like one input example \[2\]/,
    );
  });
});
