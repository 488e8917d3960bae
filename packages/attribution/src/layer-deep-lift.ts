// LayerDeepLift and LayerDeepLiftShap (as Captum's): DeepLIFT's rescale multipliers taken with respect to
// a layer's output A instead of the input, times A(x) − A(x0):
//   attr = (A(x) − A(x0)) ⊙ m_A,   Σ attr = f(x) − f(x0) (summation-to-delta, `returnConvergenceDelta`),
// with the hooks of deep-lift.ts on every nonlinearity except the layer itself (as Captum with
// attribute_to_layer_input=False). The Shap version pairs each example with every baseline of a
// distribution [B, ...F] and averages; its delta is per (example, baseline) pair, example-major.
import type { AnyModule } from "@paramlens/nn";
import { enableGrad, formatShape, grad, noGrad, Tensor, tensor } from "@paramlens/tensor";
import { deepLiftModules, registerDeepLiftHooks } from "./deep-lift";
import { AttributionError } from "./errors";
import { selectOutputs } from "./evaluate";
import { outputsAtTensor } from "./evaluate-tensor";
import { expectLayerRan, hookLayerOutput, type LayerRef, resolveLayer, withHooks } from "./layer";
import { type ModelLike, toForwardFn } from "./model";
import { checkOptions, type OptionKeys } from "./options";
import { internalBatchSize, prepareInput, resolveBaselines, resolveTargets } from "./prepare";
import type { AttributionResult, Attributor, Baselines, CommonAttributeOptions, ForwardFn } from "./types";

export interface LayerDeepLiftOptions extends CommonAttributeOptions {
  /** Reference input x0; default 0. */
  baselines?: Baselines;
  /** Also return Σ attr − (f(x) − f(x0)) per example. */
  returnConvergenceDelta?: boolean;
  /** Multiply the multipliers by A(x) − A(x0); default true. */
  multiplyByInputs?: boolean;
}

const KEYS: OptionKeys<LayerDeepLiftOptions> = {
  target: true,
  internalBatchSize: true,
  baselines: true,
  returnConvergenceDelta: true,
  multiplyByInputs: true,
};

export class LayerDeepLift implements Attributor<LayerDeepLiftOptions> {
  private readonly model: ForwardFn;
  private readonly layer: AnyModule;
  private readonly hooked: AnyModule[];
  constructor(model: ModelLike, layer: LayerRef) {
    const op = "LayerDeepLift";
    this.layer = resolveLayer(op, model, layer);
    this.hooked = deepLiftModules(op, model).filter((m) => m !== this.layer);
    this.model = toForwardFn(op, model);
  }

  /** attributions: [N, ...L], shaped like the layer output. */
  attribute(input: Tensor, options: LayerDeepLiftOptions = {}): AttributionResult {
    const op = "LayerDeepLift.attribute";
    checkOptions(op, options, KEYS);
    const p = prepareInput(op, input);
    const targets = resolveTargets(op, options.target, p.n);
    const baselines = resolveBaselines(op, options.baselines, p);
    const batch = internalBatchSize(op, options.internalBatchSize);
    const multiply = options.multiplyByInputs ?? true;
    const { n, d } = p;
    const parts: Float32Array[] = [];
    let layerShape: number[] = [];
    const hooks = registerDeepLiftHooks(this.hooked);
    withHooks(hooks.handles, () => {
      for (let s = 0; s < n; s += batch) {
        const size = Math.min(batch, n - s);
        const t = targets === null ? null : targets.subarray(s, s + size);
        const chunk = (data: Float32Array) =>
          new Tensor(data.slice(s * d, (s + size) * d), [size, ...p.featShape]);
        // baseline pass: record every module's reference values and A(x0)
        hooks.start("baseline");
        let a0: Tensor | null = null;
        const h0 = hookLayerOutput(op, this.layer, (out) => {
          a0 = out.detach();
          return undefined;
        });
        withHooks([h0.handle], () => {
          noGrad(() => this.model(chunk(baselines)));
          expectLayerRan(op, this.layer, h0.calls());
        });
        // input pass: A(x) becomes a leaf, the multipliers are ∂(target)/∂leaf under the hooks
        hooks.start("input");
        let leaf: Tensor | null = null;
        const h1 = hookLayerOutput(op, this.layer, (out) => {
          leaf = new Tensor(out.float().toTypedArray() as Float32Array, out.shape).requiresGrad_();
          return leaf;
        });
        const g = withHooks([h1.handle], () =>
          enableGrad(() => {
            const selected = selectOutputs(op, this.model(chunk(p.x)), size, t);
            expectLayerRan(op, this.layer, h1.calls());
            const a = leaf as unknown as Tensor;
            if (!selected.requiresGrad) return new Float32Array(a.size);
            return grad(selected.sum(), a, { allowUnused: true })[0]!.toTypedArray() as Float32Array;
          }),
        );
        const a = (leaf as unknown as Tensor).toTypedArray() as Float32Array;
        const r = (a0 as unknown as Tensor).float().toTypedArray() as Float32Array;
        if (r.length !== a.length) {
          throw new AttributionError(
            "BAD_OUTPUT",
            op,
            `the layer's output differs in size between input and baselines (${a.length} vs ${r.length})`,
          );
        }
        layerShape = (leaf as unknown as Tensor).shape.slice(1);
        const out = new Float32Array(a.length);
        for (let k = 0; k < a.length; k++) out[k] = multiply ? (a[k]! - r[k]!) * g[k]! : g[k]!;
        parts.push(out);
      }
    });
    const l = layerShape.reduce((u, v) => u * v, 1);
    const attr = new Float32Array(n * l);
    parts.forEach((part, c) => {
      attr.set(part, c * batch * l);
    });
    const result: AttributionResult = { attributions: tensor(attr, [n, ...layerShape]) };
    if (options.returnConvergenceDelta) {
      const fx = outputsAtTensor(op, this.model, input, targets, batch);
      const fb = outputsAtTensor(op, this.model, tensor(baselines, p.shape), targets, batch);
      result.delta = Array.from({ length: n }, (_, i) => {
        let sum = 0;
        for (let j = 0; j < l; j++) sum += attr[i * l + j]!;
        return sum - (fx[i]! - fb[i]!);
      });
    }
    return result;
  }
}

