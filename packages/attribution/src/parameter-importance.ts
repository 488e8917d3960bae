// What each parameter contributes to a loss, two ways, over any Record<string, Tensor> of parameters
// (e.g. nn's Object.fromEntries(model.namedParameters())):
//   taylorImportance — first-order Taylor estimate of the loss change when a unit is zeroed,
//     |Σ_{w ∈ unit} w · ∂L/∂w| (Molchanov et al. 2017, arXiv:1611.06440), one gradient pass;
//   ablationImportance — the measured change of any metric when each unit is zeroed in place (and
//     restored bit-exactly afterwards, also when the metric throws).
// A unit is one index along dim 0 (an output neuron of a Linear weight [out, in], a channel of a conv
// kernel [out, in, kH, kW], one entry of a bias).
import { grad, noGrad, type Tensor } from "@paramlens/tensor";
import { AttributionError } from "./errors";
import { checkOptions, type OptionKeys } from "./options";

export interface TensorImportance {
  name: string;
  shape: number[];
  /** |Σ w·∂L/∂w| over the whole tensor (Taylor) or metric change when all of it is zeroed (ablation). */
  total: number;
  /** Per unit (index along dim 0), same meaning. */
  perUnit: number[];
}

function checkParams(
  op: string,
  params: Readonly<Record<string, Tensor>>,
  names?: readonly string[],
): [string, Tensor][] {
  const list = names ?? Object.keys(params);
  if (list.length === 0) throw new AttributionError("BAD_OPTION", op, "no parameters given");
  return list.map((name) => {
    const t = params[name];
    if (t === undefined) {
      throw new AttributionError(
        "BAD_OPTION",
        op,
        `no parameter "${name}"; known: ${Object.keys(params).slice(0, 20).join(", ")}`,
      );
    }
    if (t.dtype !== "float32" || t.size === 0) {
      throw new AttributionError("BAD_OPTION", op, `parameter "${name}" must be a non-empty float32 tensor`);
    }
    return [name, t];
  });
}

/** Units along dim 0: a 0-d tensor is one unit. */
function unitCount(t: Tensor): number {
  return t.ndim === 0 ? 1 : t.shape[0]!;
}

const NAMES_KEYS: OptionKeys<{ names?: readonly string[] }> = { names: true };

/**
 * Taylor importance from one evaluation of `loss` (a closure returning a scalar built from the
 * parameters, e.g. the training loss on a batch). Parameters must require grad.
 */
export function taylorImportance(
  loss: () => Tensor,
  params: Readonly<Record<string, Tensor>>,
  options: { names?: readonly string[] } = {},
): TensorImportance[] {
  const op = "taylorImportance";
  checkOptions(op, options, NAMES_KEYS, "parameters");
  const list = checkParams(op, params, options.names);
  for (const [name, t] of list) {
    if (!t.requiresGrad)
      throw new AttributionError("BAD_OPTION", op, `parameter "${name}" does not require grad`);
  }
  const l = loss();
  if (l.size !== 1)
    throw new AttributionError("BAD_OUTPUT", op, `loss must be a scalar, got shape [${l.shape.join(",")}]`);
  const grads = grad(
    l,
    list.map(([, t]) => t),
    { allowUnused: true },
  );
  return list.map(([name, t], i) => {
    const w = t.toTypedArray();
    const g = grads[i]!.toTypedArray();
    const units = unitCount(t);
    const per = w.length / units;
    const perUnit = new Array<number>(units).fill(0);
    let total = 0;
    for (let u = 0; u < units; u++) {
      let s = 0;
      for (let k = u * per; k < (u + 1) * per; k++) s += w[k]! * g[k]!;
      perUnit[u] = Math.abs(s);
      total += s;
    }
    return { name, shape: [...t.shape], total: Math.abs(total), perUnit };
  });
}

/**
 * Measured importance: metric(with the unit zeroed) − metric(original), for every unit of every named
 * tensor (and the whole tensor in `total`). `metric` is any number (loss, accuracy) computed from the
 * current parameter values; it runs 1 + Σ (units + 1) times.
 */
export function ablationImportance(
  metric: () => number,
  params: Readonly<Record<string, Tensor>>,
  options: { names?: readonly string[] } = {},
): { base: number; entries: TensorImportance[] } {
  const op = "ablationImportance";
  checkOptions(op, options, NAMES_KEYS, "parameters");
  const list = checkParams(op, params, options.names);
  const measure = (): number => {
    const v = noGrad(metric);
    if (typeof v !== "number" || Number.isNaN(v)) {
      throw new AttributionError("BAD_OUTPUT", op, `metric must return a number, got ${String(v)}`);
    }
    return v;
  };
  const base = measure();
  const entries = list.map(([name, t]) => {
    const units = unitCount(t);
    const perUnit = Array.from({ length: units }, (_, u) => withZeroed(t, u, () => measure() - base));
    const total = withZeroed(t, -1, () => measure() - base);
    return { name, shape: [...t.shape], total, perUnit };
  });
  return { base, entries };
}

/** Runs fn with unit u of t (or all of t when u < 0) set to 0, then restores the exact old values. */
export function withZeroed<T>(t: Tensor, u: number, fn: () => T): T {
  // views and copies made under noGrad record nothing, so in-place writes on a parameter are allowed
  const { view, saved } = noGrad(() => {
    const v = u < 0 || t.ndim === 0 ? t : t.select(0, u);
    return { view: v, saved: v.clone() };
  });
  noGrad(() => view.zero_());
  try {
    return fn();
  } finally {
    noGrad(() => view.copy_(saved));
  }
}

export interface ZeroBiasEffect {
  /** Names of the tensors zeroed (default: every name ending in "bias"). */
  zeroed: string[];
  before: Record<string, number>;
  after: Record<string, number>;
}

/** Metrics (e.g. { loss, accuracy }) with all biases as they are, then with all of them zeroed; restored after. */
export function zeroBiasEffect(
  metrics: () => Record<string, number>,
  params: Readonly<Record<string, Tensor>>,
  options: { names?: readonly string[] } = {},
): ZeroBiasEffect {
  const op = "zeroBiasEffect";
  checkOptions(op, options, NAMES_KEYS, "parameters");
  const names = options.names ?? Object.keys(params).filter((k) => /bias$/.test(k));
  if (names.length === 0)
    throw new AttributionError("BAD_OPTION", op, 'no bias tensors found (names ending in "bias")');
  const list = checkParams(op, params, names);
  const before = noGrad(metrics);
  const saved = noGrad(() => list.map(([, t]) => t.clone()));
  try {
    noGrad(() => {
      for (const [, t] of list) t.zero_();
    });
    return { zeroed: [...names], before, after: noGrad(metrics) };
  } finally {
    noGrad(() => {
      list.forEach(([, t], i) => {
        t.copy_(saved[i]!);
      });
    });
  }
}
