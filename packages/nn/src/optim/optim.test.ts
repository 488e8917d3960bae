import { initBackend, mean, pow, setBackend, type Tensor, tensor } from "@paramlens/tensor";
import { afterAll, describe, expect, it } from "vitest";
import { Adam, AdamW } from "./adam";
import { clipGradNorm } from "./clip-grad-norm";
import { OptimizerError } from "./errors";
import fixtures from "./fixtures/optim.json";
import { CosineWarmupLR, OneCycleLR, StepLR } from "./lr-scheduler";
import type { Optimizer } from "./optimizer";
import { RMSprop } from "./rmsprop";
import { SGD } from "./sgd";

const fx = fixtures as unknown as {
  X: number[];
  Y: number[];
  W0: number[];
  B0: number[];
  steps: number;
  runs: {
    kind: string;
    options: Record<string, number | boolean | number[]>;
    trajectory: { w: number[]; b: number[] }[];
  }[];
  clip: {
    g1: number[];
    g2: number[];
    cases: { maxNorm: number; normType: number | "inf"; total: number; g1: number[]; g2: number[] }[];
  };
  schedulers: Record<string, { lrs: number[]; momentum?: number[] } & Record<string, unknown>>;
};

const X = tensor(fx.X).reshape([8, 3]);
const Y = tensor(fx.Y).reshape([8, 2]);

function objective(w: Tensor, b: Tensor): Tensor {
  // mean((tanh(X W + b) − Y)²), the same small net as the generator
  return mean(pow(X.matmul(w).add(b).tanh().sub(Y), 2));
}

function make(kind: string, params: Tensor[], o: Record<string, number | boolean | number[]>): Optimizer {
  const common = {
    lr: o.lr as number,
    weightDecay: o.weight_decay as number | undefined,
    eps: o.eps as number | undefined,
  };
  switch (kind) {
    case "sgd":
      return new SGD(params, {
        ...common,
        momentum: o.momentum as number | undefined,
        dampening: o.dampening as number | undefined,
        nesterov: o.nesterov as boolean | undefined,
      });
    case "adam":
    case "adamw": {
      const opts = {
        ...common,
        betas: o.betas as [number, number] | undefined,
        amsgrad: o.amsgrad as boolean | undefined,
      };
      return kind === "adam" ? new Adam(params, opts) : new AdamW(params, opts);
    }
    default:
      return new RMSprop(params, {
        ...common,
        alpha: o.alpha as number | undefined,
        momentum: o.momentum as number | undefined,
        centered: o.centered as boolean | undefined,
      });
  }
}

function expectClose(actual: number[], expected: number[], tol: number): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < actual.length; i++)
    expect(Math.abs(actual[i]! - expected[i]!)).toBeLessThanOrEqual(tol);
}

describe("optimizer trajectories match PyTorch", () => {
  for (const run of fx.runs) {
    it(`${run.kind} ${JSON.stringify(run.options)}`, () => {
      const w = tensor(fx.W0).reshape([3, 2]).requiresGrad_();
      const b = tensor(fx.B0).requiresGrad_();
      const opt = make(run.kind, [w, b], run.options);
      const storage = w.data;
      for (const ref of run.trajectory) {
        opt.zeroGrad();
        objective(w, b).backward();
        opt.step();
        expectClose(w.toArray(), ref.w, 1e-5);
        expectClose(b.toArray(), ref.b, 1e-5);
      }
      expect(w.data).toBe(storage); // updated in place
    });
  }
});

// SGD / Adam / AdamW update through the backend's fused kernels: run every trajectory on wasm too.
describe("optimizer trajectories match PyTorch on the wasm backend", () => {
  afterAll(() => setBackend("js"));
  it("every fixture run, every step", async () => {
    expect(fx.runs.length).toBeGreaterThan(0);
    if ((await initBackend()) !== "wasm") return; // no SIMD here: the js runs above cover the kernels
    setBackend("wasm", { thresholds: false });
    for (const run of fx.runs) {
      const w = tensor(fx.W0).reshape([3, 2]).requiresGrad_();
      const b = tensor(fx.B0).requiresGrad_();
      const opt = make(run.kind, [w, b], run.options);
      for (const ref of run.trajectory) {
        opt.zeroGrad();
        objective(w, b).backward();
        opt.step();
        expectClose(w.toArray(), ref.w, 1e-5);
        expectClose(b.toArray(), ref.b, 1e-5);
      }
    }
  });
});

