// Shared tsup settings: every publishable package builds ESM + CJS + .d.ts/.d.cts from src/index.ts.
import type { Options } from "tsup";

export function packageBuild(overrides: Options = {}): Options {
  return {
    entry: ["src/index.ts"],
    format: ["esm", "cjs"],
    dts: true,
    sourcemap: true,
    clean: true,
    target: "es2022",
    platform: "neutral",
    treeshake: true,
    splitting: false,
    ...overrides,
  };
}
