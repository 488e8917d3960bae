// Turns fit()'s events into progress on stderr: on a terminal, one bar redrawn in place (loss, running
// accuracy, samples/s, ETA) at most every 100 ms; elsewhere (a pipe, a log file, CI) plain lines at every
// 10% of the run, so logs stay short. Each finished epoch gets a line with train and validation metrics.
import type { FitCallback } from "@paramlens/nn";
import type { AccuracyMeter } from "./train-run";

export interface ProgressOptions {
  write: (text: string) => void;
  /** Draw a bar redrawn in place (stderr is a terminal) instead of periodic lines. */
  tty: boolean;
  meter: AccuracyMeter;
  /** Milliseconds clock; injectable for tests. */
  now?: () => number;
  /** Terminal width for the bar; default 80. */
  columns?: number;
}

/** 75_000 ms → "1:15"; an hour or more → "1:02:03". */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return "--:--";
  const s = Math.round(ms / 1000);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = String(s % 60).padStart(2, "0");
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${sec}` : `${m}:${sec}`;
}

const pct = (f: number) => `${(f * 100).toFixed(1)}%`;
const rate = (r: number) => Math.round(r).toLocaleString("en-US");

export function createProgress(o: ProgressOptions): FitCallback {
  const now = o.now ?? Date.now;
  let epochs = 1;
  let lastDraw = Number.NEGATIVE_INFINITY;
  let nextDecile = 1;
  let barShown = false;
  const clearBar = () => {
    if (barShown) o.write("\r\u001b[2K");
    barShown = false;
  };
  return (e) => {
    if (e.type === "start") {
      epochs = e.epochs;
      return;
    }
    if (e.type === "step") {
      const acc = o.meter.counted > 0 ? ` · acc ${pct(o.meter.correct / o.meter.counted)}` : "";
      const stats = `loss ${e.loss.toFixed(4)}${acc} · ${rate(e.samplesPerSecond)} samples/s · ETA ${formatDuration(e.etaMs)}`;
      if (o.tty) {
        const t = now();
        if (t - lastDraw < 100 && e.step !== e.totalSteps) return;
        lastDraw = t;
        const head = `epoch ${e.epoch + 1}/${epochs} `;
        const tail = ` ${String(Math.floor(e.progress * 100)).padStart(3)}% ${stats}`;
        const width = Math.max(10, Math.min(30, (o.columns ?? 80) - head.length - tail.length));
        const filled = Math.round(e.progress * width);
        o.write(`\r\u001b[2K${head}${"█".repeat(filled)}${"░".repeat(width - filled)}${tail}`);
        barShown = true;
      } else if (e.progress * 10 >= nextDecile || e.step === e.totalSteps) {
        nextDecile = Math.floor(e.progress * 10) + 1;
        o.write(
          `step ${e.step}/${e.totalSteps} (${Math.floor(e.progress * 100)}%) · epoch ${e.epoch + 1}/${epochs} · ${stats}\n`,
        );
      }
      return;
    }
    if (e.type === "epoch") {
      clearBar();
      const train = `train loss ${e.trainLoss.toFixed(4)}${e.trainAccuracy === null ? "" : ` acc ${pct(e.trainAccuracy)}`}`;
      const val =
        e.valLoss === null
          ? ""
          : ` · val loss ${e.valLoss.toFixed(4)}${e.valAccuracy === null ? "" : ` acc ${pct(e.valAccuracy)}`}`;
      o.write(`epoch ${e.epoch + 1}/${epochs} done: ${train}${val}\n`);
      // The loss function also counted the validation batches; the next epoch starts from zero.
      o.meter.correct = 0;
      o.meter.counted = 0;
      return;
    }
    if (e.type === "end") clearBar();
  };
}
