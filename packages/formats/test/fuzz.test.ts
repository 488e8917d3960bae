// The fuzz and bad-input suite (issue 20): seed files, every hand-made hostile case with its expected
// verdict, and mutated files (structure-aware and byte-level), each run by every reader in a worker thread
// with a watchdog and a memory limit. Must hold: no untyped error, no hang, no worker out of memory, and
// peak memory per input within 64 × its size + 16 MB. The normal test run does a short pass;
// `pnpm --filter @paramlens/formats fuzz` a long one (FUZZ_INPUTS mutants, default 10,000 there).
import { describe, expect, it } from "vitest";
import { formatReport, runFuzz } from "./fuzz/harness";
import { mutant } from "./fuzz/mutate";
import { hostileCases, seedCases } from "./fuzz/seeds";

const MUTANTS = Number(process.env.FUZZ_INPUTS ?? 150);
const SEED = Number(process.env.FUZZ_SEED ?? 20);
const options = { watchdogMs: 15_000, maxOldGenerationSizeMb: 256 };

describe("fuzz and bad-input suite", () => {
  it("gives every hand-made hostile case (issue 20) its expected verdict, typed, in a worker", async () => {
    const cases = [...seedCases(), ...hostileCases()];
    const report = await runFuzz(cases, options);
    console.log(`hostile and seed cases:\n${formatReport(report)}`);
    expect(report.untyped.map((o) => o.input.name)).toEqual([]);
    expect(report.hangs.map((o) => o.input.name)).toEqual([]);
    expect(report.oom.map((o) => o.input.name)).toEqual([]);
    expect(report.overBound.map((o) => o.input.name)).toEqual([]);
    const verdicts = report.outcomes.map((o) => [o.input.kind, o.input.name, o.reply?.verdict]);
    expect(verdicts).toEqual(cases.map((c) => [c.kind, c.name, c.expect]));
  });

  it(
    `survives ${MUTANTS} mutated files: 0 untyped errors, 0 hangs, memory within 64 × size + 16 MB`,
    async () => {
      const seeds = seedCases();
      const inputs = Array.from({ length: MUTANTS }, (_, i) => mutant(seeds, i, SEED));
      const report = await runFuzz(inputs, options);
      console.log(`mutants (seed ${SEED}):\n${formatReport(report)}`);
      expect(report.tried).toBe(MUTANTS);
      expect(report.untyped.map((o) => `${o.input.name}: ${o.reply?.untyped}`)).toEqual([]);
      expect(report.hangs.map((o) => o.input.name)).toEqual([]);
      expect(report.oom.map((o) => o.input.name)).toEqual([]);
      expect(report.overBound.map((o) => `${o.input.name}: ${o.reply?.peakBytes}`)).toEqual([]);
      // the mutators must reach past the first checks: both verdicts occur, and several distinct codes
      expect(report.accepted).toBeGreaterThan(0);
      expect(Object.keys(report.byCode).length).toBeGreaterThanOrEqual(8);
    },
    120_000 + MUTANTS * 200,
  );
});
