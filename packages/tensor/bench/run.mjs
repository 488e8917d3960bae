// `pnpm bench` for @paramlens/tensor: matmul and conv2d on TF.js 4.22 (cpu and wasm backends, one thread)
// and on our WebAssembly SIMD kernels (one thread, and two through WasmThreadPool), measured in the same
// process with tinybench. Prints a table with ratios and writes bench/results/latest.json.
// Usage: node --expose-gc bench/run.mjs [--quick] [--only=matmul,conv,train,gpt]
// (--quick: fewer sizes and iterations, for a smoke run). Tensor-level workloads (MLP/CNN training steps,
// GPT-2-small forward) on the "js" and "wasm" backends live in bench/tensor-workloads.mjs.
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Bench } from "tinybench";
import {
  cnnParamlens,
  cnnTfjs,
  GPT,
  gptParamlens,
  gptTfjs,
  gptWeights,
  mlpParamlens,
  mlpTfjs,
} from "./tensor-workloads.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const packageDir = join(here, "..");
const require = createRequire(import.meta.url);
const quick = process.argv.includes("--quick");
// --only=matmul,conv,train,gpt runs just those sections (default: all), e.g. to re-measure one row quietly.
const onlyArg = process.argv.find((a) => a.startsWith("--only="));
const sections = new Set((onlyArg ? onlyArg.slice(7) : "matmul,conv,train,gpt").split(","));

// ---- load @paramlens/tensor from source (esbuild bundle of src/index.ts, no dist build needed) ----
async function loadParamlens() {
  const esbuild = await import("esbuild");
  const outfile = join(here, ".cache", "paramlens-tensor.mjs");
  // The package, its raw wasm entry (src/wasm.ts) and the Node worker_threads factory from src/node.ts, in
  // one bundle (one backend state).
  await esbuild.build({
    stdin: {
      contents: `export * from "./src/index.ts";\nexport * from "./src/wasm.ts";\nexport { initNodeThreads, nodeWorkerFactory } from "./src/node.ts";`,
      resolveDir: packageDir,
      loader: "ts",
    },
    bundle: true,
    format: "esm",
    platform: "node",
    target: "es2022",
    outfile,
    // src/node.ts imports "@paramlens/tensor" by name: resolve it to the same src/index.ts.
    conditions: ["@paramlens/source"],
    logLevel: "error",
  });
  return import(`${pathToFileURL(outfile).href}?t=${Date.now()}`);
}

// ---- TF.js, cpu and wasm backends, single thread ----
// tfjs-core's gradient rules ship only as ES modules with extension-less imports
// (dist/register_all_gradients.js), which Node cannot load; esbuild bundles core, its gradients and both
// backends into one CommonJS file so they share one engine (the training rows need the gradients).
async function loadTfjs() {
  const esbuild = await import("esbuild");
  const outfile = join(here, ".cache", "tfjs.cjs");
  await esbuild.build({
    stdin: {
      contents: [
        `export * as tf from "@tensorflow/tfjs-core";`,
        `import "@tensorflow/tfjs-core/dist/register_all_gradients";`,
        `import "@tensorflow/tfjs-backend-cpu";`,
        `export * as tfWasm from "@tensorflow/tfjs-backend-wasm";`,
      ].join("\n"),
      resolveDir: packageDir,
      loader: "js",
    },
    bundle: true,
    format: "cjs",
    platform: "node",
    mainFields: ["module", "main"],
    outfile,
    logLevel: "error",
  });
  const { tf, tfWasm } = require(outfile);
  // The .wasm binaries stay in the package; point the bundled backend at them.
  tfWasm.setWasmPaths(`${dirname(require.resolve("@tensorflow/tfjs-backend-wasm"))}/`);
  // One thread: the threaded wasm build would otherwise use every core in Node.
  tfWasm.setThreadsCount(1);
  // TF.js prints a hint to install tfjs-node on first use of the cpu backend; it is noise here.
  const { log, warn } = console;
  console.log = console.warn = () => {};
  try {
    for (const backend of ["wasm", "cpu"]) {
      await tf.setBackend(backend);
      await tf.ready();
      tf.add(tf.scalar(1), tf.scalar(2)).dispose();
    }
  } finally {
    Object.assign(console, { log, warn });
  }
  const simd = await tf.env().getAsync("WASM_HAS_SIMD_SUPPORT");
  return { tf, simd };
}

