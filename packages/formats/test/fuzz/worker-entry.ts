// The fuzz worker: runs every reader of @paramlens/formats on each input it is sent and reports the
// outcome (accepted, typed FormatError with its code, or any other error) and the memory the input cost.
// Bundled by the harness with esbuild and run in a worker thread with resourceLimits; Node-only, test-only.

import { getHeapStatistics, setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { parentPort } from "node:worker_threads";
import {
  bytesSource,
  FormatError,
  parseJsonCapped,
  readGGUFHeader,
  readSafetensorsHeader,
} from "../../src/index";
import type { FuzzKind } from "./seeds";

export interface FuzzRequest {
  id: number;
  kind: FuzzKind;
  bytes: Uint8Array;
}

export interface FuzzReply {
  id: number;
  /** the main reader's verdict: "ok", a FormatError code, or "UNTYPED" */
  verdict: string;
  /** every reader's verdicts, in order */
  verdicts: string[];
  /** for an untyped error: its name and message, cut */
  untyped?: string;
  /** peak bytes the input cost, approximately (heap committed or used growth + external growth) */
  peakBytes: number;
  ms: number;
}

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

function run(fn: () => unknown): string {
  try {
    fn();
    return "ok";
  } catch (e) {
    if (e instanceof FormatError) return e.code;
    throw e;
  }
}

function readers(kind: FuzzKind, bytes: Uint8Array): (() => unknown)[] {
  if (kind === "safetensors") {
    return [() => readSafetensorsHeader(bytes), () => readSafetensorsHeader(bytes, { headerOnly: true })];
  }
  if (kind === "gguf") {
    return [
      () => readGGUFHeader(bytesSource(bytes)),
      () => readGGUFHeader(bytes),
      () => readGGUFHeader(bytes, { maxHeaderBytes: 1 << 16 }),
    ];
  }
  return [() => parseJsonCapped(new TextDecoder().decode(bytes))];
}

parentPort!.on("message", (req: FuzzRequest) => {
  gc();
  const before = getHeapStatistics();
  const t0 = performance.now();
  const verdicts: string[] = [];
  let untyped: string | undefined;
  let peak = 0;
  for (const reader of readers(req.kind, req.bytes)) {
    try {
      verdicts.push(run(reader));
    } catch (e) {
      verdicts.push("UNTYPED");
      untyped ??= `${(e as Error)?.name}: ${String((e as Error)?.message).slice(0, 200)}`;
    }
    const after = getHeapStatistics();
    const heap = Math.max(
      after.total_heap_size - before.total_heap_size,
      after.used_heap_size - before.used_heap_size,
    );
    peak = Math.max(peak, heap + Math.max(0, after.external_memory - before.external_memory));
  }
  const reply: FuzzReply = {
    id: req.id,
    verdict: verdicts[0]!,
    verdicts,
    peakBytes: Math.max(0, peak),
    ms: performance.now() - t0,
    ...(untyped ? { untyped } : {}),
  };
  parentPort!.postMessage(reply);
});
