// The fuzz harness: bundles worker-entry.ts with esbuild, then feeds inputs one at a time to a worker
// thread that has a memory limit (resourceLimits) and a per-input watchdog. A hang or an out-of-memory
// worker is terminated, recorded against its input, and replaced. Returns a report of every outcome.
// Node-only and test-only (used by test/fuzz.test.ts and `pnpm --filter @paramlens/formats fuzz`).

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { buildSync } from "esbuild";
import type { FuzzCase } from "./seeds";
import type { FuzzReply, FuzzRequest } from "./worker-entry";

export interface FuzzOptions {
  /** ms an input may take before the worker is killed and the input counted as a hang */
  watchdogMs: number;
  /** the worker's old-generation heap limit, MB */
  maxOldGenerationSizeMb: number;
}

export interface FuzzOutcome {
  input: FuzzCase;
  reply?: FuzzReply;
  /** "hang" or "oom" when the worker had to be killed */
  failure?: "hang" | "oom" | "crash";
}

export interface FuzzReport {
  tried: number;
  accepted: number;
  typed: number;
  byCode: Record<string, number>;
  untyped: FuzzOutcome[];
  hangs: FuzzOutcome[];
  oom: FuzzOutcome[];
  /** peak bytes over input bytes: the largest ratio among inputs of 1 KB or more, with its input */
  worstRatio: { ratio: number; peakBytes: number; inputBytes: number; name: string };
  /** inputs whose peak memory broke the bound `64 × size + 16 MB` */
  overBound: FuzzOutcome[];
  outcomes: FuzzOutcome[];
  ms: number;
}

/** The stated memory bound for one input: 64 × its size + 16 MB (V8 heap pages and the decoder's windows). */
export const memoryBound = (inputBytes: number) => 64 * inputBytes + 16 * 1024 * 1024;

let bundled: { dir: string; file: string } | undefined;

function workerFile(): string {
  if (bundled) return bundled.file;
  const dir = mkdtempSync(join(tmpdir(), "paramlens-fuzz-"));
  const file = join(dir, "worker.mjs");
  buildSync({
    entryPoints: [fileURLToPath(new URL("./worker-entry.ts", import.meta.url))],
    bundle: true,
    platform: "node",
    format: "esm",
    outfile: file,
    logLevel: "error",
  });
  bundled = { dir, file };
  process.once("exit", () => rmSync(dir, { recursive: true, force: true }));
  return file;
}

/** Runs every input through a fresh-when-needed worker; resolves with the report. */
export async function runFuzz(inputs: readonly FuzzCase[], options: FuzzOptions): Promise<FuzzReport> {
  const t0 = performance.now();
  const file = workerFile();
  const outcomes: FuzzOutcome[] = [];
  let worker: Worker | undefined;
  const spawn = () =>
    new Worker(file, {
      resourceLimits: {
        maxOldGenerationSizeMb: options.maxOldGenerationSizeMb,
        maxYoungGenerationSizeMb: 16,
      },
    });
  try {
    for (let i = 0; i < inputs.length; i++) {
      const input = inputs[i]!;
      worker ??= spawn();
      const w = worker;
      const outcome = await new Promise<FuzzOutcome>((resolve) => {
        const done = (o: FuzzOutcome) => {
          clearTimeout(timer);
          w.off("message", onMessage);
          w.off("error", onError);
          w.off("exit", onExit);
          resolve(o);
        };
        const onMessage = (reply: FuzzReply) => done({ input, reply });
        const onError = (e: Error & { code?: string }) =>
          done({ input, failure: e.code === "ERR_WORKER_OUT_OF_MEMORY" ? "oom" : "crash" });
        const onExit = () => done({ input, failure: "crash" });
        const timer = setTimeout(() => done({ input, failure: "hang" }), options.watchdogMs);
        w.on("message", onMessage);
        w.on("error", onError);
        w.on("exit", onExit);
        const req: FuzzRequest = { id: i, kind: input.kind, bytes: input.bytes };
        w.postMessage(req);
      });
      if (outcome.failure) {
        await w.terminate();
        worker = undefined;
      }
      outcomes.push(outcome);
    }
  } finally {
    await worker?.terminate();
  }
  return summarize(outcomes, performance.now() - t0);
}

function summarize(outcomes: FuzzOutcome[], ms: number): FuzzReport {
  const byCode: Record<string, number> = {};
  let accepted = 0;
  let typed = 0;
  const untyped: FuzzOutcome[] = [];
  const overBound: FuzzOutcome[] = [];
  let worstRatio = { ratio: 0, peakBytes: 0, inputBytes: 0, name: "" };
  for (const o of outcomes) {
    const r = o.reply;
    if (!r) continue;
    if (r.verdicts.includes("UNTYPED")) untyped.push(o);
    for (const v of r.verdicts) {
      if (v === "ok") accepted++;
      else if (v !== "UNTYPED") {
        typed++;
        byCode[v] = (byCode[v] ?? 0) + 1;
      }
    }
    const size = Math.max(1, o.input.bytes.length);
    if (r.peakBytes > memoryBound(size)) overBound.push(o);
    const ratio = r.peakBytes / size;
    // below 1 KB the V8 page granularity (not the reader) decides the ratio; the bound's constant covers it
    if (size >= 1024 && ratio > worstRatio.ratio) {
      worstRatio = { ratio, peakBytes: r.peakBytes, inputBytes: size, name: o.input.name };
    }
  }
  return {
    tried: outcomes.length,
    accepted,
    typed,
    byCode,
    untyped,
    hangs: outcomes.filter((o) => o.failure === "hang"),
    oom: outcomes.filter((o) => o.failure === "oom" || o.failure === "crash"),
    worstRatio,
    overBound,
    outcomes,
    ms,
  };
}

function maxPeak(r: FuzzReport): number {
  let m = 0;
  for (const o of r.outcomes) m = Math.max(m, o.reply?.peakBytes ?? 0);
  return m;
}

/** A few lines for a human: counts, codes, worst memory ratio, and any failure by name. */
export function formatReport(r: FuzzReport): string {
  const lines = [
    `inputs tried ${r.tried} (reader runs: ${r.accepted + r.typed + r.untyped.length}) in ${(r.ms / 1000).toFixed(1)} s`,
    `accepted ${r.accepted}, typed errors ${r.typed}, untyped errors ${r.untyped.length}, hangs ${r.hangs.length}, out of memory / crashed ${r.oom.length}`,
    `typed errors by code: ${Object.entries(r.byCode)
      .sort((a, b) => b[1] - a[1])
      .map(([k, v]) => `${k} ${v}`)
      .join(", ")}`,
    `peak memory per input: largest ${maxPeak(r)} B; largest ratio for inputs ≥ 1 KB ${r.worstRatio.ratio.toFixed(1)}× (${r.worstRatio.peakBytes} B for ${r.worstRatio.inputBytes} B, ${r.worstRatio.name || "none"}); over the bound 64 × size + 16 MB: ${r.overBound.length}`,
  ];
  for (const o of [...r.untyped, ...r.hangs, ...r.oom, ...r.overBound].slice(0, 10)) {
    lines.push(
      `  FAIL ${o.input.kind} ${o.input.name}: ${o.failure ?? o.reply?.untyped ?? `${o.reply?.peakBytes} B`}`,
    );
  }
  return lines.join("\n");
}