describe("optimizer state", () => {
  it("stateDict/loadStateDict resumes the exact trajectory", () => {
    // adam with amsgrad keeps nn's own loop; plain adam, adamw and sgd run tensor's fused kernels
    for (const [kind, amsgrad] of [
      ["sgd", false],
      ["adam", true],
      ["adam", false],
      ["adamw", false],
      ["rmsprop", false],
    ] as const) {
      const opts = { lr: 0.05, momentum: 0.9, amsgrad, centered: true };
      const w1 = tensor(fx.W0).reshape([3, 2]).requiresGrad_();
      const b1 = tensor(fx.B0).requiresGrad_();
      const a = make(kind, [w1, b1], opts);
      for (let s = 0; s < 3; s++) {
        a.zeroGrad();
        objective(w1, b1).backward();
        a.step();
      }
      const saved = a.stateDict();
      const w2 = w1.detach().clone().requiresGrad_();
      const b2 = b1.detach().clone().requiresGrad_();
      const c = make(kind, [w2, b2], { lr: 1 });
      c.loadStateDict(saved);
      expect(c.lr).toBe(0.05);
      for (let s = 0; s < 3; s++) {
        for (const [o, w, b] of [
          [a, w1, b1],
          [c, w2, b2],
        ] as const) {
          o.zeroGrad();
          objective(w, b).backward();
          o.step();
        }
      }
      expect(w2.toArray()).toEqual(w1.toArray());
      expect(b2.toArray()).toEqual(b1.toArray());
    }
  });
  it("refuses state for another optimizer or other shapes", () => {
    const w = tensor([1, 2]).requiresGrad_();
    const sgd = new SGD([w], { lr: 0.1, momentum: 0.9 });
    w.grad = tensor([1, 1]);
    sgd.step();
    const s = sgd.stateDict();
    expect(() => new Adam([w]).loadStateDict(s)).toThrow(/state is for SGD, not Adam/);
    const other = new SGD([tensor([1, 2, 3]).requiresGrad_()], { lr: 0.1 });
    expect(() => other.loadStateDict(s)).toThrow(
      /buffer "0.momentum_buffer" is \[2\] but params\[0\] is \[3\]/,
    );
  });
  it("validates hyper-parameters and parameters", () => {
    const w = tensor([1, 2]).requiresGrad_();
    expect(() => new SGD([w], { lr: -1 })).toThrow(/SGD: lr must be a finite number >= 0, got -1/);
    expect(() => new SGD([w], { lr: 0.1, nesterov: true })).toThrow(/nesterov needs momentum > 0/);
    expect(() => new Adam([w], { betas: [1, 0.9] })).toThrow(
      /betas\[0\] must be a finite number in \[0, 1\)/,
    );
    expect(() => new SGD([], { lr: 0.1 })).toThrow(OptimizerError);
    expect(() => new SGD([w, w], { lr: 0.1 })).toThrow(/appears twice/);
    const m = tensor([
      [1, 2],
      [3, 4],
    ]).transpose(0, 1);
    expect(() => new SGD([m], { lr: 0.1 })).toThrow(/strided view/);
  });
});

describe("clipGradNorm matches torch.nn.utils.clip_grad_norm_", () => {
  for (const c of fx.clip.cases) {
    it(`maxNorm ${c.maxNorm}, norm ${c.normType}`, () => {
      const p1 = tensor(new Array(6).fill(0)).reshape([3, 2]);
      const p2 = tensor([0, 0]);
      p1.grad = tensor(fx.clip.g1).reshape([3, 2]);
      p2.grad = tensor(fx.clip.g2);
      const total = clipGradNorm([p1, p2], c.maxNorm, {
        normType: c.normType === "inf" ? Number.POSITIVE_INFINITY : c.normType,
      });
      expect(total).toBeCloseTo(c.total, 5);
      expectClose(p1.grad.toArray(), c.g1, 1e-6);
      expectClose(p2.grad.toArray(), c.g2, 1e-6);
    });
  }
  it("reports non-finite norms when asked", () => {
    const p = tensor([0, 0]);
    p.grad = tensor([Number.NaN, 1]);
    expect(() => clipGradNorm([p], 1, { errorIfNonfinite: true })).toThrow(/norm of order 2 is NaN/);
    expect(() => clipGradNorm([p], 1, { normType: 3 })).toThrow(/normType must be 1, 2 or Infinity/);
  });
});

