// fitScalingLaw: runs generated from known constants must be recovered; noisy runs give a residual of the
// noise's size; bad input is refused with FitError.
import { describe, expect, it } from "vitest";
import { FitError } from "./errors";
import { fitScalingLaw, type ScalingRun } from "./fit-scaling-law";
import { CHINCHILLA_FITS, chinchilla } from "./scaling-laws";

function grid(fit: "hoffmann2022" | "epoch2024", noise: (i: number) => number = () => 0): ScalingRun[] {
  const runs: ScalingRun[] = [];
  let i = 0;
  for (const n of [7e7, 2e8, 6e8, 2e9, 6e9, 1.6e10]) {
    for (const d of [5e9, 2e10, 8e10, 3e11, 5e11]) {
      runs.push({ parameters: n, tokens: d, loss: chinchilla(n, d, fit) + noise(i++) });
    }
  }
  return runs;
}

describe("fitScalingLaw", () => {
  it("recovers Hoffmann et al.'s constants from exact runs", () => {
    const fit = fitScalingLaw(grid("hoffmann2022"));
    const c = CHINCHILLA_FITS.hoffmann2022;
    expect(fit.rmse).toBeLessThan(1e-6);
    expect(fit.constants.E).toBeCloseTo(c.E, 3);
    expect(fit.constants.alpha).toBeCloseTo(c.alpha, 3);
    expect(fit.constants.beta).toBeCloseTo(c.beta, 3);
    expect(fit.constants.A / c.A).toBeCloseTo(1, 2);
    expect(fit.constants.B / c.B).toBeCloseTo(1, 2);
    expect(fit.residuals).toHaveLength(30);
  });
  it("recovers the Epoch re-fit's constants too", () => {
    const fit = fitScalingLaw(grid("epoch2024"));
    expect(fit.rmse).toBeLessThan(1e-6);
    expect(fit.constants.alpha).toBeCloseTo(0.3478, 3);
    expect(fit.constants.beta).toBeCloseTo(0.3658, 3);
  });
  it("reports a residual the size of the noise", () => {
    // Deterministic ±0.01 noise.
    const fit = fitScalingLaw(grid("hoffmann2022", (i) => (i % 2 === 0 ? 0.01 : -0.01)));
    expect(fit.rmse).toBeGreaterThan(0.005);
    expect(fit.rmse).toBeLessThan(0.011);
    expect(fit.maxAbsResidual).toBeLessThan(0.03);
  });
  it("refuses runs it cannot fit", () => {
    const code = (runs: unknown) => {
      try {
        fitScalingLaw(runs as ScalingRun[]);
      } catch (e) {
        expect(e).toBeInstanceOf(FitError);
        return (e as FitError).message;
      }
      throw new Error("test: expected a FitError");
    };
    expect(code(grid("hoffmann2022").slice(0, 4))).toMatch(/at least 5 runs.*got 4/);
    const same = Array.from({ length: 6 }, (_, i) => ({ parameters: 1e9, tokens: 1e10 * (i + 1), loss: 3 }));
    expect(code(same)).toMatch(/two distinct parameter counts/);
    const bad = grid("hoffmann2022");
    bad[3] = { parameters: 1e9, tokens: 1e10, loss: Number.NaN };
    expect(code(bad)).toMatch(/runs\[3\]\.loss NaN must be a finite number > 0/);
  });
});
