import { defineConfig } from "tsup";
import { packageBuild } from "../../tsup.shared";

// Three entries: the browser-safe library, `@paramlens/tensor/wasm` (the raw wasm kernels) and
// `@paramlens/tensor/node` for Node-only adapters. The node entry imports the main one by package name
// (external), so both share one backend state at run time. Code splitting keeps the root and the wasm entry
// on shared chunks (one process-wide wasm instance) and puts each embedded wasm module in its own chunk,
// loaded by `initBackend()` only (dynamic import): importing the package for JS-only work loads neither.
export default defineConfig(
  packageBuild({
    entry: ["src/index.ts", "src/wasm.ts", "src/node.ts"],
    external: ["@paramlens/tensor"],
    splitting: true,
  }),
);
