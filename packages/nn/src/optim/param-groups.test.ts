// Parameter groups against torch.optim (fixtures from scripts/torch-fixtures-groups.py): two groups with
// different lr / weight decay / momentum / betas, alone and under the LR schedulers; validation errors;
// state round trips that keep the groups.
import { initBackend, mean, pow, setBackend, Tensor, tensor } from "@paramlens/tensor";
import { afterAll, describe, expect, it } from "vitest";
import { Adam, AdamW } from "./adam";
import { OptimizerError } from "./errors";
import fixtures from "./fixtures/param-groups.json";
import { CosineWarmupLR, type LRScheduler, OneCycleLR, StepLR } from "./lr-scheduler";
import type { Optimizer } from "./optimizer";
import { RMSprop } from "./rmsprop";
import { SGD } from "./sgd";

type Name = "W" | "b" | "g" | "V";
type Opts = Record<string, number | boolean | number[]>;
interface Run {
  kind: string;
  defaults: Opts;
  groups: { names: Name[]; options: Opts }[];
  scheduler?: { kind: string } & Record<string, unknown>;
  trajectory: Record<Name, number[]>[];
  lrs?: number[][];
  momentum?: number[][];
}
const fx = fixtures as unknown as {
  X: number[];
  Y: number[];
  init: Record<Name, { shape: number[]; values: number[] }>;
  steps: number;
  runs: Run[];
};
const X = tensor(fx.X).reshape([8, 3]);
const Y = tensor(fx.Y).reshape([8, 2]);
const NAMES: Name[] = ["W", "b", "g", "V"];

function freshParams(): Record<Name, Tensor> {
  const out = {} as Record<Name, Tensor>;
  for (const k of NAMES) out[k] = tensor(fx.init[k].values).reshape(fx.init[k].shape).requiresGrad_();
  return out;
}

function objective(p: Record<Name, Tensor>): Tensor {
  // mean(((tanh(X W + b) * g) V − Y)²), the generator's net
  return mean(pow(X.matmul(p.W).add(p.b).tanh().mul(p.g).matmul(p.V).sub(Y), 2));
}

/** torch option names → ours. */
function ours(o: Opts): Record<string, unknown> {
  const map: Record<string, string> = { weight_decay: "weightDecay" };
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [map[k] ?? k, v]));
}

function build(run: Run, p: Record<Name, Tensor>): Optimizer {
  const groups = run.groups.map((g) => ({ params: g.names.map((n) => p[n]), ...ours(g.options) }));
  const d = ours(run.defaults);
  switch (run.kind) {
    case "sgd":
      return new SGD(groups, d as { lr: number });
    case "adam":
      return new Adam(groups, d);
    case "adamw":
      return new AdamW(groups, d);
    default:
      return new RMSprop(groups, d);
  }
}

function schedule(run: Run, opt: Optimizer): LRScheduler | null {
  const s = run.scheduler;
  if (!s) return null;
  if (s.kind === "stepLR")
    return new StepLR(opt, { stepSize: s.stepSize as number, gamma: s.gamma as number });
  if (s.kind === "cosineWarmup") {
    return new CosineWarmupLR(opt, {
      warmupSteps: s.warmupSteps as number,
      totalSteps: s.totalSteps as number,
    });
  }
  return new OneCycleLR(opt, { maxLr: s.maxLr as number[], totalSteps: s.totalSteps as number });
}

function expectClose(actual: number[], expected: number[], tol: number, what: string): void {
  expect(actual.length, what).toBe(expected.length);
  actual.forEach((v, i) => {
    expect(Math.abs(v - expected[i]!), `${what}[${i}]: ${v} vs ${expected[i]}`).toBeLessThanOrEqual(tol);
  });
}

function replay(run: Run): void {
  const p = freshParams();
  const opt = build(run, p);
  const sched = schedule(run, opt);
  const lrs = [opt.paramGroups.map((g) => g.lr)];
  const moms = [opt.paramGroups.map(() => opt.momentum)];
  run.trajectory.forEach((ref, step) => {
    opt.zeroGrad();
    objective(p).backward();
    opt.step();
    if (sched && !(run.scheduler!.kind === "oneCycle" && step === run.trajectory.length - 1)) {
      sched.step();
      lrs.push(sched.getLastLrs());
      moms.push(opt.paramGroups.map(() => opt.momentum));
    }
    for (const k of NAMES) expectClose(p[k].toArray() as number[], ref[k], 2e-6, `step ${step} ${k}`);
  });
  if (run.lrs) expectClose(lrs.flat(), run.lrs.flat(), 1e-12, "lrs");
  if (run.momentum) expectClose(moms.flat(), run.momentum.flat(), 1e-12, "momentum");
}

