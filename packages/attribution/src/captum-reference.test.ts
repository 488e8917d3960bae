// Every method with a Captum counterpart against the real Captum 0.8.0: src/fixtures/captum/<model>.json
// (attributions and deltas) and <model>.safetensors (weights), written by scripts/captum-fixtures.py on
// small seeded PyTorch models. Each model is rebuilt here with @paramlens/nn, loaded strictly (so layer
// names and weight layouts must be PyTorch's), and every case runs our method with the fixture's options.
// Deterministic methods must agree to 1e-5 relative (atol 1e-5 × the case's largest |value|); random
// methods appear only on the linear model, where the draws cannot change the answer. Cases marked
// `captumBug: 1104` are Captum's broken DeepLift max-pool rule next to a ReLU: there we check that Captum's
// own delta shows the break and ours conserves Σ attributions = f(x) − f(x0).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import {
  Conv2d,
  Flatten,
  Linear,
  loadStateDictFromSafetensors,
  MaxPool2d,
  type Module,
  ReLU,
  Sequential,
  Sigmoid,
  Tanh,
} from "@paramlens/nn";
import { type Tensor, tensor } from "@paramlens/tensor";
import { describe, expect, it } from "vitest";
import {
  Deconvolution,
  DeepLift,
  DeepLiftShap,
  FeatureAblation,
  FeaturePermutation,
  GradientShap,
  GuidedBackprop,
  GuidedGradCam,
  InputXGradient,
  IntegratedGradients,
  InternalInfluence,
  KernelShap,
  LayerActivation,
  LayerConductance,
  LayerDeepLift,
  LayerDeepLiftShap,
  LayerFeatureAblation,
  LayerGradCam,
  LayerGradientShap,
  LayerGradientXActivation,
  LayerIntegratedGradients,
  LRP,
  NeuronConductance,
  NeuronDeconvolution,
  NeuronDeepLift,
  NeuronDeepLiftShap,
  NeuronFeatureAblation,
  NeuronGradient,
  NeuronGradientShap,
  NeuronGuidedBackprop,
  NeuronIntegratedGradients,
  NoiseTunnel,
  Occlusion,
  Saliency,
  ShapleyValueSampling,
  ShapleyValues,
} from "./index";
import type { AttributionResult } from "./types";

interface FixtureTensor {
  shape: number[];
  data: number[];
}
interface Case {
  method: string;
  layer?: string;
  /** NoiseTunnel's wrapped method. */
  inner?: string;
  /** The fixture input to explain, when not "x". */
  input?: string;
  options: Record<string, unknown>;
  attributions: FixtureTensor;
  delta?: number[];
  captumBug?: number;
}
interface Fixture {
  captum: string;
  model: string;
  inputs: Record<string, FixtureTensor>;
  cases: Record<string, Case>;
}

const dir = join(__dirname, "fixtures", "captum");

/** The models of scripts/captum-fixtures.py, layer for layer. */
function build(name: string): Module {
  switch (name) {
    case "mlp":
      return new Sequential(new Linear(6, 8), new ReLU(), new Linear(8, 6), new ReLU(), new Linear(6, 3));
    case "smooth":
      return new Sequential(new Linear(6, 5), new Tanh(), new Linear(5, 4), new Sigmoid(), new Linear(4, 3));
    case "cnn":
      return new Sequential(
        new Conv2d(1, 3, 3),
        new ReLU(),
        new Conv2d(3, 4, 3),
        new MaxPool2d(2),
        new ReLU(),
        new Flatten(),
        new Linear(16, 3),
      );
    case "cnn_tanh":
      return new Sequential(
        new Conv2d(1, 3, 3),
        new Tanh(),
        new Conv2d(3, 4, 3),
        new MaxPool2d(2),
        new Flatten(),
        new Linear(16, 3),
      );
    case "linear":
      return new Sequential(new Linear(6, 3));
    default:
      throw new Error(`no model ${name}`);
  }
}

