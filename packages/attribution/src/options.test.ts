// Every method and metric rejects an option it does not know (typed UNKNOWN_OPTION error) instead of
// silently ignoring it, and NoiseTunnel hands the wrapped method's options through to its own check.
import { Linear, ReLU, Sequential } from "@paramlens/nn";
import { type Tensor, tensor } from "@paramlens/tensor";
import { describe, expect, it } from "vitest";
import {
  Deconvolution,
  DeepLift,
  DeepLiftShap,
  deletionCurve,
  FeatureAblation,
  FeaturePermutation,
  GradientShap,
  GuidedBackprop,
  GuidedGradCam,
  heatmapRgba,
  InputXGradient,
  IntegratedGradients,
  InternalInfluence,
  infidelity,
  KernelShap,
  LayerActivation,
  LayerConductance,
  LayerDeepLift,
  LayerDeepLiftShap,
  LayerFeatureAblation,
  LayerFeaturePermutation,
  LayerGradCam,
  LayerGradientShap,
  LayerGradientXActivation,
  LayerIntegratedGradients,
  Lime,
  LRP,
  mapSimilarity,
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
  parameterStats,
  Saliency,
  ShapleyValueSampling,
  ShapleyValues,
  sensitivityMax,
  tensorStats,
} from "./index";
import { checkOptions } from "./options";

const net = new Sequential(new Linear(3, 4), new ReLU(), new Linear(4, 2));
const x = tensor([
  [0.5, -1, 2],
  [1, 0.25, -0.5],
]);
const bad = { nStep: 5 } as never;

function expectUnknown(fn: () => unknown): void {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  expect(caught).toMatchObject({ name: "AttributionError", code: "UNKNOWN_OPTION" });
  expect((caught as Error).message).toMatch(/unknown option "nStep"; known: /);
}

describe("unknown options", () => {
  it("are rejected by every attribution method", () => {
    const methods: { attribute(x: Tensor, o?: never): unknown }[] = [
      new Saliency(net),
      new InputXGradient(net),
      new IntegratedGradients(net),
      new GradientShap(net),
      new DeepLift(net),
      new DeepLiftShap(net),
      new GuidedBackprop(net),
      new Deconvolution(net),
      new LRP(net),
      new FeatureAblation(net),
      new Occlusion(net),
      new ShapleyValues(net),
      new ShapleyValueSampling(net),
      new KernelShap(net),
      new Lime(net),
      new LayerIntegratedGradients(net, "0"),
      new LayerConductance(net, "0"),
      new LayerGradCam(net, "0"),
      new GuidedGradCam(net, "0"),
      new NeuronIntegratedGradients(net, "0"),
      new NoiseTunnel(new Saliency(net)),
      new FeaturePermutation(net),
      new InternalInfluence(net, "0"),
      new LayerFeatureAblation(net, "0"),
      new LayerGradientXActivation(net, "0"),
      new LayerActivation(net, "0"),
      new NeuronGradient(net, "0"),
      new NeuronGuidedBackprop(net, "0"),
      new NeuronDeconvolution(net, "0"),
      new NeuronDeepLift(net, "0"),
      new NeuronDeepLiftShap(net, "0"),
      new NeuronGradientShap(net, "0"),
      new NeuronFeatureAblation(net, "0"),
      new NeuronConductance(net, "0"),
      new LayerDeepLift(net, "0"),
      new LayerDeepLiftShap(net, "0"),
      new LayerGradientShap(net, "0"),
      new LayerFeaturePermutation(net, "0"),
    ];
    for (const m of methods) expectUnknown(() => m.attribute(x, bad));
  });

  it("are rejected by the metrics and renderers", () => {
    const attr = tensor([
      [1, 0, 0],
      [0, 1, 0],
    ]);
    expectUnknown(() => deletionCurve(net, x, attr, bad));
    expectUnknown(() => infidelity(net, x, attr, bad));
    expectUnknown(() => sensitivityMax((t) => t, x, bad));
    expectUnknown(() => mapSimilarity(attr, attr, bad));
    expectUnknown(() => heatmapRgba(tensor([[1, 2]]), bad));
  });

  it("of the parameter analysis raise ParameterAnalysisError", () => {
    expect(() => tensorStats(tensor([1, 2]), { bin: 3 } as never)).toThrow(
      expect.objectContaining({ name: "ParameterAnalysisError", code: "UNKNOWN_OPTION" }),
    );
    expect(() => parameterStats({ w: tensor([1, 2]) }, { bin: 3 } as never)).toThrow(
      expect.objectContaining({ code: "UNKNOWN_OPTION" }),
    );
  });

  it("list at most three names, cut long ones, and refuse non-objects", () => {
    const known = { a: true } as const;
    const long = "x".repeat(500);
    expect(() => checkOptions<{ a?: number }>("op", { [long]: 1, b: 1, c: 1, d: 1 } as never, known)).toThrow(
      /unknown options "x{40}…", "b", "c" and 1 more; known: a$/,
    );
    expect(() => checkOptions<{ a?: number }>("op", [] as never, known)).toThrow(
      /options must be an object, got an array/,
    );
    expect(() => checkOptions<{ a?: number }>("op", undefined, known)).not.toThrow();
  });
});