const label = (r: Run) =>
  `${r.kind} ${JSON.stringify(r.defaults)} groups ${JSON.stringify(r.groups.map((g) => g.options))}${r.scheduler ? ` + ${r.scheduler.kind}` : ""}`;

describe("parameter groups match torch.optim", () => {
  it("covers every optimizer and scheduler", () => {
    expect(new Set(fx.runs.map((r) => r.kind))).toEqual(new Set(["sgd", "adam", "adamw", "rmsprop"]));
    expect(new Set(fx.runs.flatMap((r) => (r.scheduler ? [r.scheduler.kind] : [])))).toEqual(
      new Set(["stepLR", "cosineWarmup", "oneCycle"]),
    );
  });
  for (const run of fx.runs) it(label(run), () => replay(run));
});

describe("parameter groups on the wasm backend", () => {
  afterAll(() => setBackend("js"));
  it("every fixture run, every step", async () => {
    if ((await initBackend()) !== "wasm") return; // no SIMD here: the js runs above cover the kernels
    setBackend("wasm", { thresholds: false });
    for (const run of fx.runs) replay(run);
  });
});

describe("parameter group state", () => {
  const groupsOf = (p: Record<Name, Tensor>) => [
    { params: [p.W, p.V] },
    { params: [p.b, p.g], weightDecay: 0, lr: 0.003 },
  ];

  it("unspecified options fall back to the defaults; paramGroups[i] is readable and writable", () => {
    const p = freshParams();
    const opt = new AdamW(groupsOf(p), { lr: 0.01, betas: [0.8, 0.99] });
    expect(opt.paramGroups.map((g) => [g.lr, g.weightDecay, g.betas, g.eps, g.amsgrad])).toEqual([
      [0.01, 0.01, [0.8, 0.99], 1e-8, false],
      [0.003, 0, [0.8, 0.99], 1e-8, false],
    ]);
    expect(opt.params).toEqual([p.W, p.V, p.b, p.g]);
    // Only group 1 moves when only its lr is non-zero.
    opt.paramGroups[0]!.lr = 0;
    opt.paramGroups[0]!.weightDecay = 0;
    const before = freshParams();
    objective(p).backward();
    opt.step();
    expect(p.W.toArray()).toEqual(before.W.toArray());
    expect(p.V.toArray()).toEqual(before.V.toArray());
    expect(p.b.toArray()).not.toEqual(before.b.toArray());
    // The single-group shorthands read group 0 and write every group.
    opt.lr = 0.5;
    expect(opt.paramGroups.map((g) => g.lr)).toEqual([0.5, 0.5]);
  });

  it("stateDict/loadStateDict carries the groups and resumes the exact trajectory", () => {
    for (const kind of ["sgd", "adam", "adamw", "rmsprop"]) {
      const run = fx.runs.find((r) => r.kind === kind && !r.scheduler)!;
      const pa = freshParams();
      const a = build(run, pa);
      for (let s = 0; s < 3; s++) {
        a.zeroGrad();
        objective(pa).backward();
        a.step();
      }
      const saved = a.stateDict();
      expect(saved.groups!.map((g) => g.params)).toEqual([
        [0, 1],
        [2, 3],
      ]);
      // A copy of the parameters, and an optimizer built with other hyper-parameters: the state wins.
      const pc = {} as Record<Name, Tensor>;
      for (const k of NAMES) pc[k] = pa[k].detach().clone().requiresGrad_();
      const c = build({ ...run, groups: run.groups.map((g) => ({ ...g, options: { lr: 1 } })) }, pc);
      c.loadStateDict(JSON.parse(JSON.stringify({ ...saved, buffers: {} })) as typeof saved);
      c.loadStateDict(saved);
      expect(c.paramGroups.map((g) => g.lr)).toEqual(a.paramGroups.map((g) => g.lr));
      expect(c.stateDict().groups).toEqual(saved.groups);
      for (let s = 0; s < 3; s++) {
        for (const [o, p] of [
          [a, pa],
          [c, pc],
        ] as const) {
          o.zeroGrad();
          objective(p).backward();
          o.step();
        }
      }
      for (const k of NAMES) expect(pc[k].toArray(), `${kind} ${k}`).toEqual(pa[k].toArray());
    }
  });

  it("a state without groups (saved before them) loads into one group only", () => {
    const w = tensor([1, 2]).requiresGrad_();
    const legacy = {
      kind: "SGD",
      step: 2,
      hyper: { lr: 0.2, momentum: 0.9, dampening: 0, weightDecay: 0, nesterov: false },
      buffers: {},
    };
    const one = new SGD([w], { lr: 0.1 });
    one.loadStateDict(legacy);
    expect([one.lr, one.momentum, one.stepCount]).toEqual([0.2, 0.9, 2]);
    const two = new SGD([{ params: [w] }, { params: [tensor([3]).requiresGrad_()] }], { lr: 0.1 });
    expect(() => two.loadStateDict(legacy)).toThrow(
      /SGD.loadStateDict: the state has no groups \(saved by a single-group optimizer\) but this optimizer has 2/,
    );
  });

  it("refuses a state whose groups do not fit, and changes nothing", () => {
    const p = freshParams();
    const a = new SGD(groupsOf(p), { lr: 0.1, momentum: 0.9 });
    objective(p).backward();
    a.step();
    const saved = a.stateDict();
    const q = freshParams();
    const other = new SGD([{ params: [q.W] }, { params: [q.V, q.b, q.g] }], { lr: 0.1 });
    expect(() => other.loadStateDict(saved)).toThrow(
      /groups\[0\]\.params is \[0,1\] but paramGroups\[0\] holds params \[0\]/,
    );
    const three = new SGD([{ params: [q.W, q.V] }, { params: [q.b] }, { params: [q.g] }], { lr: 0.1 });
    expect(() => three.loadStateDict(saved)).toThrow(/the state has 2 groups but this optimizer has 3/);
    const same = new SGD(groupsOf(q), { lr: 0.1 });
    const bad = { ...saved, groups: [saved.groups![0]!, { params: [2, 3], hyper: { lr: 0.1 } }] };
    expect(() => same.loadStateDict(bad)).toThrow(
      /groups\[1\]: hyper\.momentum must be a number, got undefined/,
    );
    expect(same.paramGroups.map((g) => g.lr)).toEqual([0.1, 0.003]);
    expect(same.stepCount).toBe(0);
  });

  it("schedulers keep each group's initial lr and round-trip it", () => {
    const p = freshParams();
    const opt = new SGD(groupsOf(p), { lr: 0.1 });
    const s = new StepLR(opt, { stepSize: 1, gamma: 0.5 });
    expect(s.baseLrs).toEqual([0.1, 0.003]);
    s.step();
    s.step();
    expect(s.getLastLrs()).toEqual([0.025, 0.00075]);
    expect(s.lrAt(3, 1)).toBeCloseTo(0.003 / 8, 15);
    expect(() => s.lrAt(0, 2)).toThrow(/StepLR.lrAt: group 2 does not exist \(the optimizer has 2\)/);
    const state = s.stateDict();
    expect(state.baseLrs).toEqual([0.1, 0.003]);
    const q = freshParams();
    const opt2 = new SGD(groupsOf(q), { lr: 7 });
    const s2 = new StepLR(opt2, { stepSize: 1, gamma: 0.5 });
    s2.loadStateDict(state);
    expect(s2.getLastLrs()).toEqual([0.025, 0.00075]);
    const single = new SGD([q.W], { lr: 1 });
    expect(() => new StepLR(single, { stepSize: 1 }).loadStateDict(state)).toThrow(
      /StepLR.loadStateDict: the state has 2 base lrs but the optimizer has 1 groups/,
    );
    expect(() => new OneCycleLR(opt2, { maxLr: [0.1], totalSteps: 4 })).toThrow(
      /OneCycleLR: maxLr has 1 values but the optimizer has 2 groups/,
    );
    expect(() => new OneCycleLR(opt2, { maxLr: undefined as unknown as number, totalSteps: 4 })).toThrow(
      /OneCycleLR: maxLr must be a finite number >= 0, got undefined/,
    );
    expect(() => new OneCycleLR(opt2, { maxLr: [0.1, -1], totalSteps: 4 })).toThrow(
      /OneCycleLR: maxLr\[1\] must be a finite number >= 0, got -1/,
    );
  });
});