describe("LR schedulers match PyTorch", () => {
  const run = (opt: Optimizer, sched: { step(): void }, steps: number, key: "lr" | "momentum") => {
    const out = [key === "lr" ? opt.lr : opt.momentum];
    for (let i = 0; i < steps; i++) {
      sched.step();
      out.push(key === "lr" ? opt.lr : opt.momentum);
    }
    return out;
  };
  const fresh = () => new SGD([tensor([0]).requiresGrad_()], { lr: 0.1, momentum: 0.9 });
  it("StepLR", () => {
    const ref = fx.schedulers.stepLR!;
    const o = fresh();
    expectClose(run(o, new StepLR(o, { stepSize: 3, gamma: 0.5 }), ref.lrs.length - 1, "lr"), ref.lrs, 1e-12);
  });
  it("cosine with warmup (Hugging Face formula)", () => {
    const ref = fx.schedulers.cosineWarmup!;
    const o = fresh();
    const s = new CosineWarmupLR(o, { warmupSteps: 4, totalSteps: 16 });
    const ours = run(o, s, ref.lrs.length - 1, "lr");
    // Steps 0..16 match; past totalSteps HF's cosine rises again, ours holds at minLr (0).
    expectClose(ours.slice(0, 17), ref.lrs.slice(0, 17), 1e-12);
    expect(ours.slice(17)).toEqual([0, 0]);
    expect(ref.lrs[17]!).toBeGreaterThan(0);
  });
  it("OneCycle (cos, two phases) lr and momentum", () => {
    const ref = fx.schedulers.oneCycle!;
    for (const key of ["lr", "momentum"] as const) {
      const o = fresh();
      const s = new OneCycleLR(o, { maxLr: 0.1, totalSteps: 20 });
      expectClose(run(o, s, ref.lrs.length - 1, key), key === "lr" ? ref.lrs : ref.momentum!, 1e-12);
    }
  });
  it("OneCycle (linear, three phases)", () => {
    const ref = fx.schedulers.oneCycleLinear3!;
    for (const key of ["lr", "momentum"] as const) {
      const o = fresh();
      const s = new OneCycleLR(o, {
        maxLr: 0.2,
        totalSteps: 15,
        pctStart: 0.4,
        annealStrategy: "linear",
        divFactor: 10,
        finalDivFactor: 100,
        threePhase: true,
      });
      expectClose(run(o, s, ref.lrs.length - 1, key), key === "lr" ? ref.lrs : ref.momentum!, 1e-12);
    }
  });
  it("OneCycle cycles Adam's beta1 and refuses to run past totalSteps", () => {
    const a = new Adam([tensor([0]).requiresGrad_()], { lr: 0.1 });
    const s = new OneCycleLR(a, { maxLr: 0.1, totalSteps: 10 });
    expect(a.beta1).toBeCloseTo(0.95, 12);
    expect(a.lr).toBeCloseTo(0.004, 12);
    for (let i = 0; i < 10; i++) s.step();
    expect(() => s.step()).toThrow(/stepped 11 times but totalSteps is 10/);
  });
  it("scheduler state round-trips", () => {
    const o = fresh();
    const s = new StepLR(o, { stepSize: 2, gamma: 0.5 });
    for (let i = 0; i < 5; i++) s.step();
    const o2 = fresh();
    const s2 = new StepLR(o2, { stepSize: 2, gamma: 0.5 });
    s2.loadStateDict(s.stateDict());
    expect(o2.lr).toBe(o.lr);
  });
});