export interface LayerDeepLiftShapOptions extends LayerDeepLiftOptions {
  /** Reference distribution [B, ...F], B ≥ 1. Required. */
  baselines?: Tensor;
}

export class LayerDeepLiftShap implements Attributor<LayerDeepLiftShapOptions> {
  private readonly deepLift: LayerDeepLift;
  constructor(model: ModelLike, layer: LayerRef) {
    this.deepLift = new LayerDeepLift(model, layer);
  }

  /** attributions: [N, ...L], the mean over baselines of LayerDeepLift. */
  attribute(input: Tensor, options: LayerDeepLiftShapOptions = {}): AttributionResult {
    const op = "LayerDeepLiftShap.attribute";
    checkOptions(op, options, KEYS);
    const p = prepareInput(op, input);
    const targets = resolveTargets(op, options.target, p.n);
    const ref = options.baselines;
    if (
      !(ref instanceof Tensor) ||
      ref.shape.length !== p.featShape.length + 1 ||
      ref.shape[0] === 0 ||
      p.featShape.some((s, i) => ref.shape[i + 1] !== s)
    ) {
      throw new AttributionError(
        "BAD_BASELINE",
        op,
        `baselines must be a distribution [B, ${p.featShape.join(", ")}] with B ≥ 1, got ${ref instanceof Tensor ? formatShape(ref.shape) : "none"}`,
      );
    }
    const b = ref.shape[0]!;
    const refData = ref.float().toTypedArray() as Float32Array;
    const xs = new Float32Array(p.n * b * p.d);
    const bs = new Float32Array(p.n * b * p.d);
    for (let i = 0; i < p.n; i++) {
      for (let k = 0; k < b; k++) {
        xs.set(p.x.subarray(i * p.d, (i + 1) * p.d), (i * b + k) * p.d);
        bs.set(refData.subarray(k * p.d, (k + 1) * p.d), (i * b + k) * p.d);
      }
    }
    const rowTargets =
      targets === null ? undefined : Array.from({ length: p.n * b }, (_, r) => targets[Math.floor(r / b)]!);
    const r = this.deepLift.attribute(tensor(xs, [p.n * b, ...p.featShape]), {
      target: rowTargets,
      baselines: tensor(bs, [p.n * b, ...p.featShape]),
      internalBatchSize: options.internalBatchSize,
      returnConvergenceDelta: options.returnConvergenceDelta,
      multiplyByInputs: options.multiplyByInputs,
    });
    const a = r.attributions.toTypedArray();
    const shape = r.attributions.shape.slice(1);
    const l = a.length / (p.n * b);
    const out = new Float32Array(p.n * l);
    for (let i = 0; i < p.n; i++) {
      for (let j = 0; j < l; j++) {
        let s = 0;
        for (let k = 0; k < b; k++) s += a[(i * b + k) * l + j]!;
        out[i * l + j] = s / b;
      }
    }
    const result: AttributionResult = { attributions: tensor(out, [p.n, ...shape]) };
    if (r.delta) result.delta = r.delta;
    return result;
  }
}
