// End-to-end: `paramlens scale` through the built bin — allocations under each law, a fit of runs
// generated from known constants, and bad input.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runBin } from "./run-bin";

let dir: string;
// Runs generated from a known Chinchilla-form law, so the fit has a right answer.
const truth = { E: 1.8, A: 400, B: 1000, alpha: 0.35, beta: 0.3 };
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "paramlens-scale-"));
  const rows = ["parameters,tokens,loss"];
  for (const n of [1e7, 3e7, 1e8, 3e8, 1e9]) {
    for (const d of [1e9, 1e10, 1e11]) {
      rows.push(`${n},${d},${truth.E + truth.A / n ** truth.alpha + truth.B / d ** truth.beta}`);
    }
  }
  writeFileSync(join(dir, "runs.csv"), `${rows.join("\n")}\n`);
  writeFileSync(join(dir, "bad.csv"), "parameters,tokens,loss\n1e8,2e9,3.1\n1e8,2e9,n/a\n");
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("paramlens scale", () => {
  it("allocates 1e23 FLOPs under Chinchilla (Hoffmann et al. 2022, eq. 4, Approach 3 constants)", async () => {
    const r = await runBin(["scale", "--compute", "1e23", "--json"]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("");
    const { optimal } = JSON.parse(r.stdout);
    const [A, B, alpha, beta] = [406.4, 410.7, 0.34, 0.28];
    const G = ((alpha * A) / (beta * B)) ** (1 / (alpha + beta));
    expect(optimal.parameters / (G * (1e23 / 6) ** (beta / (alpha + beta)))).toBeCloseTo(1, 10);
    expect(optimal.flops).toBe(1e23);
  });

  it("prints a table for --params, and the run beside the optimum for --params with --tokens", async () => {
    const r = await runBin(["scale", "--params", "7e9"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("compute-optimal");
    expect(r.stdout).toMatch(/parameters N\s+7B/);
    const run = await runBin(["scale", "--params", "7B", "--tokens", "2T"]);
    expect(run.stdout).toContain("your run");
    expect(run.stdout).toContain("8.40e22 FLOPs");
  });

  it("uses Kaplan et al. 2020 with --law kaplan", async () => {
    const r = await runBin(["scale", "--tokens", "2e12", "--law", "kaplan", "--json"]);
    const { law, optimal } = JSON.parse(r.stdout);
    expect(law.id).toBe("kaplan");
    expect(optimal.tokens).toBe(2e12);
    expect(optimal.parameters / (1.3e9 * (optimal.flops / 8.64e19) ** 0.73)).toBeCloseTo(1, 9);
  });

  it("fits runs.csv and recovers the constants that generated it", async () => {
    const r = await runBin(["scale", "--fit", join(dir, "runs.csv"), "--json"]);
    expect(r.code).toBe(0);
    const { fit, runs } = JSON.parse(r.stdout);
    expect(runs).toHaveLength(15);
    expect(fit.rmse).toBeLessThan(1e-6);
    expect(fit.constants.E).toBeCloseTo(truth.E, 4);
    expect(fit.constants.alpha).toBeCloseTo(truth.alpha, 4);
    expect(fit.constants.beta).toBeCloseTo(truth.beta, 4);
    const table = await runBin(["scale", "--fit", join(dir, "runs.csv"), "--compute", "1e21"]);
    expect(table.stdout).toContain("fitted L = E + A/N^α + B/D^β to 15 runs");
    expect(table.stdout).toContain("Chinchilla form fitted to your runs");
  });
});

describe("paramlens scale: errors", () => {
  it("reports bad numbers and bad CSV files with exit 1 and one line", async () => {
    const r = await runBin(["scale", "--compute", "lots"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('error --compute: expected a number such as 7e9, 7B or 7000000000, got "lots"\n');
    const zero = await runBin(["scale", "--params", "0"]);
    expect(zero.code).toBe(1);
    expect(zero.stderr).toBe("error --params: 0 must be positive (greater than 0)\n");
    const missing = await runBin(["scale", "--fit", join(dir, "none.csv")]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe(`error ${join(dir, "none.csv")}: no such file or directory\n`);
    const bad = await runBin(["scale", "--fit", join(dir, "bad.csv")]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toBe(`error ${join(dir, "bad.csv")}: line 3: loss "n/a" is not a number\n`);
  });

  it("passes on a fit that cannot be made (too few runs)", async () => {
    const few = join(dir, "few.csv");
    writeFileSync(few, "n,d,loss\n1e8,1e9,3\n2e8,2e9,2.9\n");
    const r = await runBin(["scale", "--fit", few]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("needs at least 5 runs");
  });

  it("treats a missing or over-determined question as a usage error (exit 2)", async () => {
    const none = await runBin(["scale"]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain("give --compute, --params or --tokens");
    const all = await runBin(["scale", "--compute", "1e23", "--params", "1e9", "--tokens", "1e12"]);
    expect(all.code).toBe(2);
    expect(all.stderr).toContain("over-determine");
    const law = await runBin(["scale", "--compute", "1e23", "--law", "moore"]);
    expect(law.code).toBe(2);
    const both = await runBin(["scale", "--fit", join(dir, "runs.csv"), "--law", "kaplan"]);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain("--fit uses the law fitted to your runs");
  });
});
