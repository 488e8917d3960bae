// Allocations checked against the papers' closed forms, written out here: Chinchilla (Hoffmann et al.
// 2022, eq. 4 with Approach 3's constants from §3.3 / Appendix D.2) N_opt = G·(C/6)^a, D_opt = (C/6)^b / G,
// a = β/(α+β), b = α/(α+β), G = (αA/(βB))^(1/(α+β)); Kaplan et al. 2020 (§6.1) N_opt = 1.3e9 · C_PF-days^0.73.
import { describe, expect, it } from "vitest";
import { InvalidValueError } from "../errors";
import { scaleReport } from "./scale-report";

const HOFFMANN = { E: 1.69, A: 406.4, B: 410.7, alpha: 0.34, beta: 0.28 };
const EPOCH = { E: 1.82, A: 482.01, B: 2085.43, alpha: 0.3478, beta: 0.3658 };

function chinchillaOptimal(c: typeof HOFFMANN, flops: number) {
  const a = c.beta / (c.alpha + c.beta);
  const b = c.alpha / (c.alpha + c.beta);
  const G = ((c.alpha * c.A) / (c.beta * c.B)) ** (1 / (c.alpha + c.beta));
  const parameters = G * (flops / 6) ** a;
  const tokens = (flops / 6) ** b / G;
  return { parameters, tokens, loss: c.E + c.A / parameters ** c.alpha + c.B / tokens ** c.beta };
}

const PF_DAY = 1e15 * 86400;

describe("scaleReport", () => {
  it("splits a budget as Chinchilla's closed form does", () => {
    const r = scaleReport({ compute: 1e23 });
    const want = chinchillaOptimal(HOFFMANN, 1e23);
    expect(r.law.id).toBe("chinchilla");
    expect(r.optimal.parameters).toBeCloseTo(want.parameters, -3);
    expect(r.optimal.tokens / want.tokens).toBeCloseTo(1, 12);
    expect(r.optimal.loss).toBeCloseTo(want.loss, 12);
    expect(6 * r.optimal.parameters * r.optimal.tokens).toBeCloseTo(1e23, -10);
    expect(r.run).toBeUndefined();
  });

  it("uses Epoch AI's re-fit with --law epoch", () => {
    const r = scaleReport({ compute: 5.76e23, law: "epoch" });
    expect(r.optimal.parameters / chinchillaOptimal(EPOCH, 5.76e23).parameters).toBeCloseTo(1, 12);
  });

  it("finds the budget for which a parameter count is optimal", () => {
    const r = scaleReport({ parameters: 7e9 });
    expect(r.optimal.parameters).toBe(7e9);
    const check = chinchillaOptimal(HOFFMANN, r.optimal.flops);
    expect(check.parameters / 7e9).toBeCloseTo(1, 9);
    expect(r.optimal.tokens / check.tokens).toBeCloseTo(1, 9);
  });

  it("finds the budget for which a token count is optimal under Kaplan's law", () => {
    const r = scaleReport({ tokens: 2e12, law: "kaplan" });
    expect(r.optimal.tokens).toBe(2e12);
    const n = 1.3e9 * (r.optimal.flops / PF_DAY) ** 0.73;
    expect(r.optimal.parameters / n).toBeCloseTo(1, 9);
    expect((6 * n * 2e12) / r.optimal.flops).toBeCloseTo(1, 9);
  });

  it("puts a described run beside the optimum of the same budget", () => {
    const r = scaleReport({ parameters: 7e9, tokens: 2e12 });
    expect(r.run?.flops).toBe(6 * 7e9 * 2e12);
    expect(r.optimal.flops).toBe(6 * 7e9 * 2e12);
    expect(r.run?.loss).toBeCloseTo(HOFFMANN.E + HOFFMANN.A / 7e9 ** 0.34 + HOFFMANN.B / 2e12 ** 0.28, 12);
    expect(r.run?.loss).toBeGreaterThan(r.optimal.loss);
    const withCompute = scaleReport({ compute: 1e22, parameters: 1e9 });
    expect(withCompute.run?.tokens).toBeCloseTo(1e22 / 6e9, 0);
  });

  it("uses fitted constants in place of a published law", () => {
    const r = scaleReport({ compute: 1e21, fitted: EPOCH });
    expect(r.law.id).toBe("fit");
    expect(r.optimal.parameters / chinchillaOptimal(EPOCH, 1e21).parameters).toBeCloseTo(1, 12);
  });

  it("needs one or two of compute, parameters and tokens", () => {
    expect(() => scaleReport({})).toThrow(InvalidValueError);
    expect(() => scaleReport({ compute: 1, parameters: 1, tokens: 1 })).toThrow(/over-determine/);
  });
});
