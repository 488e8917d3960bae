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
  GradientShap,
  GuidedBackprop,
  GuidedGradCam,
  heatmapRgba,
  InputXGradient,
  IntegratedGradients,
  infidelity,
  KernelShap,
  LayerConductance,
  LayerGradCam,
  LayerIntegratedGradients,
  Lime,
  LRP,
  mapSimilarity,
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
