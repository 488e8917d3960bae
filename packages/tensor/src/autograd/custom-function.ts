// customFunction: user-defined differentiable ops with a hand-written backward (the equivalent of
// torch.autograd.Function). forward runs under noGrad and returns ONE Tensor; the output is recorded with the
// user's backward, whose result is validated (one entry per argument, Tensor or null, float32, the input's
// shape). Backward rules written with Tensor ops are differentiable again (createGraph). Deliberately left
// out: several outputs, markNonDifferentiable, materializeGrads and Tensors nested in arrays/objects (only
// top-level Tensor arguments get gradients; anything else is a constant).
import { AutogradError } from "../errors";
import { formatShape, sameShape } from "../shape";
import { Tensor } from "../tensor";
import { isGradEnabled, noGrad } from "./grad-mode";
import { record } from "./node";
import { versionOf } from "./version";

/** Codes carried by {@link CustomFunctionError}. */
export type CustomFunctionErrorCode =
  | "BAD_SPEC"
  | "BAD_OUTPUT"
  | "BAD_SAVE"
  | "BAD_GRAD_COUNT"
  | "BAD_GRAD_TYPE"
  | "BAD_GRAD_DTYPE"
  | "BAD_GRAD_SHAPE"
  | "ONCE_DIFFERENTIABLE";

/** A custom function broke its contract: forward/backward returned the wrong thing, save() misuse, … */
export class CustomFunctionError extends Error {
  readonly code: CustomFunctionErrorCode;
  /** The function's `name`. */
  readonly op: string;
  /** Argument position the error is about (0-based), or null. */
  readonly input: number | null;
  constructor(code: CustomFunctionErrorCode, op: string, detail: string, input: number | null = null) {
    super(`${op}: ${detail}`);
    this.name = "CustomFunctionError";
    this.code = code;
    this.op = op;
    this.input = input;
  }
}

/** What forward and backward share (one context per call). */
export interface CustomFunctionContext<A extends readonly unknown[] = readonly unknown[]> {
  /** The function's name (also the grad node's name, `out.gradFn`). */
  readonly name: string;
  /**
   * The forward arguments as passed, e.g. to read a number argument in backward. Tensor arguments are
   * version-checked like saved ones (any in-place change before backward throws IN_PLACE).
   */
  readonly args: A;
  /**
   * One boolean per argument: does it need a gradient? False for non-Tensor arguments and Tensors that do not
   * require grad. In forward it says whether the output will be recorded for that input; in backward it is
   * the engine's answer for this pass (grad() only asks for the inputs on a path to its targets).
   */
  readonly needsInputGrad: readonly boolean[];
  /** Keeps tensors for backward (call in forward only). Checked for in-place changes before backward runs. */
  save(...tensors: Tensor[]): void;
  /** The saved tensors, in save() order. A saved forward output is the recorded output (graph intact). */
  readonly saved: readonly Tensor[];
}

type GradFor<T> = T extends Tensor ? Tensor | null : null;

/** backward's result: one entry per forward argument, a Tensor or null for Tensors, null for the rest. */
export type InputGrads<A extends readonly unknown[]> = { readonly [K in keyof A]: GradFor<A[K]> };

export interface CustomFunctionSpec<A extends readonly unknown[]> {
  /** Names the grad node (`out.gradFn`) and prefixes every error; camelCase like the built-in ops. */
  name: string;
  /** Computes the output (not recorded: it runs under noGrad). Call ctx.save(...) for what backward needs. */
  forward(ctx: CustomFunctionContext, ...args: A): Tensor;
  /**
   * Given ∂L/∂out (the output's shape), returns ∂L/∂arg for every argument: a Tensor of the argument's
   * shape, or null (no gradient / not a Tensor). Written with Tensor ops, it is differentiable again.
   */
  backward(ctx: NoInfer<CustomFunctionContext<A>>, gradOutput: Tensor): InputGrads<A>;
  /**
   * Run backward under noGrad; differentiating its result (createGraph) then throws
   * ONCE_DIFFERENTIABLE instead of silently returning a wrong higher-order gradient.
   */
  onceDifferentiable?: boolean;
}

function describe(v: unknown): string {
  if (v === null) return "null";
  if (v instanceof Tensor) return `a ${v.dtype} Tensor ${formatShape(v.shape)}`;
  if (Array.isArray(v)) return `an array of ${v.length}`;
  return typeof v;
}

class Context<A extends readonly unknown[]> implements CustomFunctionContext<A> {
  needsInputGrad: readonly boolean[];
  saved: Tensor[] = [];
  open = true;
  constructor(
    readonly name: string,
    readonly args: A,
    needs: readonly boolean[],
  ) {
    this.needsInputGrad = needs;
  }
  save(...tensors: Tensor[]): void {
    if (!this.open) {
      throw new CustomFunctionError("BAD_SAVE", this.name, "ctx.save() may only be called inside forward");
    }
    tensors.forEach((t, i) => {
      if (!(t instanceof Tensor)) {
        throw new CustomFunctionError(
          "BAD_SAVE",
          this.name,
          `ctx.save() takes Tensors; argument ${i} is ${describe(t)}`,
        );
      }
    });
    this.saved.push(...tensors);
  }
}

