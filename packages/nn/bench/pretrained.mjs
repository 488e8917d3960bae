// `pnpm bench` for @paramlens/nn's loadPretrained (issue 12): writes a GPT-2-small-shaped checkpoint with
// random weights in the hub layout (config.json + one F32 model.safetensors with HF names and the attn.bias
// buffers), then
//   1. in a fresh child process: load-to-first-logits time and peak RSS (process.resourceUsage().maxRSS)
//      against the f32 weight bytes (target ≤ 1.3×);
//   2. decode tokens/s with the KV cache (greedy) for GPT-2 small (weights as loaded, then moved into wasm
//      memory) and a Qwen2.5-0.5B-shaped model (built from Qwen2.5-0.5B's config.json values, weights left as
//      allocated: speed does not depend on them; 1.98 GB of f32 weights stay JS arrays);
//   3. a 128-token GPT-2-small forward on our loaded model beside TF.js-wasm running the same forward
//      (tensor's bench workload gptTfjs), both one thread.
// Usage (from packages/nn): node --expose-gc bench/pretrained.mjs [--skip-tfjs]
// The machine is shared: the load average is printed; compare within one run.
import { spawnSync } from "node:child_process";
import { closeSync, existsSync, mkdirSync, openSync, writeFileSync, writeSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const packageDir = join(here, "..");
const tensorDir = join(packageDir, "..", "tensor");
const mib = (b) => `${(b / 2 ** 20).toFixed(0)} MiB`;

async function loadNn() {
  const esbuild = await import("esbuild");
  const outfile = join(here, ".cache", "paramlens-nn.mjs");
  await esbuild.build({
    stdin: {
      contents: [
        `export * from "./src/index.ts";`,
        `export { loadPretrained as loadPretrainedFolder } from "./src/node.ts";`,
        `export * as T from "@paramlens/tensor";`,
      ].join("\n"),
      resolveDir: packageDir,
      loader: "ts",
    },
    bundle: true,
    format: "esm",
    platform: "node",
    target: "es2022",
    outfile,
    conditions: ["@paramlens/source"],
    alias: { "@paramlens/nn": join(packageDir, "src", "index.ts") },
    external: ["@huggingface/tokenizers"],
    logLevel: "error",
  });
  const nn = await import(pathToFileURL(outfile).href);
  await nn.T.initBackend();
  return nn;
}

// GPT-2 small, https://huggingface.co/openai-community/gpt2/blob/main/config.json
const GPT2_CONFIG = {
  architectures: ["GPT2LMHeadModel"],
  model_type: "gpt2",
  vocab_size: 50257,
  n_positions: 1024,
  n_ctx: 1024,
  n_embd: 768,
  n_layer: 12,
  n_head: 12,
  activation_function: "gelu_new",
  layer_norm_epsilon: 1e-5,
  torch_dtype: "float32",
};
// Qwen2.5-0.5B, https://huggingface.co/Qwen/Qwen2.5-0.5B/blob/main/config.json
const QWEN_CONFIG = {
  model_type: "qwen2",
  vocab_size: 151936,
  hidden_size: 896,
  intermediate_size: 4864,
  num_hidden_layers: 24,
  num_attention_heads: 14,
  num_key_value_heads: 2,
  max_position_embeddings: 32768,
  rms_norm_eps: 1e-6,
  rope_theta: 1000000.0,
  tie_word_embeddings: true,
  use_sliding_window: false,
  sliding_window: 32768,
  hidden_act: "silu",
};

/** Writes the checkpoint tensor by tensor (never the whole file in memory). Returns f32 weight bytes. */
function writeGpt2(dir) {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "config.json"), JSON.stringify(GPT2_CONFIG));
  const { vocab_size: V, n_positions: P, n_embd: d, n_layer: L } = GPT2_CONFIG;
  const tensors = [
    ["transformer.wte.weight", [V, d]],
    ["transformer.wpe.weight", [P, d]],
  ];
  for (let i = 0; i < L; i++) {
    const h = `transformer.h.${i}`;
    tensors.push(
      [`${h}.ln_1.weight`, [d]],
      [`${h}.ln_1.bias`, [d]],
      [`${h}.attn.bias`, [1, 1, P, P]], // the causal-mask buffer real GPT-2 files carry
      [`${h}.attn.c_attn.weight`, [d, 3 * d]],
      [`${h}.attn.c_attn.bias`, [3 * d]],
      [`${h}.attn.c_proj.weight`, [d, d]],
      [`${h}.attn.c_proj.bias`, [d]],
      [`${h}.ln_2.weight`, [d]],
      [`${h}.ln_2.bias`, [d]],
      [`${h}.mlp.c_fc.weight`, [d, 4 * d]],
      [`${h}.mlp.c_fc.bias`, [4 * d]],
      [`${h}.mlp.c_proj.weight`, [4 * d, d]],
      [`${h}.mlp.c_proj.bias`, [d]],
    );
  }
  tensors.push(["transformer.ln_f.weight", [d]], ["transformer.ln_f.bias", [d]]);
  const header = { __metadata__: { format: "pt" } };
  let offset = 0;
  let weightBytes = 0;
  for (const [name, shape] of tensors) {
    const bytes = 4 * shape.reduce((a, b) => a * b, 1);
    header[name] = { dtype: "F32", shape, data_offsets: [offset, offset + bytes] };
    offset += bytes;
    if (!name.endsWith(".attn.bias")) weightBytes += bytes;
  }
  let json = JSON.stringify(header);
  json += " ".repeat((8 - (json.length % 8)) % 8);
  const fd = openSync(join(dir, "model.safetensors"), "w");
  const prefix = Buffer.alloc(8);
  prefix.writeBigUInt64LE(BigInt(json.length));
  writeSync(fd, prefix);
  writeSync(fd, Buffer.from(json));
  let s = 12345;
  for (const [name, shape] of tensors) {
    const n = shape.reduce((a, b) => a * b, 1);
    const data = new Float32Array(n);
    if (name.endsWith(".attn.bias")) {
      for (let i = 0; i < P; i++) for (let j = 0; j <= i; j++) data[i * P + j] = 1;
    } else if (/ln_\w+\.weight$/.test(name)) data.fill(1);
    else if (!name.endsWith(".bias")) {
      for (let i = 0; i < n; i++) {
        s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
        data[i] = (s / 2 ** 32 - 0.5) * 0.08;
      }
    }
    writeSync(fd, new Uint8Array(data.buffer));
  }
  closeSync(fd);
  return weightBytes;
}

