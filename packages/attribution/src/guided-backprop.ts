// Guided Backpropagation (Springenberg et al. 2015, arXiv:1412.6806) and Deconvolution (Zeiler & Fergus
// 2014, arXiv:1311.2901): the input gradient with every ReLU module's backward rule changed, through nn
// full backward hooks (as Captum): guided backprop passes only positive gradients where the unit was on,
// ReLU(∂y/∂in); deconvolution passes ReLU(∂y/∂out) whatever the forward mask. Only ReLU *modules* can be
// hooked: a model that calls the relu function directly is refused. Hooks are removed after each call.
import type { AnyModule, RemovableHandle } from "@paramlens/nn";
import type { Tensor } from "@paramlens/tensor";
import { AttributionError } from "./errors";
import { evaluateGradients, rowsOf } from "./evaluate";
import { withHooks } from "./layer";
import { type ModelLike, toForwardFn } from "./model";
import { checkOptions, type OptionKeys } from "./options";
import { internalBatchSize, prepareInput, resolveTargets } from "./prepare";
import { tensorFrom } from "./result";
import type { AttributionResult, Attributor, CommonAttributeOptions, ForwardFn } from "./types";

function reluModules(op: string, model: ModelLike): AnyModule[] {
  const m = model as unknown as AnyModule;
  if (m === null || typeof m !== "object" || typeof m.namedModules !== "function") {
    throw new AttributionError(
      "BAD_OPTION",
      op,
      "the model must be an nn Module (its ReLU modules are hooked)",
    );
  }
  const relus = m
    .namedModules()
    .map(([, mod]) => mod)
    .filter((mod) => mod.typeName === "ReLU");
  if (relus.length === 0) {
    throw new AttributionError(
      "BAD_OPTION",
      op,
      "the model has no ReLU module; use nn.ReLU layers (a relu() call inside forward cannot be hooked)",
    );
  }
  return relus;
}

const COMMON_ATTRIBUTE_KEYS: OptionKeys<CommonAttributeOptions> = { target: true, internalBatchSize: true };

class ModifiedReluGradient implements Attributor<CommonAttributeOptions> {
  private readonly model: ForwardFn;
  private readonly relus: AnyModule[];
  constructor(
    model: ModelLike,
    private readonly name: string,
    private readonly useGradOutput: boolean,
  ) {
    this.relus = reluModules(name, model);
    this.model = toForwardFn(name, model);
  }

  attribute(input: Tensor, options: CommonAttributeOptions = {}): AttributionResult {
    const op = `${this.name}.attribute`;
    checkOptions(op, options, COMMON_ATTRIBUTE_KEYS);
    const p = prepareInput(op, input);
    const targets = resolveTargets(op, options.target, p.n);
    const batch = internalBatchSize(op, options.internalBatchSize);
    const out = new Float32Array(p.n * p.d);
    const handles: RemovableHandle[] = this.relus.map((relu) =>
      relu.registerFullBackwardHook((_m, gradInput, gradOutput) => {
        const g = (this.useGradOutput ? gradOutput : gradInput)[0];
        return g ? [g.relu()] : undefined;
      }),
    );
    withHooks(handles, () =>
      evaluateGradients(op, this.model, p.featShape, rowsOf(p.x, p.n, p.d), targets, batch, (r, _v, g, o) => {
        out.set(g.subarray(o, o + p.d), r * p.d);
      }),
    );
    return { attributions: tensorFrom(out, p.shape) };
  }
}

export class GuidedBackprop extends ModifiedReluGradient {
  constructor(model: ModelLike) {
    super(model, "GuidedBackprop", false);
  }
}

export class Deconvolution extends ModifiedReluGradient {
  constructor(model: ModelLike) {
    super(model, "Deconvolution", true);
  }
}