describe("parameter group validation", () => {
  const w = () => tensor([1, 2]).requiresGrad_();

  it("names the group and field of a bad option", () => {
    const a = w();
    const b = w();
    const cases: [() => unknown, RegExp][] = [
      [
        () => new SGD([{ params: [a] }, { params: [b], lr: -1 }], { lr: 0.1 }),
        /SGD: paramGroups\[1\]\.lr must be a finite number >= 0, got -1/,
      ],
      [
        () => new SGD([{ params: [a] }, { params: [b], nesterov: true }], { lr: 0.1 }),
        /SGD: paramGroups\[1\]\.nesterov needs momentum > 0 and dampening 0, got momentum 0/,
      ],
      [
        () => new AdamW([{ params: [a], betas: [0.9, 1] }], {}),
        /AdamW: paramGroups\[0\]\.betas\[1\] must be a finite number in \[0, 1\), got 1/,
      ],
      [
        () => new Adam([{ params: [a], betas: [0.9] as unknown as [number, number] }]),
        /Adam: paramGroups\[0\]\.betas must be \[β1, β2\]/,
      ],
      [
        () => new RMSprop([{ params: [a], alpha: Number.NaN }]),
        /RMSprop: paramGroups\[0\]\.alpha must be a finite number in \[0, 1\], got NaN/,
      ],
      [
        () => new RMSprop([{ params: [a], centered: 1 as unknown as boolean }]),
        /RMSprop: paramGroups\[0\]\.centered must be a boolean, got 1/,
      ],
      // the defaults are checked under their own names even when every group overrides them
      [
        () => new SGD([{ params: [a], lr: 0.1 }], { lr: Number.POSITIVE_INFINITY }),
        /SGD: lr must be a finite number >= 0, got Infinity/,
      ],
    ];
    for (const [fn, re] of cases) {
      expect(fn).toThrow(OptimizerError);
      expect(fn).toThrow(re);
    }
  });

  it("refuses unknown keys, empty groups, shared parameters and mixed lists", () => {
    const a = w();
    const b = w();
    const err = (fn: () => unknown, code: string, re: RegExp) => {
      try {
        fn();
      } catch (e) {
        expect(e).toBeInstanceOf(OptimizerError);
        expect((e as OptimizerError).code).toBe(code);
        expect((e as Error).message).toMatch(re);
        return;
      }
      throw new Error(`expected ${re} to be thrown`);
    };
    err(
      () => new AdamW([{ params: [a] }, { params: [b], weight_decay: 0 } as never], {}),
      "OPTION",
      /AdamW: paramGroups\[1\] has unknown option "weight_decay" \(known: params, lr, betas, eps, weightDecay, amsgrad\)/,
    );
    err(
      () => new SGD([{ params: [a] }, { params: [] }], { lr: 0.1 }),
      "PARAM",
      /SGD: paramGroups\[1\]\.params is empty/,
    );
    err(
      () => new SGD([{ params: [a, b] }, { params: [b] }], { lr: 0.1 }),
      "PARAM",
      /SGD: paramGroups\[1\]\.params\[0\] is also in paramGroups\[0\]; a parameter may be in one group only/,
    );
    err(
      () => new SGD([{ params: [a, a] }], { lr: 0.1 }),
      "PARAM",
      /paramGroups\[0\]\.params\[1\] appears twice in the group/,
    );
    err(
      () => new SGD([{ params: [a] }, b] as never, { lr: 0.1 }),
      "PARAM",
      /SGD: item 1 of the list is a Tensor; pass either parameters or \{params, \.\.\.options\} groups, not both/,
    );
    err(
      () => new SGD([{ params: a }] as never, { lr: 0.1 }),
      "PARAM",
      /paramGroups\[0\]\.params must be a list of Tensors, got a single Tensor/,
    );
    err(
      () => new SGD([{ params: [a, new Tensor(Int32Array.of(1), [1])] }], { lr: 0.1 }),
      "PARAM",
      /SGD: paramGroups\[0\]\.params\[1\] must be float32, got int32/,
    );
  });

  it("step() re-checks hyper-parameters written into a group", () => {
    const a = w();
    const b = w();
    const opt = new SGD([{ params: [a] }, { params: [b] }], { lr: 0.1 });
    opt.paramGroups[1]!.lr = Number.NaN;
    a.grad = tensor([1, 1]);
    expect(() => opt.step()).toThrow(/SGD: paramGroups\[1\]\.lr must be a finite number >= 0, got NaN/);
    expect(a.toArray()).toEqual([1, 2]); // nothing moved
    expect(opt.stepCount).toBe(0);
  });
});