/** Child: load the folder, then the first logits of 8 tokens; prints one JSON line. */
async function child(dir) {
  const nn = await loadNn();
  globalThis.gc?.();
  const baseline = process.memoryUsage().rss;
  const t0 = performance.now();
  const { model } = await nn.loadPretrainedFolder(dir);
  const t1 = performance.now();
  const loadRss = process.resourceUsage().maxRSS * 1024;
  const ids = new nn.T.Tensor(Int32Array.from([464, 2068, 7586, 21831, 18045, 625, 262, 16931]), [1, 8]);
  const logits = nn.T.noGrad(() => model.forward(ids));
  logits.toTypedArray();
  const t2 = performance.now();
  console.log(
    JSON.stringify({
      loadMs: t1 - t0,
      firstLogitsMs: t2 - t0,
      baselineRss: baseline,
      peakRssLoad: loadRss,
      peakRssLogits: process.resourceUsage().maxRSS * 1024,
    }),
  );
}

/**
 * Moves every parameter into wasm memory (t.to("wasm"), tied tensors once) so the wasm kernels read the
 * weights in place instead of copying each into wasm memory on every call (tensor's bench, GPT rows).
 */
function residentWeights(model) {
  const moved = new Map();
  for (const [, m] of model.namedModules()) {
    for (const [name, p] of m.namedParameters({ recurse: false, removeDuplicate: false })) {
      let r = moved.get(p);
      if (!r) {
        r = p.detach().to("wasm");
        moved.set(p, r);
      }
      m.registerParameter(name, r, { requiresGrad: p.requiresGrad });
    }
  }
  return model;
}

function decodeRate(nn, model, promptLen, newTokens) {
  const ids = new nn.T.Tensor(
    Int32Array.from({ length: promptLen }, (_, i) => (i * 7919) % model.config.vocabSize),
    [1, promptLen],
  );
  const t0 = performance.now();
  model.generate(ids, { maxNewTokens: 1, temperature: 0 });
  const prefill = performance.now() - t0;
  const t1 = performance.now();
  model.generate(ids, { maxNewTokens: newTokens + 1, temperature: 0 });
  const total = performance.now() - t1;
  return { prefillMs: prefill, tokPerS: (newTokens * 1000) / Math.max(total - prefill, 1e-3) };
}

