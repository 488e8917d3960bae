// Memory over long loops (issue 14: "a 10,000-step training loop and a 1,000-token generation keep RSS and
// wasm memory flat"): an MLP 784-256-128-10 training loop (batch 32, SGD) with parameters resident in wasm
// memory, then a 1,000-token greedy generation with a 4-layer, 256-wide causal transformer (resident weights,
// full KV cache up to 1,000 positions). Prints RSS, V8 heap, external/ArrayBuffer bytes and wasm memory at
// intervals and the growth from the first sample after warm-up to the end. The short versions are asserted in
// src/backend/wasm/flat-memory.test.ts. Usage: node --expose-gc bench/memory.mjs [--steps=10000] [--tokens=1000]
import os from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const arg = (name, fallback) =>
  Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split("=")[1] ?? fallback);
const steps = arg("steps", 10_000);
const tokens = arg("tokens", 1000);

const esbuild = await import("esbuild");
const outfile = join(here, ".cache", "paramlens-memory.mjs");
await esbuild.build({
  stdin: {
    contents: `export * from "./src/index.ts";\nexport * from "./src/wasm.ts";`,
    resolveDir: join(here, ".."),
    loader: "ts",
  },
  bundle: true,
  format: "esm",
  platform: "neutral",
  outfile,
  // Workspace packages (e.g. @paramlens/formats) from their src, as the tests and bench/run.mjs do.
  conditions: ["@paramlens/source"],
  logLevel: "error",
});
const pl = await import(pathToFileURL(outfile).href);
if ((await pl.initBackend()) !== "wasm") throw new Error("wasm backend unavailable");
const wasm = pl.getWasmBackend();
const mib = (b) => (b / 2 ** 20).toFixed(1);

function sample() {
  globalThis.gc?.();
  const m = process.memoryUsage();
  return { rss: m.rss, heap: m.heapUsed, external: m.external, wasm: wasm.memory.buffer.byteLength };
}
function report(name, samples) {
  const first = samples[0];
  const last = samples.at(-1);
  for (const s of samples)
    console.log(
      `${name} ${String(s.at).padStart(5)}: rss ${mib(s.rss)} MiB, heap ${mib(s.heap)}, external ${mib(s.external)}, wasm ${mib(s.wasm)}`,
    );
  console.log(
    `${name}: growth from ${first.at} to ${last.at}: rss ${mib(last.rss - first.rss)} MiB, heap ${mib(last.heap - first.heap)}, ` +
      `external ${mib(last.external - first.external)}, wasm ${mib(last.wasm - first.wasm)}`,
  );
}

console.log(
  `memory bench — node ${process.version}, load avg ${os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(" ")}`,
);

// ---- training: MLP 784-256-128-10, batch 32, plain SGD, resident parameters ----
{
  pl.manualSeed(0);
  const param = (shape, scale) => pl.noGrad(() => pl.randn(shape).mul(scale).to("wasm")).requiresGrad_();
  const params = [
    param([784, 256], 0.05),
    param([256], 0),
    param([256, 128], 0.08),
    param([128], 0),
    param([128, 10], 0.1),
    param([10], 0),
  ];
  const [w1, b1, w2, b2, w3, b3] = params;
  const x = pl.randn([32, 784]);
  const y = pl.randint(0, 10, [32]);
  const samples = [];
  const t0 = performance.now();
  let loss = 0;
  for (let i = 1; i <= steps; i++) {
    const out = x.matmul(w1).add(b1).relu().matmul(w2).add(b2).relu().matmul(w3).add(b3);
    const l = pl.softmaxCrossEntropy(out, y);
    l.backward();
    pl.noGrad(() => {
      for (const p of params) {
        pl.sgdStep_(p, p.grad, null, { lr: 0.01 });
        p.zeroGrad();
      }
    });
    if (i === 100 || i % Math.max(1, Math.floor(steps / 10)) === 0) {
      loss = l.item();
      samples.push({ at: i, ...sample() });
    }
  }
  report("train step", samples);
  console.log(
    `train: ${steps} steps in ${((performance.now() - t0) / 1000).toFixed(1)} s, last loss ${loss.toFixed(4)}`,
  );
}

// ---- generation: 4 layers, d 256, 4 heads, vocab 512, greedy, full KV cache ----
{
  pl.manualSeed(1);
  const d = 256;
  const heads = 4;
  const hd = d / heads;
  const vocab = 512;
  const r = (shape, scale) => pl.randn(shape).mul(scale).to("wasm");
  const emb = r([vocab, d], 0.5);
  const pos = r([tokens + 1, d], 0.1);
  const layers = Array.from({ length: 4 }, () => ({
    wqkv: r([d, 3 * d], 0.06),
    wo: r([d, d], 0.06),
    w1: r([d, 4 * d], 0.06),
    w2: r([4 * d, d], 0.03),
  }));
  const ln = (h) => {
    const c = h.sub(h.mean(-1, true));
    return c.div(c.square().mean(-1, true).add(1e-5).sqrt());
  };
  const caches = layers.map(() => ({ k: null, v: null }));
  let token = 1;
  const samples = [];
  const t0 = performance.now();
  pl.noGrad(() => {
    for (let t = 0; t < tokens; t++) {
      let h = emb.select(0, token).add(pos.select(0, t)).reshape([1, d]); // [1, d]
      layers.forEach((L, li) => {
        const [q, k, v] = ln(h)
          .matmul(L.wqkv)
          .split(d, 1)
          .map((z) => z.reshape([1, heads, hd]).permute([1, 0, 2])); // [H, 1, hd]
        const c = caches[li];
        c.k = c.k === null ? k.contiguous() : pl.concat([c.k, k], 1); // [H, t+1, hd]
        c.v = c.v === null ? v.contiguous() : pl.concat([c.v, v], 1);
        const att = pl.softmax(q.matmul(c.k.transpose(1, 2)).mul(1 / Math.sqrt(hd)), -1); // [H, 1, t+1]
        h = h.add(att.matmul(c.v).permute([1, 0, 2]).reshape([1, d]).matmul(L.wo));
        h = h.add(pl.gelu(ln(h).matmul(L.w1), "tanh").matmul(L.w2));
      });
      token = ln(h).matmul(emb.mT).argmax(-1).item();
      if (t + 1 === 100 || (t + 1) % Math.max(1, Math.floor(tokens / 10)) === 0)
        samples.push({ at: t + 1, ...sample() });
    }
  });
  report("generated token", samples);
  const cacheBytes = 4 * 2 * 4 * tokens * d;
  console.log(
    `generation: ${tokens} tokens in ${((performance.now() - t0) / 1000).toFixed(1)} s; the KV cache itself grows to ${mib(cacheBytes)} MiB ` +
      `(JS heap), so heap/external grow by about that much by design`,
  );
}
console.log(
  `load avg after ${os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(" ")}`,
);
