// DeepLIFT with the rescale rule (Shrikumar et al. 2017, arXiv:1704.02685), the way Captum runs it:
// gradients through the network with every nonlinearity module's derivative replaced by its multiplier
//   m = (y − y0) / (x − x0)   (the plain derivative where |x − x0| < 1e-7),
// x0, y0 being that module's input and output on the baseline; attributions = (x − x0) ⊙ that gradient.
// MaxPool2d modules get Captum's max-pool rule instead (./deep-lift-maxpool.ts). Summation-to-delta
// (Σ attr = f(x) − f(x0)) holds for Linear / Conv / ReLU / Sigmoid / Tanh / AvgPool / MaxPool networks.
// Nonlinearities and max pools must be nn modules (a relu() or maxPool2d() call inside forward is invisible
// to hooks, and its plain gradient then breaks summation-to-delta).
import type { AnyModule, MaxPool2d, RemovableHandle } from "@paramlens/nn";
import { enableGrad, grad, noGrad, Tensor, where } from "@paramlens/tensor";
import { maxPoolMultiplierGrad } from "./deep-lift-maxpool";
import { AttributionError } from "./errors";
import { selectOutputs } from "./evaluate";
import { completenessDelta } from "./integrated-gradients";
import { withHooks } from "./layer";
import { type ModelLike, toForwardFn } from "./model";
import { checkOptions, type OptionKeys } from "./options";
import { internalBatchSize, prepareInput, resolveBaselines, resolveTargets } from "./prepare";
import { tensorFrom } from "./result";
import type { AttributionResult, Attributor, Baselines, CommonAttributeOptions, ForwardFn } from "./types";

const NONLINEAR = new Set(["ReLU", "Sigmoid", "Tanh"]);
const EPS = 1e-7;

export interface DeepLiftOptions extends CommonAttributeOptions {
  /** Reference input; default 0. */
  baselines?: Baselines;
  /**
   * Multiply by (x − x0) (default true). false returns the averaged gradient / multipliers alone, Captum's
   * `multiply_by_inputs=False` ("global" attribution); a convergence delta then compares their sum, as
   * Captum's does.
   */
  multiplyByInputs?: boolean;
  returnConvergenceDelta?: boolean;
}

const DEEP_LIFT_KEYS: OptionKeys<DeepLiftOptions> = {
  target: true,
  internalBatchSize: true,
  baselines: true,
  returnConvergenceDelta: true,
  multiplyByInputs: true,
};

/** Modules whose derivative DeepLIFT replaces: ReLU / Sigmoid / Tanh and MaxPool2d modules of the model. */
export function deepLiftModules(op: string, model: ModelLike): AnyModule[] {
  const m = model as unknown as AnyModule;
  if (m === null || typeof m !== "object" || typeof m.namedModules !== "function") {
    throw new AttributionError(
      "BAD_OPTION",
      op,
      "the model must be an nn Module (its nonlinearity modules are hooked)",
    );
  }
  return m
    .namedModules()
    .map(([, mod]) => mod)
    .filter((mod) => NONLINEAR.has(mod.typeName) || mod.typeName === "MaxPool2d");
}

/**
 * Hooks on `modules` that record each one's input and output in a "baseline" pass, then in an "input" pass
 * replace its backward by the rescale multiplier (or the max-pool rule). Call start(phase) before each
 * forward pass of a chunk; remove `handles` when done.
 */
export function registerDeepLiftHooks(modules: readonly AnyModule[]): {
  handles: RemovableHandle[];
  start(phase: "baseline" | "input"): void;
} {
  const ref = new Map<AnyModule, { x: Tensor; y: Tensor }>();
  const cur = new Map<AnyModule, { x: Tensor; y: Tensor }>();
  let phase: "baseline" | "input" = "baseline";
  const handles: RemovableHandle[] = [];
  for (const mod of modules) {
    handles.push(
      mod.registerForwardHook((_m, inputs, y) => {
        const x = (inputs as unknown[])[0] as Tensor;
        (phase === "baseline" ? ref : cur).set(mod, { x: x.detach(), y: (y as Tensor).detach() });
      }),
      mod.registerFullBackwardHook((_m, gradInput, gradOutput) => {
        const r = ref.get(mod);
        const c = cur.get(mod);
        const gIn = gradInput[0];
        const gOut = gradOutput[0];
        if (!r || !c || !gIn || !gOut) return undefined;
        if (mod.typeName === "MaxPool2d") {
          return [maxPoolMultiplierGrad(mod as unknown as MaxPool2d, c.x, r.x, gIn, gOut, EPS)];
        }
        const dx = c.x.sub(r.x);
        const far = dx.abs().gt(EPS); // 1 where the rescale multiplier is defined
        const m = c.y.sub(r.y).div(where(far, dx, 1));
        return [where(far, gOut.mul(m), gIn)];
      }),
    );
  }
  return {
    handles,
    start: (p) => {
      if (p === "baseline") {
        ref.clear();
        cur.clear();
      }
      phase = p;
    },
  };
}

export class DeepLift implements Attributor<DeepLiftOptions> {
  private readonly model: ForwardFn;
  private readonly hooked: AnyModule[]; // ReLU / Sigmoid / Tanh / MaxPool2d modules
  constructor(model: ModelLike) {
    const op = "DeepLift";
    this.hooked = deepLiftModules(op, model);
    this.model = toForwardFn(op, model);
  }

  attribute(input: Tensor, options: DeepLiftOptions = {}): AttributionResult {
    const op = "DeepLift.attribute";
    checkOptions(op, options, DEEP_LIFT_KEYS);
    const p = prepareInput(op, input);
    const targets = resolveTargets(op, options.target, p.n);
    const baselines = resolveBaselines(op, options.baselines, p);
    const batch = internalBatchSize(op, options.internalBatchSize);
    const { n, d } = p;
    const out = new Float32Array(n * d);
    const multiply = options.multiplyByInputs ?? true;
    const hooks = registerDeepLiftHooks(this.hooked);
    withHooks(hooks.handles, () => {
      for (let s = 0; s < n; s += batch) {
        const size = Math.min(batch, n - s);
        const t = targets === null ? null : targets.subarray(s, s + size);
        hooks.start("baseline");
        noGrad(() => this.model(new Tensor(baselines.slice(s * d, (s + size) * d), [size, ...p.featShape])));
        hooks.start("input");
        const g = enableGrad(() => {
          const x = new Tensor(p.x.slice(s * d, (s + size) * d), [size, ...p.featShape]).requiresGrad_();
          const selected = selectOutputs(op, this.model(x), size, t);
          if (!selected.requiresGrad) return new Float32Array(size * d);
          return grad(selected.sum(), x, { allowUnused: true })[0]!.toTypedArray() as Float32Array;
        });
        for (let k = 0; k < size * d; k++)
          out[s * d + k] = multiply ? (p.x[s * d + k]! - baselines[s * d + k]!) * g[k]! : g[k]!;
      }
    });
    const result: AttributionResult = { attributions: tensorFrom(out, p.shape) };
    if (options.returnConvergenceDelta) {
      result.delta = completenessDelta(op, this.model, p.featShape, p.x, baselines, out, n, targets, batch);
    }
    return result;
  }
}
