// Where the wasm backend starts to pay: per-op time of the Tensor ops on "js" and on "wasm" with every
// size sent to wasm (copy in + kernel + copy out), for elementwise ops, softmax and square matmuls of
// growing size. The crossover sizes set DEFAULT_WASM_THRESHOLDS in src/backend/wasm/backend-adapter.ts.
// Usage: node --expose-gc bench/thresholds.mjs (about 30 s; medians of 7 batches, shared machine).
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { randomData } from "./tensor-workloads.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const esbuild = await import("esbuild");
const outfile = join(here, ".cache", "paramlens-thresholds.mjs");
await esbuild.build({
  entryPoints: [join(here, "..", "src", "index.ts")],
  bundle: true,
  format: "esm",
  platform: "neutral",
  outfile,
  // Workspace packages (e.g. @paramlens/formats) from their src, as the tests and bench/run.mjs do.
  conditions: ["@paramlens/source"],
  logLevel: "error",
});
const pl = await import(pathToFileURL(outfile).href);
await pl.initBackend();

/** Median µs per call of fn over 7 batches sized to ~20 ms each. */
function time(fn) {
  fn();
  let reps = 1;
  for (;;) {
    const t0 = performance.now();
    for (let i = 0; i < reps; i++) fn();
    if (performance.now() - t0 > 5) break;
    reps *= 2;
  }
  reps *= 4;
  const samples = [];
  for (let s = 0; s < 7; s++) {
    const t0 = performance.now();
    for (let i = 0; i < reps; i++) fn();
    samples.push(((performance.now() - t0) * 1000) / reps);
  }
  return samples.sort((a, b) => a - b)[3];
}

function compare(label, fn) {
  pl.setBackend("js");
  const js = time(fn);
  pl.setBackend("wasm", { thresholds: false });
  const wasm = time(fn);
  console.log(
    `${label.padEnd(28)} js ${js.toFixed(1).padStart(9)} µs   wasm ${wasm.toFixed(1).padStart(9)} µs   wasm/js ${(wasm / js).toFixed(2)}`,
  );
}

for (const n of [256, 1024, 4096, 16384, 65536, 262144]) {
  const a = pl.tensor(randomData(n, 1), [n]);
  const b = pl.tensor(randomData(n, 2), [n]);
  compare(`add ${n}`, () => a.add(b));
  compare(`exp ${n}`, () => a.exp());
  compare(`softmax [${n / 256}, 256]`, () => pl.softmax(a.reshape([n / 256, 256])));
}
for (const n of [8, 12, 16, 24, 32, 48, 64, 128]) {
  const a = pl.tensor(randomData(n * n, 3), [n, n]);
  const b = pl.tensor(randomData(n * n, 4), [n, n]);
  compare(`matmul ${n}³ (m·k·n ${n ** 3})`, () => a.matmul(b));
}
for (const [c, hw] of [
  [2, 6],
  [4, 8],
  [8, 10],
  [16, 14],
]) {
  const x = pl.tensor(randomData(2 * c * hw * hw, 5), [2, c, hw, hw]);
  const w = pl.tensor(randomData(c * c * 9, 6), [c, c, 3, 3]);
  compare(`conv2d 2×${c}×${hw}² 3×3 (${2 * c * c * 9 * hw * hw} MACs)`, () =>
    pl.conv2d(x, w, null, { padding: 1 }),
  );
}
