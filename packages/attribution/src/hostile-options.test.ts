// Absurd step and sample counts are refused up front with a typed error stating the limit, and a model whose
// parameters (hence outputs) are NaN gives a typed error instead of NaN attribution maps.
import { Linear, ReLU, Sequential } from "@paramlens/nn";
import { tensor } from "@paramlens/tensor";
import { describe, expect, it } from "vitest";
import { AttributionError } from "./errors";
import {
  FeatureAblation,
  GradientShap,
  IntegratedGradients,
  LayerConductance,
  MAX_COUNT_OPTION,
  MAX_PATH_STEPS,
  NoiseTunnel,
  Occlusion,
  Saliency,
} from "./index";

const x = tensor([
  [0.5, -1, 2],
  [1, 0, -0.5],
]);

function fails(fn: () => unknown): AttributionError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(AttributionError);
    return e as AttributionError;
  }
  throw new Error("expected an AttributionError");
}

describe("hostile options and models", () => {
  const net = new Sequential(new Linear(3, 4), new ReLU(), new Linear(4, 2));

  it("refuses nSteps: 1e9 and nSamples: 1e9 before running the model, naming the limit", () => {
    let calls = 0;
    const counted = (input: Parameters<typeof net.call>[0]) => {
      calls++;
      return net.call(input);
    };
    const t0 = performance.now();
    const ig = fails(() => new IntegratedGradients(counted).attribute(x, { target: 0, nSteps: 1e9 }));
    expect(ig.code).toBe("TOO_MANY_STEPS");
    expect(ig.message).toContain(String(MAX_PATH_STEPS));
    const lc = fails(() => new LayerConductance(net, "0").attribute(x, { target: 0, nSteps: 1e9 }));
    expect(lc.code).toBe("TOO_MANY_STEPS");
    const gs = fails(() =>
      new GradientShap(counted).attribute(x, { target: 0, nSamples: 1e9, baselines: tensor([[0, 0, 0]]) }),
    );
    expect(gs.code).toBe("TOO_MANY_STEPS");
    expect(gs.message).toContain(String(MAX_COUNT_OPTION));
    const nt = fails(() => new NoiseTunnel(new Saliency(counted)).attribute(x, { target: 0, nSamples: 1e9 }));
    expect(nt.code).toBe("TOO_MANY_STEPS");
    expect(calls).toBe(0);
    expect(performance.now() - t0).toBeLessThan(2000);
  });

  it("raises NON_FINITE for a model with NaN parameters instead of returning NaN maps", () => {
    const last = new Linear(4, 2);
    const broken = new Sequential(new Linear(3, 4), new ReLU(), last);
    last.weight.data.fill(Number.NaN);
    for (const run of [
      () => new Saliency(broken).attribute(x, { target: 0 }),
      () => new IntegratedGradients(broken).attribute(x, { target: 1, nSteps: 4 }),
      () => new Occlusion(broken).attribute(x, { target: 0, slidingWindowShapes: [1] }),
      () => new FeatureAblation(broken).attribute(x, { target: 0 }),
    ]) {
      const e = fails(run);
      expect(e.code).toBe("NON_FINITE");
      expect(e.message).toMatch(/NaN/);
    }
  });
});