type Runner = (
  model: Module,
  layer: string | undefined,
  x: Tensor,
  options: never,
  inner?: string,
) => AttributionResult;
const layerOf = (layer: string | undefined): string => {
  if (layer === undefined) throw new Error("layer case without a layer");
  return layer;
};
const METHODS: Record<string, Runner> = {
  Saliency: (m, _l, x, o) => new Saliency(m).attribute(x, o),
  InputXGradient: (m, _l, x, o) => new InputXGradient(m).attribute(x, o),
  IntegratedGradients: (m, _l, x, o) => new IntegratedGradients(m).attribute(x, o),
  DeepLift: (m, _l, x, o) => new DeepLift(m).attribute(x, o),
  DeepLiftShap: (m, _l, x, o) => new DeepLiftShap(m).attribute(x, o),
  GuidedBackprop: (m, _l, x, o) => new GuidedBackprop(m).attribute(x, o),
  Deconvolution: (m, _l, x, o) => new Deconvolution(m).attribute(x, o),
  LRP: (m, _l, x, o) => new LRP(m).attribute(x, o),
  FeatureAblation: (m, _l, x, o) => new FeatureAblation(m).attribute(x, o),
  ShapleyValues: (m, _l, x, o) => new ShapleyValues(m).attribute(x, o),
  ShapleyValueSampling: (m, _l, x, o) => new ShapleyValueSampling(m).attribute(x, o),
  KernelShap: (m, _l, x, o) => new KernelShap(m).attribute(x, o),
  GradientShap: (m, _l, x, o) => new GradientShap(m).attribute(x, o),
  Occlusion: (m, _l, x, o) => new Occlusion(m).attribute(x, o),
  LayerIntegratedGradients: (m, l, x, o) => new LayerIntegratedGradients(m, layerOf(l)).attribute(x, o),
  LayerGradientShap: (m, l, x, o) => new LayerGradientShap(m, layerOf(l)).attribute(x, o),
  LayerDeepLift: (m, l, x, o) => new LayerDeepLift(m, layerOf(l)).attribute(x, o),
  LayerDeepLiftShap: (m, l, x, o) => new LayerDeepLiftShap(m, layerOf(l)).attribute(x, o),
  LayerConductance: (m, l, x, o) => new LayerConductance(m, layerOf(l)).attribute(x, o),
  LayerActivation: (m, l, x) => ({ attributions: new LayerActivation(m, layerOf(l)).attribute(x) }),
  LayerGradCam: (m, l, x, o) => new LayerGradCam(m, layerOf(l)).attribute(x, o),
  GuidedGradCam: (m, l, x, o) => new GuidedGradCam(m, layerOf(l)).attribute(x, o),
  NeuronIntegratedGradients: (m, l, x, o) => new NeuronIntegratedGradients(m, layerOf(l)).attribute(x, o),
  NeuronConductance: (m, l, x, o) => new NeuronConductance(m, layerOf(l)).attribute(x, o),
  NeuronGradient: (m, l, x, o) => new NeuronGradient(m, layerOf(l)).attribute(x, o),
  NeuronGuidedBackprop: (m, l, x, o) => new NeuronGuidedBackprop(m, layerOf(l)).attribute(x, o),
  NeuronDeconvolution: (m, l, x, o) => new NeuronDeconvolution(m, layerOf(l)).attribute(x, o),
  NeuronDeepLift: (m, l, x, o) => new NeuronDeepLift(m, layerOf(l)).attribute(x, o),
  NeuronDeepLiftShap: (m, l, x, o) => new NeuronDeepLiftShap(m, layerOf(l)).attribute(x, o),
  NeuronGradientShap: (m, l, x, o) => new NeuronGradientShap(m, layerOf(l)).attribute(x, o),
  NeuronFeatureAblation: (m, l, x, o) => new NeuronFeatureAblation(m, layerOf(l)).attribute(x, o),
  LayerGradientXActivation: (m, l, x, o) => new LayerGradientXActivation(m, layerOf(l)).attribute(x, o),
  InternalInfluence: (m, l, x, o) => new InternalInfluence(m, layerOf(l)).attribute(x, o),
  LayerFeatureAblation: (m, l, x, o) => new LayerFeatureAblation(m, layerOf(l)).attribute(x, o),
  FeaturePermutation: (m, _l, x, o) => new FeaturePermutation(m).attribute(x, o),
  NoiseTunnel: (m, _l, x, o, inner) => {
    const wrapped = inner === "Saliency" ? new Saliency(m) : new IntegratedGradients(m);
    return new NoiseTunnel<object>(wrapped).attribute(x, o);
  },
};

