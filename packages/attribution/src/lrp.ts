// Layer-wise relevance propagation (Bach et al. 2015, PLoS ONE 10(7): e0130140) for networks of Linear,
// Conv2d, ReLU, MaxPool2d, AvgPool2d and Flatten modules, as "input ⊙ modified gradient" (Ancona et al.
// 2018, arXiv:1711.06104): the backward signal is relevance per unit of each quantity, so at the input
// R = x ⊙ signal. Rules on Linear / Conv2d:
//   ε:  R_j = Σ_k a_j w_jk / (z_k + ε·sign z_k) · R_k  — the layer's output gradient is scaled by z/(z + ε sign z);
//   z⁺: R_j = Σ_k a_j w⁺_jk / Σ_j a_j w⁺_jk · R_k    — the gradient is sent back through the positive weights.
// ReLU and max-pool pass relevance as their gradient does; avg-pool takes the ε rule. The output relevance
// is the target output itself. With ε → 0 this is Input × Gradient; on bias-free ReLU networks Σ R = f(x).
import type { AnyModule, RemovableHandle } from "@paramlens/nn";
import { conv2d, enableGrad, grad, type Tensor, where } from "@paramlens/tensor";
import { AttributionError } from "./errors";
import { evaluateGradients, rowsOf } from "./evaluate";
import { withHooks } from "./layer";
import { type ModelLike, toForwardFn } from "./model";
import {
  DEFAULT_INTERNAL_BATCH_SIZE,
  nonNegative,
  positiveInt,
  prepareInput,
  resolveTargets,
} from "./prepare";
import { tensorFrom } from "./result";
import type { AttributionResult, Attributor, CommonAttributeOptions, ForwardFn } from "./types";

const WEIGHTED = new Set(["Linear", "Conv2d"]);
const PASS = new Set(["ReLU", "MaxPool2d", "Flatten", "Identity", "Dropout"]);

export interface LrpOptions extends CommonAttributeOptions {
  /** "epsilon" (default) or "zplus", applied to every Linear / Conv2d. */
  rule?: "epsilon" | "zplus";
  /** ε of the epsilon rule; default 1e-9 (Captum's EpsilonRule). */
  epsilon?: number;
}

interface Conv2dLike {
  weight: Tensor;
  stride: [number, number];
  padding: [number, number];
  dilation: [number, number];
  groups: number;
}

export class LRP implements Attributor<LrpOptions> {
  private readonly model: ForwardFn;
  private readonly layers: AnyModule[];
  constructor(model: ModelLike) {
    const op = "LRP";
    const m = model as unknown as AnyModule;
    if (m === null || typeof m !== "object" || typeof m.namedModules !== "function") {
      throw new AttributionError("BAD_OPTION", op, "the model must be an nn Module (its layers are hooked)");
    }
    const leaves = m.namedModules().filter(([, mod]) => mod.children().length === 0);
    for (const [name, mod] of leaves) {
      if (!WEIGHTED.has(mod.typeName) && !PASS.has(mod.typeName) && mod.typeName !== "AvgPool2d") {
        throw new AttributionError(
          "BAD_OPTION",
          op,
          `no LRP rule for ${mod.typeName} ("${name}"); supported: Linear, Conv2d, ReLU, MaxPool2d, AvgPool2d, Flatten`,
        );
      }
    }
    this.layers = leaves
      .map(([, mod]) => mod)
      .filter((mod) => WEIGHTED.has(mod.typeName) || mod.typeName === "AvgPool2d");
    this.model = toForwardFn(op, model);
  }

  attribute(input: Tensor, options: LrpOptions = {}): AttributionResult {
    const op = "LRP.attribute";
    const p = prepareInput(op, input);
    const targets = resolveTargets(op, options.target, p.n);
    const batch = positiveInt(
      op,
      "internalBatchSize",
      options.internalBatchSize,
      DEFAULT_INTERNAL_BATCH_SIZE,
    );
    const rule = options.rule ?? "epsilon";
    if (rule !== "epsilon" && rule !== "zplus") {
      throw new AttributionError("BAD_OPTION", op, `rule must be "epsilon" or "zplus", got ${String(rule)}`);
    }
    const eps = nonNegative(op, "epsilon", options.epsilon, 1e-9);
    const saved = new Map<AnyModule, { a: Tensor; z: Tensor }>();
    const handles: RemovableHandle[] = [];
    for (const mod of this.layers) {
      handles.push(
        mod.registerForwardHook((_m, inputs, z) => {
          saved.set(mod, { a: ((inputs as unknown[])[0] as Tensor).detach(), z: (z as Tensor).detach() });
        }),
      );
      if (rule === "zplus" && WEIGHTED.has(mod.typeName)) {
        handles.push(
          mod.registerFullBackwardHook((_m, gradInput, gradOutput) => {
            const s = saved.get(mod);
            const g = gradOutput[0];
            if (!s || !g || !gradInput[0]) return undefined;
            // relevance R = g ⊙ z; send R / z⁺ back through w⁺: ∂(z⁺ · v)/∂a with v = R / z⁺
            return [
              enableGrad(() => {
                const a = s.a.detach().requiresGrad_();
                const zp = positiveForward(mod, a);
                const v = where(zp.ne(0), g.mul(s.z).div(where(zp.ne(0), zp, 1)), 0);
                return grad(zp, a, { gradOutputs: [v] })[0]!;
              }),
            ];
          }),
        );
      } else {
        handles.push(
          mod.registerFullBackwardPreHook((_m, gradOutput) => {
            const s = saved.get(mod);
            const g = gradOutput[0];
            if (!s || !g) return undefined;
            const z = s.z;
            const denom = z.add(where(z.ge(0), eps, -eps)); // z + ε·sign z, sign 0 = +1
            return [where(denom.ne(0), g.mul(z).div(where(denom.ne(0), denom, 1)), 0)];
          }),
        );
      }
    }
    const out = new Float32Array(p.n * p.d);
    withHooks(handles, () =>
      evaluateGradients(op, this.model, p.featShape, rowsOf(p.x, p.n, p.d), targets, batch, (r, _v, g, o) => {
        for (let k = 0; k < p.d; k++) out[r * p.d + k] = p.x[r * p.d + k]! * g[o + k]!;
      }),
    );
    return { attributions: tensorFrom(out, p.shape) };
  }
}

/** The layer with its weights clipped at 0 and no bias: z⁺ = a ⋆ w⁺. */
function positiveForward(mod: AnyModule, a: Tensor): Tensor {
  if (mod.typeName === "Linear") {
    const w = (mod as unknown as { weight: Tensor }).weight.detach().relu(); // [out, in]
    return a.matmul(w.transpose(0, 1));
  }
  const c = mod as unknown as Conv2dLike;
  return conv2d(a, c.weight.detach().relu(), null, {
    stride: c.stride,
    padding: c.padding,
    dilation: c.dilation,
    groups: c.groups,
  });
}
