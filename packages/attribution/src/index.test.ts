// The public entry exports every attribution method the README documents (DeepLift and DeepLiftShap were
// once implemented and tested but missing here).
import { describe, expect, it } from "vitest";
import * as api from "./index";

describe("public API", () => {
  it("exports every documented attribution method as a class", () => {
    const methods = [
      "Saliency",
      "InputXGradient",
      "IntegratedGradients",
      "GradientShap",
      "NoiseTunnel",
      "GuidedBackprop",
      "Deconvolution",
      "DeepLift",
      "DeepLiftShap",
      "LRP",
      "Occlusion",
      "FeatureAblation",
      "ShapleyValueSampling",
      "KernelShap",
      "Lime",
      "LayerGradCam",
      "GuidedGradCam",
      "LayerActivation",
      "LayerIntegratedGradients",
      "LayerConductance",
      "NeuronIntegratedGradients",
    ];
    const missing = methods.filter((name) => typeof (api as Record<string, unknown>)[name] !== "function");
    expect(missing).toEqual([]);
  });
});