describe("new methods' argument checks", () => {
  it("FeaturePermutation needs two examples and one mask for all of them", () => {
    const fp = new FeaturePermutation(net);
    expect(() => fp.attribute(x.slice(0, 0, 1), { target: 0 })).toThrow(/at least 2 examples, got 1/);
    const perExample = tensor([
      [0, 0, 1],
      [0, 1, 1],
    ]).int();
    expect(() => fp.attribute(x, { target: 0, featureMask: perExample })).toThrow(
      expect.objectContaining({ code: "BAD_MASK" }),
    );
  });

  it("NoiseTunnel draws baselines only from a distribution, and passes the wrapped method's deltas through", () => {
    const nt = new NoiseTunnel(new IntegratedGradients(net));
    expect(() => nt.attribute(x, { target: 0, drawBaselineFromDistrib: true })).toThrow(
      /drawBaselineFromDistrib needs baselines \[B, 3\]/,
    );
    // Saliency has no delta: it rejects the option it does not know
    expect(() =>
      new NoiseTunnel(new Saliency(net)).attribute(x, { target: 0, returnConvergenceDelta: true }),
    ).toThrow(expect.objectContaining({ code: "UNKNOWN_OPTION" }));
    const r = nt.attribute(x, { target: 0, nSamples: 3, stdevs: 0, nSteps: 8, returnConvergenceDelta: true });
    const ig = new IntegratedGradients(net).attribute(x, {
      target: 0,
      nSteps: 8,
      returnConvergenceDelta: true,
    });
    // zero noise: copy s of example i repeats example i's delta, at i·3 + s
    expect(r.delta).toEqual(ig.delta!.flatMap((d) => [d, d, d]));
  });

  it("LayerFeaturePermutation of two examples is ablation to the other example's layer values", () => {
    // with N = 2 the only non-identity permutation is the swap, so each unit takes the other example's value
    const acts = new LayerActivation(net, "1").attribute(x); // [2, 4]
    const swapped = tensor([...acts.toArray().slice(4), ...acts.toArray().slice(0, 4)], [2, 4]);
    const mask = tensor([[0, 0, 1, 2]]).int();
    const perm = new LayerFeaturePermutation(net, "1").attribute(x, { target: 1, layerMask: mask });
    const abl = new LayerFeatureAblation(net, "1").attribute(x, {
      target: 1,
      layerMask: mask,
      layerBaselines: swapped,
    });
    expect(perm.attributions.toArray()).toEqual(abl.attributions.toArray());
    expect(() => new LayerFeaturePermutation(net, "1").attribute(x.slice(0, 0, 1), { target: 1 })).toThrow(
      /at least 2 examples, got 1/,
    );
  });

  it("neuron methods need a neuron inside the layer output", () => {
    expect(() => new NeuronGradient(net, "0").attribute(x, {})).toThrow(/neuron must be a list/);
    expect(() => new NeuronGradient(net, "0").attribute(x, { neuron: [4] })).toThrow(
      /neuron \[4\] is not an index into the layer output \[4\]/,
    );
    // the layer's call is wrapped only during the forward pass, also when it throws
    expect(Object.hasOwn(net.getSubmodule("0"), "call")).toBe(false);
  });
});