/** Checks backward's result against the arguments and returns one gradient per Tensor argument. */
function checkGrads(name: string, result: unknown, args: readonly unknown[]): (Tensor | null)[] {
  if (!Array.isArray(result) || result.length !== args.length) {
    throw new CustomFunctionError(
      "BAD_GRAD_COUNT",
      name,
      `backward must return one gradient per forward argument (${args.length}, null for none), got ${describe(result)}`,
    );
  }
  const grads: (Tensor | null)[] = [];
  args.forEach((arg, i) => {
    const g: unknown = result[i];
    if (!(arg instanceof Tensor)) {
      if (g !== null) {
        throw new CustomFunctionError(
          "BAD_GRAD_TYPE",
          name,
          `argument ${i} is ${describe(arg)}, not a Tensor, so its gradient must be null; got ${describe(g)}`,
          i,
        );
      }
      return;
    }
    if (g === null) {
      grads.push(null);
      return;
    }
    if (!(g instanceof Tensor)) {
      throw new CustomFunctionError(
        "BAD_GRAD_TYPE",
        name,
        `gradient for argument ${i} must be a Tensor or null, got ${describe(g)}`,
        i,
      );
    }
    if (g.dtype !== "float32") {
      throw new CustomFunctionError(
        "BAD_GRAD_DTYPE",
        name,
        `gradient for argument ${i} must be float32, got ${g.dtype}`,
        i,
      );
    }
    if (!sameShape(g.shape, arg.shape)) {
      throw new CustomFunctionError(
        "BAD_GRAD_SHAPE",
        name,
        `gradient for argument ${i}: expected shape ${formatShape(arg.shape)} (the argument's), got ${formatShape(g.shape)}`,
        i,
      );
    }
    grads.push(g);
  });
  return grads;
}

/** Marks a once-differentiable gradient so that differentiating it throws (when anything it depends on requires grad). */
function poison(name: string, g: Tensor, deps: readonly Tensor[]): Tensor {
  return record(g.detach(), `${name}Backward`, deps, () => {
    throw new CustomFunctionError(
      "ONCE_DIFFERENTIABLE",
      name,
      "backward is marked onceDifferentiable; its gradients cannot be differentiated again (createGraph)",
    );
  });
}

/**
 * Defines a differentiable function from a forward and a hand-written backward:
 *
 * ```ts
 * const mulXY = customFunction({
 *   name: "mulXY",
 *   forward(ctx, x: Tensor, y: Tensor) { ctx.save(x, y); return mul(x, y); },
 *   backward(ctx, g) { const [x, y] = ctx.saved; return [mul(g, y!), mul(g, x!)]; },
 * });
 * mulXY(a, b).gradFn; // "mulXY"
 * ```
 *
 * Non-Tensor arguments (numbers, options) are passed through and get a null gradient. The output is a fresh
 * Tensor object (sharing forward's data), so returning an input as-is does not rewire the input.
 */
export function customFunction<A extends readonly unknown[]>(
  spec: CustomFunctionSpec<A>,
): (...args: A) => Tensor {
  const name: unknown = spec?.name;
  if (typeof name !== "string" || name.length === 0) {
    throw new CustomFunctionError(
      "BAD_SPEC",
      "customFunction",
      `name must be a non-empty string, got ${describe(name)}`,
    );
  }
  for (const key of ["forward", "backward"] as const) {
    if (typeof spec[key] !== "function") {
      throw new CustomFunctionError(
        "BAD_SPEC",
        name,
        `${key} must be a function, got ${describe(spec[key])}`,
      );
    }
  }
  const once = spec.onceDifferentiable ?? false;

  return (...args: A): Tensor => {
    const positions: number[] = []; // argument index of each Tensor argument (= grad node input)
    args.forEach((a, i) => {
      if (a instanceof Tensor) positions.push(i);
    });
    const inputs = positions.map((i) => args[i] as Tensor);
    const recording = isGradEnabled() && inputs.some((t) => t.requiresGrad);
    const ctx = new Context(
      name,
      args,
      args.map((a) => recording && a instanceof Tensor && a.requiresGrad),
    );
    let raw: unknown;
    try {
      raw = noGrad(() => spec.forward(ctx, ...args));
    } finally {
      ctx.open = false;
    }
    if (!(raw instanceof Tensor)) {
      throw new CustomFunctionError(
        "BAD_OUTPUT",
        name,
        `forward must return one Tensor (several outputs are not supported), got ${describe(raw)}`,
      );
    }
    // An int32 output carries no gradient (like argmax): returned unrecorded.
    if (!recording || raw.dtype !== "float32") return raw;
    // A fresh Tensor object: recording on `raw` itself would rewire it if it is an input or a shared constant.
    const out = raw.detach();
    ctx.saved = ctx.saved.map((t) => (t === raw ? out : t));
    const savedVersions = ctx.saved.map((t) => versionOf(t.data));

    return record(out, name, inputs, (gradOutput, needs) => {
      // The engine already refuses inputs and the output changed in place; this also covers other saved tensors.
      ctx.saved.forEach((t, k) => {
        const now = versionOf(t.data);
        if (now !== savedVersions[k]) {
          throw new AutogradError(
            "IN_PLACE",
            name,
            `saved tensor ${k} ${formatShape(t.shape)} was modified in place after ${name} ran (version ${savedVersions[k]}, now ${now}); clone() it before changing it`,
          );
        }
      });
      const perArg = args.map(() => false);
      positions.forEach((p, j) => {
        perArg[p] = needs[j] ?? false;
      });
      ctx.needsInputGrad = perArg;
      const result = once ? noGrad(() => spec.backward(ctx, gradOutput)) : spec.backward(ctx, gradOutput);
      const grads = checkGrads(name, result, args);
      if (!once || !isGradEnabled()) return grads;
      const deps = [gradOutput, ...inputs, ...ctx.saved].filter((t) => t.requiresGrad);
      return grads.map((g) => (g === null || deps.length === 0 ? g : poison(name, g, deps)));
    });
  };
}