function randomData(n, seed) {
  const out = new Float32Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = s / 2 ** 32 - 0.5;
  }
  return out;
}

// Median latency (ms) of fn with tinybench; iterations chosen from one timed call to fit `budgetMs`.
async function measure(fn, budgetMs) {
  await fn();
  const t0 = performance.now();
  await fn();
  const once = Math.max(performance.now() - t0, 1e-3);
  const iterations = Math.max(3, Math.min(200, Math.ceil(budgetMs / once)));
  globalThis.gc?.();
  const bench = new Bench({ iterations, time: 0, warmupIterations: 1, warmupTime: 0 });
  bench.add("task", fn);
  await bench.run();
  const task = bench.tasks[0];
  const result = task.result;
  if (!result || result.state === "errored" || !("latency" in result)) {
    throw new Error(`benchmark task failed: ${result?.error ?? result?.state}`);
  }
  return { ms: result.latency.p50, iterations: result.latency.samplesCount ?? iterations };
}

const rows = [];

// Median of `runs` timed calls after one warm-up (for workloads where one call takes seconds).
async function measureFew(fn, runs, warmup = 1) {
  for (let i = 0; i < warmup; i++) await fn();
  const times = [];
  for (let i = 0; i < runs; i++) {
    globalThis.gc?.();
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return { ms: times[Math.floor(times.length / 2)], iterations: runs };
}

/** Runs fn with the Tensor ops on `backend` ("js" or "wasm", default thresholds). */
async function onBackend(pl, backend, fn) {
  pl.setBackend(backend);
  try {
    return await fn();
  } finally {
    pl.setBackend("wasm");
  }
}

/** Runs fn with the Tensor ops' wasm kernels on `threads` threads (initNodeThreads), then back to 1. */
async function withThreads(pl, threads, fn) {
  await pl.initNodeThreads(threads);
  try {
    return await fn();
  } finally {
    await pl.initThreads({ threads: 1 });
  }
}

async function matmulRows(tf, wasm, pool, pl) {
  const sizes = quick ? [64, 256] : [64, 128, 256, 512, 1024];
  for (const n of sizes) {
    const flops = 2 * n ** 3;
    const a = randomData(n * n, 1);
    const b = randomData(n * n, 2);
    const budget = quick ? 150 : n >= 512 ? 1500 : 600;
    const engines = {};

    for (const backend of ["cpu", "wasm"]) {
      await tf.setBackend(backend);
      const ta = tf.tensor2d(a, [n, n]);
      const tb = tf.tensor2d(b, [n, n]);
      // cpu and wasm backends compute eagerly inside matMul; dispose keeps memory flat.
      const r = await measure(() => tf.matMul(ta, tb).dispose(), backend === "cpu" && n >= 512 ? 0 : budget);
      engines[`tfjs-${backend}`] = r;
      ta.dispose();
      tb.dispose();
    }

    // Ours, operands resident in wasm memory (how a backend integration would hold tensors).
    const wa = wasm.upload(a);
    const wb = wasm.upload(b);
    const wc = wasm.alloc(n * n);
    engines["paramlens-wasm"] = await measure(() => wasm.matmul(wa, wb, n, n, n, {}, wc), budget);
    // Ours through the Float32Array API (copy in, copy out).
    const out = new Float32Array(n * n);
    engines["paramlens-wasm-copy"] = await measure(() => wasm.matmul(a, b, n, n, n, {}, out), budget);
    for (const x of [wa, wb, wc]) x.free();
    // Two threads: the same kernel split into row bands over WasmThreadPool (shared memory).
    const sa = pool.backend.upload(a);
    const sb = pool.backend.upload(b);
    const sc = pool.backend.alloc(n * n);
    engines["paramlens-wasm-2t"] = await measure(() => pool.matmul(sa, sb, n, n, n, {}, sc), budget);
    for (const x of [sa, sb, sc]) x.free();
    // Tensor-level matmul on each backend (new output tensor per call; wasm copies operands in and out).
    const ta = pl.tensor(a, [n, n]);
    const tb = pl.tensor(b, [n, n]);
    if (n <= 512)
      engines["paramlens-js"] = await onBackend(pl, "js", () =>
        measure(() => ta.matmul(tb), n >= 512 ? 0 : budget),
      );
    engines["paramlens-tensor-wasm"] = await onBackend(pl, "wasm", () =>
      measure(() => ta.matmul(tb), budget),
    );
    engines["paramlens-tensor-wasm-2t"] = await withThreads(pl, 2, () =>
      onBackend(pl, "wasm", () => measure(() => ta.matmul(tb), budget)),
    );

    rows.push({ workload: `matmul ${n}³`, unit: "GFLOP/s", flops, engines });
  }
}

async function convRows(tf, wasm, pool) {
  // Issue #4's shape: batch 32, 32×14×14 → 64 channels, 3×3, stride 1, "same" padding.
  const [batch, c, h, w, cout, k] = [32, 32, 14, 14, 64, 3];
  const flops = 2 * batch * cout * h * w * c * k * k;
  const x = randomData(batch * c * h * w, 3);
  const wt = randomData(cout * c * k * k, 4);
  const engines = {};
  for (const backend of ["cpu", "wasm"]) {
    await tf.setBackend(backend);
    // TF.js in its native layout (NHWC input, HWIO filter); same FLOPs.
    const tx = tf.tensor4d(x, [batch, h, w, c]);
    const tw = tf.tensor4d(wt, [k, k, c, cout]);
    engines[`tfjs-${backend}`] = await measure(
      () => tf.conv2d(tx, tw, 1, "same").dispose(),
      quick ? 200 : 1500,
    );
    tx.dispose();
    tw.dispose();
  }
  const shape = {
    batch,
    channels: c,
    height: h,
    width: w,
    outChannels: cout,
    kernelH: k,
    kernelW: k,
    padH: 1,
    padW: 1,
  };
  const wx = wasm.upload(x);
  const ww = wasm.upload(wt);
  const wy = wasm.alloc(batch * cout * h * w);
  engines["paramlens-wasm"] = await measure(
    () => wasm.conv2d(wx, ww, undefined, shape, wy),
    quick ? 200 : 1500,
  );
  const out = new Float32Array(batch * cout * h * w);
  engines["paramlens-wasm-copy"] = await measure(
    () => wasm.conv2d(x, wt, undefined, shape, out),
    quick ? 200 : 1500,
  );
  for (const b of [wx, ww, wy]) b.free();
  const sx = pool.backend.upload(x);
  const sw = pool.backend.upload(wt);
  const sy = pool.backend.alloc(batch * cout * h * w);
  engines["paramlens-wasm-2t"] = await measure(
    () => pool.conv2d(sx, sw, undefined, shape, sy),
    quick ? 200 : 1500,
  );
  for (const b of [sx, sw, sy]) b.free();
  rows.push({ workload: "conv2d b32 32×14×14→64 3×3", unit: "ms", flops, engines });
}

async function trainingRows(tf, pl) {
  const budget = quick ? 300 : 2000;
  const workloads = [
    ["MLP 784-256-128-10 train step b128", "samples/s", 128, mlpParamlens, mlpTfjs],
    ["small CNN train step b64", "samples/s", 64, cnnParamlens, cnnTfjs],
  ];
  for (const [workload, unit, items, ours, theirs] of workloads) {
    const engines = {};
    const failures = {};
    for (const backend of ["cpu", "wasm"]) {
      await tf.setBackend(backend);
      const w = theirs(tf);
      try {
        engines[`tfjs-${backend}`] = await measure(w.step, backend === "cpu" ? budget / 2 : budget);
      } catch (error) {
        failures[`tfjs-${backend}`] = String(error?.message ?? error).split("\n")[0];
      } finally {
        w.dispose();
      }
    }
    const step = ours(pl);
    engines["paramlens-js"] = await onBackend(pl, "js", () => measure(step, budget));
    engines["paramlens-wasm"] = await onBackend(pl, "wasm", () => measure(step, budget));
    engines["paramlens-wasm-2t"] = await withThreads(pl, 2, () =>
      onBackend(pl, "wasm", () => measure(step, budget)),
    );
    rows.push({ workload, unit, items, engines, failures });
  }
}

/** Bytes the wasm arena hands out while fn runs: every kernel temporary (operand copies, outputs). */
function wasmBytesAllocated(pl, fn) {
  const arena = pl.getWasmBackend().arena;
  const alloc = arena.alloc;
  let floats = 0;
  arena.alloc = function (n) {
    floats += n;
    return alloc.call(this, n);
  };
  try {
    fn();
  } finally {
    arena.alloc = alloc;
  }
  return floats * 4;
}

async function gptRows(tf, pl) {
  const W = gptWeights();
  const engines = {};
  const notes = [];
  const mib = (bytes) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;
  {
    // Weights as JS arrays: the wasm kernels copy each one into wasm memory on every call.
    const forward = gptParamlens(pl, W);
    engines["paramlens-wasm-copy"] = await onBackend(pl, "wasm", () => measureFew(forward, quick ? 1 : 3));
    notes.push(`weights copied: ${mib(wasmBytesAllocated(pl, forward))} of wasm temporaries per forward`);
    // One forward on the JS kernels takes tens of seconds: a single timed run.
    if (!quick) engines["paramlens-js"] = await onBackend(pl, "js", () => measureFew(forward, 1, 0));
  }
  globalThis.gc?.();
  {
    // Weights resident in wasm memory (t.to("wasm")): read in place, no per-call copy.
    const forward = gptParamlens(pl, W, { backend: "wasm" });
    engines["paramlens-wasm"] = await onBackend(pl, "wasm", () => measureFew(forward, quick ? 1 : 3));
    notes.push(`weights resident: ${mib(wasmBytesAllocated(pl, forward))} per forward`);
    engines["paramlens-wasm-2t"] = await withThreads(pl, 2, () =>
      onBackend(pl, "wasm", () => measureFew(forward, quick ? 1 : 3)),
    );
    notes.push(
      `wasm memory ${mib(pl.getWasmBackend().memory.buffer.byteLength)}, ` +
        `peak RSS ${mib(process.resourceUsage().maxRSS * 1024)} (f32 weights ${mib(gptWeightBytes(W))}, ` +
        `plus the harness's own copy of them as plain arrays)`,
    );
  }
  globalThis.gc?.();
  for (const backend of ["wasm", "cpu"]) {
    if (quick && backend === "cpu") continue;
    await tf.setBackend(backend);
    const g = gptTfjs(tf, W);
    engines[`tfjs-${backend}`] = await measureFew(
      g.step,
      backend === "cpu" ? 1 : quick ? 1 : 3,
      backend === "cpu" ? 0 : 1,
    );
    g.dispose();
  }
  rows.push({
    workload: `GPT-2-small forward ${GPT.tokens} tokens`,
    unit: "tokens/s",
    items: GPT.tokens,
    engines,
    notes,
  });
}

function gptWeightBytes(W) {
  let n = W.wte.length + W.wpe.length + W.lnfg.length + W.lnfb.length;
  for (const b of W.blocks) for (const v of Object.values(b)) n += v.length;
  return n * 4;
}

/**
 * PyTorch CPU on one thread as a context column (never a target), when /usr/bin/python3 has torch: the
 * matmul sizes measured above and the GPT forward, timed by bench/torch-context.py after our runs. The thread
 * variables make "1 thread" one thread (OpenBLAS otherwise uses every core).
 */
function torchContext() {
  const python = "/usr/bin/python3";
  if (spawnSync(python, ["-c", "import torch"], { stdio: "ignore" }).status !== 0) return undefined;
  const matmul = rows.filter((r) => r.workload.startsWith("matmul ")).map((r) => r.workload.slice(7, -1));
  const args = [join(here, "torch-context.py"), "--matmul", matmul.join(",")];
  if (rows.some((r) => r.workload.startsWith("GPT-2"))) args.push("--gpt");
  if (quick) args.push("--quick");
  const one = { OMP_NUM_THREADS: "1", OPENBLAS_NUM_THREADS: "1", MKL_NUM_THREADS: "1" };
  const run = spawnSync(python, args, {
    env: { ...process.env, ...one },
    encoding: "utf8",
    timeout: 600_000,
  });
  if (run.status !== 0) {
    console.log(`PyTorch context column skipped: ${(run.stderr || run.error?.message || "").slice(-300)}`);
    return undefined;
  }
  const r = JSON.parse(run.stdout);
  for (const row of rows) {
    const n = row.workload.startsWith("matmul ") ? row.workload.slice(7, -1) : undefined;
    const ms = n !== undefined ? r.matmul[n] : row.workload.startsWith("GPT-2") ? r.gpt : undefined;
    if (ms !== undefined) row.engines["pytorch-cpu"] = { ms, iterations: quick ? 1 : 3 };
  }
  return r.torch;
}

/**
 * GPT-2-small forward FLOPs at GPT.tokens tokens (multiply-adds ×2): per layer the QKV, output and MLP
 * projections (2·T·12·d²) and attention scores and mix (4·T²·d), plus the tied head (2·T·d·vocab).
 */
function gptFlops() {
  const { d, layers, vocab, tokens: T } = GPT;
  return layers * (2 * T * 12 * d * d + 4 * T * T * d) + 2 * T * d * vocab;
}

/** The issue's GPT target: effective GFLOP/s of the forward ≥ 85 % of our matmul 1024³ GFLOP/s, same run. */
function gptEfficiency() {
  const gpt = rows.find((r) => r.workload.startsWith("GPT-2"));
  const mm = rows.find((r) => r.workload === "matmul 1024³");
  if (!gpt?.engines["paramlens-wasm"]) return;
  const eff = gptFlops() / gpt.engines["paramlens-wasm"].ms / 1e6;
  const two = gpt.engines["paramlens-wasm-2t"]
    ? gptFlops() / gpt.engines["paramlens-wasm-2t"].ms / 1e6
    : undefined;
  const ceiling = mm ? value(mm, "paramlens-wasm") : undefined;
  console.log(
    `GPT-2 forward: ${(gptFlops() / 1e9).toFixed(1)} GFLOP, effective ${eff.toFixed(1)} GFLOP/s on 1 thread` +
      (two ? `, ${two.toFixed(1)} on 2 threads (${(two / eff).toFixed(2)}×)` : "") +
      (ceiling
        ? `; ÷ matmul 1024³ ${ceiling.toFixed(1)} GFLOP/s = ${(eff / ceiling).toFixed(2)} (target ≥ 0.85)`
        : "; run with matmul for the ratio to matmul 1024³"),
  );
}

function value(row, engine) {
  const r = row.engines[engine];
  if (!r) return undefined;
  if (row.unit === "GFLOP/s") return row.flops / r.ms / 1e6;
  return row.items !== undefined ? (row.items * 1000) / r.ms : r.ms;
}

// Speed-up of ours over `engine` (>1 means ours is faster), whatever the unit.
function ratio(row, engine) {
  const ours = row.engines["paramlens-wasm"];
  const theirs = row.engines[engine];
  return ours && theirs ? theirs.ms / ours.ms : undefined;
}

// Speed-up of our JS backend (Tensor level) over `engine`.
function jsRatio(row, engine) {
  const ours = row.engines["paramlens-js"];
  const theirs = row.engines[engine];
  return ours && theirs ? theirs.ms / ours.ms : undefined;
}

function threadSpeedup(row) {
  const one = row.engines["paramlens-wasm"];
  const two = row.engines["paramlens-wasm-2t"];
  return one && two ? one.ms / two.ms : undefined;
}

// Tensor-level matmul: 1-thread time / 2-thread time (initNodeThreads(2)).
function tensorThreadSpeedup(row) {
  const one = row.engines["paramlens-tensor-wasm"];
  const two = row.engines["paramlens-tensor-wasm-2t"];
  return one && two ? one.ms / two.ms : undefined;
}

function fmt(v, digits = 1) {
  if (v === undefined) return "—";
  return v >= 100 ? v.toFixed(0) : v.toFixed(digits);
}

function printTable() {
  const header = [
    "workload",
    "unit",
    "PyTorch cpu 1t (context)",
    "TF.js cpu",
    "TF.js wasm",
    "paramlens js",
    "paramlens wasm",
    "paramlens wasm (copy in/out)",
    "paramlens Tensor wasm",
    "paramlens wasm 2 threads",
    "paramlens Tensor wasm 2 threads",
    "× TF.js wasm",
    "× TF.js cpu",
    "js × TF.js cpu",
    "2 threads / 1",
    "Tensor 2 threads / 1",
  ];
  const body = rows.map((r) => [
    r.workload,
    r.unit,
    fmt(value(r, "pytorch-cpu"), 2),
    fmt(value(r, "tfjs-cpu"), 2),
    fmt(value(r, "tfjs-wasm")),
    fmt(value(r, "paramlens-js"), 2),
    fmt(value(r, "paramlens-wasm")),
    fmt(value(r, "paramlens-wasm-copy")),
    fmt(value(r, "paramlens-tensor-wasm")),
    fmt(value(r, "paramlens-wasm-2t")),
    fmt(value(r, "paramlens-tensor-wasm-2t")),
    `${fmt(ratio(r, "tfjs-wasm"), 2)}×`,
    `${fmt(ratio(r, "tfjs-cpu"))}×`,
    `${fmt(jsRatio(r, "tfjs-cpu"), 2)}×`,
    `${fmt(threadSpeedup(r), 2)}×`,
    `${fmt(tensorThreadSpeedup(r), 2)}×`,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells) =>
    `| ${cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(" | ")} |`;
  console.log(line(header));
  console.log(`|${widths.map((w, i) => (i < 2 ? "-".repeat(w + 2) : `${"-".repeat(w + 1)}:`)).join("|")}|`);
  for (const b of body) console.log(line(b));
  for (const r of rows) for (const note of r.notes ?? []) console.log(`${r.workload}: ${note}`);
  for (const r of rows)
    for (const [engine, why] of Object.entries(r.failures ?? {}))
      console.log(`${r.workload}: ${engine} failed: ${why}`);
}

const started = Date.now();
const loadBefore = os.loadavg();
const pl = await loadParamlens();
if ((await pl.initBackend()) !== "wasm") throw new Error("initBackend() did not select the wasm backend");
if (!pl.isWasmSimdSupported())
  throw new Error(`paramlens wasm backend unavailable: ${pl.wasmSimdUnsupportedReason()}`);
const wasm = await pl.createWasmBackend();
const pool = await pl.WasmThreadPool.create(await pl.createWasmBackend({ sharedMemory: true }), {
  threads: 2,
  workerFactory: pl.nodeWorkerFactory,
});
const { tf, simd } = await loadTfjs();
console.log(
  `paramlens tensor bench — node ${process.version}, ${os.cpus()[0]?.model ?? "unknown CPU"} ×${os.cpus().length}, ` +
    `load avg ${loadBefore.map((l) => l.toFixed(1)).join(" ")}, TF.js ${tf.version_core} (wasm SIMD: ${simd}, 1 thread)` +
    (quick ? ", --quick" : "") +
    (onlyArg ? `, ${onlyArg}` : ""),
);
if (sections.has("matmul")) await matmulRows(tf, wasm, pool, pl);
if (sections.has("conv")) await convRows(tf, wasm, pool);
pool.terminate();
if (sections.has("train")) await trainingRows(tf, pl);
if (sections.has("gpt")) await gptRows(tf, pl);
const torchVersion = torchContext();
const loadAfter = os.loadavg();
printTable();
gptEfficiency();
console.log(
  torchVersion
    ? `PyTorch column: torch ${torchVersion} on /usr/bin/python3, 1 thread (OMP/OPENBLAS/MKL_NUM_THREADS=1), context only`
    : "PyTorch column: /usr/bin/python3 has no torch here",
);
console.log(
  `medians via tinybench (GPT: median of 3, js and TF.js cpu 1 run); ratios = TF.js time / paramlens wasm time ` +
    `(resident operands for matmul/conv, Tensor ops for the training and GPT rows). ` +
    `${((Date.now() - started) / 1000).toFixed(0)} s, load avg after ${loadAfter.map((l) => l.toFixed(1)).join(" ")}`,
);

const results = {
  date: new Date().toISOString(),
  node: process.version,
  cpu: os.cpus()[0]?.model,
  cores: os.cpus().length,
  loadAverage: { before: loadBefore, after: loadAfter },
  tfjs: tf.version_core,
  pytorch: torchVersion ?? null,
  tfjsWasmSimd: simd,
  paramlensThreads: [1, 2],
  quick,
  rows: rows.map((r) => ({
    workload: r.workload,
    unit: r.unit,
    flops: r.flops,
    engines: Object.fromEntries(
      Object.entries(r.engines).map(([name, m]) => [
        name,
        { medianMs: m.ms, samples: m.iterations, value: value(r, name) },
      ]),
    ),
    speedupVsTfjsWasm: ratio(r, "tfjs-wasm"),
    speedupVsTfjsCpu: ratio(r, "tfjs-cpu"),
    jsSpeedupVsTfjsCpu: jsRatio(r, "tfjs-cpu"),
    twoThreadSpeedup: threadSpeedup(r),
    tensorTwoThreadSpeedup: tensorThreadSpeedup(r),
    failures: r.failures,
    notes: r.notes,
  })),
};
mkdirSync(join(here, "results"), { recursive: true });
writeFileSync(join(here, "results", "latest.json"), `${JSON.stringify(results, null, 2)}\n`);
console.log(`wrote ${join("bench", "results", "latest.json")}`);
