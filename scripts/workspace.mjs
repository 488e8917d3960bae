// Lists the workspace's publishable packages and the one-call smoke check each must pass once
// installed from its tarball (Node ESM, Node CJS) or bundled for a browser.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const root = join(dirname(fileURLToPath(import.meta.url)), "..");

/**
 * Smoke checks: `call` is the body of `(m) => …` run against the package's module namespace; its
 * JSON result (awaited) must equal `expect`. `browser: false` marks a check that needs Node (file system,
 * worker_threads); `node: false` one that needs a browser (Web Workers on a cross-origin isolated page).
 * A `bin` check runs the installed command with `args` and looks for `stdoutIncludes` in its output.
 * A package without an entry here fails the pack check, so every new package must add one.
 */
export const smokeChecks = {
  "@paramlens/formats": [
    // A one-tensor safetensors header (F32[2], 8 bytes of data) read in header-only mode.
    {
      entry: "",
      call: '(() => { const t = new TextEncoder().encode(\'{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}\'); const b = new Uint8Array(8 + t.length); b[0] = t.length; b.set(t, 8); const h = m.readSafetensorsHeader(b, { headerOnly: true }); return [h.tensors[0].name, h.tensors[0].numel, h.dataLength]; })()',
      expect: ["w", 2, 8],
    },
  ],
  "@paramlens/gpt-params": [
    // GPT-2 small: 124,439,808 parameters (Hugging Face `gpt2` checkpoint, tied LM head).
    { entry: "", call: "m.countParameters(m.presets.gpt2.config).total", expect: 124439808 },
  ],
  "@paramlens/tensor": [
    {
      entry: "",
      call: "(() => { const a = m.tensor([[1, 2], [3, 4]]); return Array.from(a.matmul(a).toArray()); })()",
      expect: [7, 10, 15, 22],
    },
    {
      entry: "wasm",
      call: "m.initWasmBackend().then((b) => Array.from(b.matmul(new Float32Array([1, 2, 3, 4]), new Float32Array([1, 2, 3, 4]), 2, 2, 2)))",
      expect: [7, 10, 15, 22],
    },
    { entry: "node", call: "typeof m.nodeWorkerFactory", expect: "function", browser: false },
    // Threads under the Tensor ops: a 64×64 ones matmul split over 2 threads (minFlops 0); Σ = 64³.
    {
      entry: "node",
      call: "m.initNodeThreads(2, 0).then(async (n) => { const t = typeof require === 'function' ? require('@paramlens/tensor') : await import('@paramlens/tensor'); const a = t.ones([64, 64]); return [n, t.getThreads(), a.matmul(a).sum().item()]; })",
      expect: [2, 2, 262144],
      browser: false,
    },
    {
      entry: "",
      call: "m.initThreads({ threads: 2, minFlops: 0 }).then(() => { const a = m.ones([64, 64]); return [m.getThreads(), m.getBackend(), a.matmul(a).sum().item()]; })",
      expect: [2, "wasm", 262144],
      node: false,
    },
  ],
  "@paramlens/nn": [{ entry: "", call: "m.countParameters(new m.Linear(3, 2))", expect: 8 }],
  "@paramlens/attribution": [
    // Area under y = x on [0, 1] by the trapezoid rule: 0.5 exactly.
    { entry: "", call: "m.trapezoidAuc([0, 0.5, 1], [0, 0.5, 1])", expect: 0.5 },
  ],
  "@paramlens/cli": [
    { bin: "paramlens", args: ["params", "gpt2"], stdoutIncludes: "124,439,808" },
    {
      entry: "",
      call: "m.paramsReport({ preset: 'gpt2' }).parameters.total",
      expect: 124439808,
      browser: false,
    },
  ],
  "@paramlens/datasets": [
    { entry: "", call: "m.FASHION_MNIST_CLASSES.length", expect: 10 },
    // The shipped subset must be found inside the installed tarball: 100 test images of each class.
    {
      entry: "node",
      call: "m.loadShippedFashionMNIST({ split: 'test' }).y.length",
      expect: 1000,
      browser: false,
    },
  ],
};

/** Publishable workspace packages: every non-private package under packages/ and apps/. */
export function publishablePackages() {
  const out = [];
  for (const group of ["packages", "apps"]) {
    const dir = join(root, group);
    if (!existsSync(dir)) continue;
    for (const name of readdirSync(dir).sort()) {
      const pkgFile = join(dir, name, "package.json");
      if (!existsSync(pkgFile)) continue;
      const pkg = JSON.parse(readFileSync(pkgFile, "utf8"));
      if (pkg.private) continue;
      out.push({ name: pkg.name, version: pkg.version, dir: join(dir, name), pkg });
    }
  }
  return out;
}
