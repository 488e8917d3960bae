// Progress output from fit() events: plain lines at every tenth off a terminal, one throttled bar on it.
import { describe, expect, it } from "vitest";
import { createProgress, formatDuration } from "./progress";

const step = (n: number, total: number, extra: Partial<Record<string, number>> = {}) => ({
  type: "step" as const,
  step: n,
  epoch: 0,
  batch: n - 1,
  stepsPerEpoch: total,
  totalSteps: total,
  loss: 1.5,
  lr: 1e-3,
  samplesPerSecond: 1234.4,
  elapsedMs: n * 10,
  etaMs: (total - n) * 1000,
  progress: n / total,
  ...extra,
});

describe("formatDuration", () => {
  it("writes minutes:seconds, and hours when needed", () => {
    expect(formatDuration(0)).toBe("0:00");
    expect(formatDuration(75_000)).toBe("1:15");
    expect(formatDuration(3_723_000)).toBe("1:02:03");
    expect(formatDuration(Number.NaN)).toBe("--:--");
  });
});

describe("createProgress", () => {
  it("prints a plain line at every tenth of the run when not on a terminal", () => {
    const out: string[] = [];
    const meter = { correct: 0, counted: 0 };
    const cb = createProgress({ write: (t) => out.push(t), tty: false, meter });
    cb({ type: "start", epochs: 1, stepsPerEpoch: 20, totalSteps: 20, startStep: 0 });
    for (let n = 1; n <= 20; n++) {
      meter.correct += 3;
      meter.counted += 4;
      cb(step(n, 20));
    }
    // steps 2, 4, …, 20 reach 10%, 20%, …, 100%
    expect(out).toHaveLength(10);
    expect(out[0]).toBe(
      "step 2/20 (10%) · epoch 1/1 · loss 1.5000 · acc 75.0% · 1,234 samples/s · ETA 0:18\n",
    );
    expect(out[9]).toContain("step 20/20 (100%)");
    expect(out.join("")).not.toContain("\r");
  });

  it("redraws one bar in place on a terminal, at most every 100 ms, and clears it for the epoch line", () => {
    const out: string[] = [];
    let clock = 0;
    const meter = { correct: 0, counted: 0 };
    const cb = createProgress({
      write: (t) => out.push(t),
      tty: true,
      meter,
      now: () => clock,
      columns: 100,
    });
    cb({ type: "start", epochs: 2, stepsPerEpoch: 4, totalSteps: 8, startStep: 0 });
    cb(step(1, 8));
    clock = 50;
    cb(step(2, 8)); // within 100 ms: skipped
    clock = 200;
    cb(step(3, 8));
    expect(out).toHaveLength(2);
    expect(out[1]?.startsWith("\r\u001b[2Kepoch 1/2 ")).toBe(true);
    expect(out[1]).toMatch(/█+░+\s+37% loss 1\.5000 · 1,234 samples\/s · ETA 0:05$/);
    meter.correct = 5;
    meter.counted = 10;
    cb({
      type: "epoch",
      step: 4,
      elapsedMs: 40,
      epoch: 0,
      trainLoss: 1.25,
      trainAccuracy: 0.5,
      valLoss: 1.125,
      valAccuracy: 0.625,
      lr: 1e-3,
    });
    expect(out.slice(2)).toEqual([
      "\r\u001b[2K",
      "epoch 1/2 done: train loss 1.2500 acc 50.0% · val loss 1.1250 acc 62.5%\n",
    ]);
    expect(meter).toEqual({ correct: 0, counted: 0 });
  });
});