/** Option values naming a fixture input ("b", "bd", "mask") become that tensor; masks are int32. */
function resolveOptions(fx: Fixture, options: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(options)) {
    if (typeof v === "string" && v in fx.inputs) {
      const t = tensor(fx.inputs[v]!.data, fx.inputs[v]!.shape);
      out[k] = k === "featureMask" || k === "layerMask" ? t.int() : t;
    } else {
      out[k] = v;
    }
  }
  return out;
}

function maxAbs(v: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < v.length; i++) m = Math.max(m, Math.abs(v[i]!));
  return m;
}

/** |a − e| ≤ 1e-5·|e| + 1e-5·max|e| elementwise, reporting the worst element. */
function expectAgree(name: string, actual: ArrayLike<number>, expected: ArrayLike<number>): void {
  expect(actual.length, `${name}: length`).toBe(expected.length);
  const scale = maxAbs(expected);
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i]!;
    const e = expected[i]!;
    expect(Math.abs(a - e), `${name}[${i}]: got ${a}, Captum ${e}`).toBeLessThanOrEqual(
      1e-5 * Math.abs(e) + 1e-5 * scale,
    );
  }
}

for (const name of ["mlp", "smooth", "cnn", "cnn_tanh", "linear"]) {
  const fx = JSON.parse(readFileSync(join(dir, `${name}.json`), "utf8")) as Fixture;
  describe(`against Captum ${fx.captum}: ${name}`, () => {
    const model = build(name);
    loadStateDictFromSafetensors(model, new Uint8Array(readFileSync(join(dir, `${name}.safetensors`))));
    model.eval();
    const x = tensor(fx.inputs.x!.data, fx.inputs.x!.shape);
    for (const [caseName, c] of Object.entries(fx.cases)) {
      it(caseName, () => {
        const run = METHODS[c.method];
        if (run === undefined) throw new Error(`no runner for ${c.method}`);
        const inp = c.input === undefined ? x : tensor(fx.inputs[c.input]!.data, fx.inputs[c.input]!.shape);
        const r = run(model, c.layer, inp, resolveOptions(fx, c.options) as never, c.inner);
        expect(r.attributions.shape).toEqual(c.attributions.shape);
        if (c.captumBug !== undefined) {
          const scale = maxAbs(c.attributions.data);
          expect(maxAbs(c.delta!), "Captum's delta shows its bug").toBeGreaterThan(0.05 * scale);
          expect(maxAbs(r.delta!), "ours conserves").toBeLessThan(1e-5 * scale);
          return;
        }
        expectAgree(caseName, r.attributions.toArray(), c.attributions.data);
        if (c.delta !== undefined) {
          expect(r.delta, `${caseName}: delta`).toBeDefined();
          // deltas are differences of nearly equal sums: compare against the size of f(x) − f(x0)
          const scale = Math.max(maxAbs(c.attributions.data), maxAbs(c.delta));
          r.delta!.forEach((d, i) => {
            expect(
              Math.abs(d - c.delta![i]!),
              `${caseName} delta[${i}]: got ${d}, Captum ${c.delta![i]}`,
            ).toBeLessThanOrEqual(1e-4 * scale);
          });
        }
      });
    }
  });
}
