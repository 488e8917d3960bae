// specParameters: the count from layer shapes equals the built model's, and matches hand arithmetic.
import { countParameters } from "@paramlens/nn";
import { describe, expect, it } from "vitest";
import { imageSpec } from "../train/train-run";
import { buildModel } from "./build-model";
import { specParameters } from "./spec-parameters";

const classes = Array.from({ length: 10 }, (_, i) => `c${i}`);

describe("specParameters", () => {
  it("counts the default and custom-size models as their layer shapes add up", () => {
    // Linear 784→256, 256→128, 128→10: weights + biases.
    expect(specParameters(imageSpec("mlp", {}, classes))).toBe(
      784 * 256 + 256 + 256 * 128 + 128 + 128 * 10 + 10,
    );
    // conv 1→16 3×3, conv 16→32 3×3, Linear 32·7·7→128, Linear 128→10: 206,922 (the docs README's figure).
    expect(specParameters(imageSpec("cnn", {}, classes))).toBe(206_922);
    // conv 1→8 3×3, conv 8→16 3×3, Linear 16·7·7→32, Linear 32→10: 26,698 (the docs demo CNN's sidecar).
    expect(specParameters(imageSpec("cnn", { channels: [8, 16], hidden: [32] }, classes))).toBe(
      8 * 9 + 8 + 16 * 8 * 9 + 16 + 16 * 7 * 7 * 32 + 32 + 32 * 10 + 10,
    );
  });

  it("agrees with nn's countParameters on the built model", () => {
    for (const spec of [
      imageSpec("mlp", { hidden: [7] }, classes),
      imageSpec("mlp", { hidden: [12, 9, 5] }, classes),
      imageSpec("cnn", { channels: [3, 5], hidden: [11] }, classes),
      imageSpec("cnn", { hidden: [4] }, classes.slice(0, 3)),
    ]) {
      expect(specParameters(spec), JSON.stringify(spec)).toBe(countParameters(buildModel(spec)));
    }
  });
});