async function tfjsForward(W) {
  const require = createRequire(join(tensorDir, "package.json"));
  const esbuild = await import("esbuild");
  const outfile = join(here, ".cache", "tfjs.cjs");
  await esbuild.build({
    stdin: {
      contents: [
        `export * as tf from "@tensorflow/tfjs-core";`,
        `export * as tfWasm from "@tensorflow/tfjs-backend-wasm";`,
      ].join("\n"),
      resolveDir: tensorDir,
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
  tfWasm.setWasmPaths(`${dirname(require.resolve("@tensorflow/tfjs-backend-wasm"))}/`);
  tfWasm.setThreadsCount(1);
  await tf.setBackend("wasm");
  await tf.ready();
  const { gptTfjs } = await import(pathToFileURL(join(tensorDir, "bench", "tensor-workloads.mjs")).href);
  const g = gptTfjs(tf, W);
  g.step(); // warm-up
  const times = [];
  for (let r = 0; r < 3; r++) {
    const t0 = performance.now();
    g.step();
    times.push(performance.now() - t0);
  }
  g.dispose();
  return times.sort((a, b) => a - b)[1];
}

async function main() {
  const dir = join(os.tmpdir(), "paramlens-bench-gpt2-small");
  const load = () => os.loadavg()[0].toFixed(2);
  console.log(
    `# loadPretrained bench (load average ${load()}, ${os.cpus().length} CPUs, Node ${process.version})`,
  );
  const weightBytes = writeGpt2(dir);
  console.log(`wrote ${dir} (f32 weights ${mib(weightBytes)}, plus the attn.bias buffers)`);
  const r = spawnSync(process.execPath, ["--expose-gc", fileURLToPath(import.meta.url), "--child", dir], {
    encoding: "utf8",
  });
  if (r.status !== 0) throw new Error(`child failed: ${r.stderr}`);
  const c = JSON.parse(r.stdout.trim().split("\n").pop());
  console.log(
    `GPT-2 small load: ${(c.loadMs / 1000).toFixed(2)} s to the model, ${(c.firstLogitsMs / 1000).toFixed(2)} s to first logits (8 tokens); ` +
      `peak RSS ${mib(c.peakRssLoad)} while loading = ${(c.peakRssLoad / weightBytes).toFixed(2)}× the f32 weights ` +
      `(process baseline ${mib(c.baselineRss)}); ${mib(c.peakRssLogits)} after the first logits`,
  );

  const nn = await loadNn();
  const { model } = await nn.loadPretrainedFolder(dir);
  const g = decodeRate(nn, model, 8, 32);
  console.log(
    `GPT-2 small decode (KV cache, greedy, prompt 8, 32 new), weights as loaded (JS arrays): ${g.tokPerS.toFixed(1)} tok/s (prefill ${g.prefillMs.toFixed(0)} ms)`,
  );
  residentWeights(model);
  const gr = decodeRate(nn, model, 8, 32);
  console.log(
    `GPT-2 small decode, weights moved to wasm memory: ${gr.tokPerS.toFixed(1)} tok/s (prefill ${gr.prefillMs.toFixed(0)} ms)`,
  );

  if (!process.argv.includes("--skip-tfjs")) {
    const { gptWeights, GPT } = await import(
      pathToFileURL(join(tensorDir, "bench", "tensor-workloads.mjs")).href
    );
    const ids = new nn.T.Tensor(
      Int32Array.from({ length: GPT.tokens }, (_, i) => (i * 31) % 50257),
      [1, GPT.tokens],
    );
    nn.T.noGrad(() => model.forward(ids)).toTypedArray(); // warm-up
    const ours = [];
    for (let i = 0; i < 3; i++) {
      const t0 = performance.now();
      nn.T.noGrad(() => model.forward(ids)).toTypedArray();
      ours.push(performance.now() - t0);
    }
    const oursMs = ours.sort((a, b) => a - b)[1];
    const tfMs = await tfjsForward(gptWeights());
    console.log(
      `GPT-2 small forward, ${GPT.tokens} tokens, 1 thread: loaded GPT (weights in wasm memory) ${((GPT.tokens * 1000) / oursMs).toFixed(0)} tok/s, ` +
        `TF.js-wasm ${((GPT.tokens * 1000) / tfMs).toFixed(0)} tok/s`,
    );
  }

  const arch = nn.architectureFromConfig(QWEN_CONFIG);
  for (const p of model.parameters()) p.dispose(); // give GPT-2's wasm memory back
  // 494M f32 weights (1.98 GB) do not fit wasm32's memory beside the arena: they stay JS arrays here
  const qwen = new nn.GPT(arch.config, { ...arch.options, skipInit: true });
  qwen.eval();
  const q = decodeRate(nn, qwen, 8, 16);
  console.log(
    `Qwen2.5-0.5B shape (${(nn.countParameters(qwen) / 1e6).toFixed(0)}M parameters) decode (KV cache, prompt 8, 16 new, weights as JS arrays): ${q.tokPerS.toFixed(1)} tok/s (prefill ${q.prefillMs.toFixed(0)} ms)`,
  );
  console.log(`load average after: ${load()}`);
}

if (process.argv.includes("--child")) await child(process.argv[process.argv.indexOf("--child") + 1]);
else {
  if (!existsSync(join(here, ".cache"))) mkdirSync(join(here, ".cache"), { recursive: true });
  await main();
}
