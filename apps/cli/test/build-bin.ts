// Vitest global setup: builds the bin with the package's own tsup config for src/cli.ts (same entry,
// banner, format and platform as dist/cli.js) into a private folder, so tests never race a concurrent
// `pnpm build` over dist/. One difference, on purpose: workspace packages (@paramlens/*) are bundled
// from their TypeScript sources, so the tests always exercise the current code, never a stale dist —
// except @paramlens/datasets, which stays an import (as in dist/cli.js): it finds its shipped data/
// folder relative to its own module, which a bundled copy would move (turbo builds its dist first).
import { build, type Options } from "tsup";
import config from "../tsup.config";
import { binDir } from "./bin-path";

export default async function setup(): Promise<void> {
  const configs = (Array.isArray(config) ? config : [config]) as Options[];
  const bin = configs.find((c) => JSON.stringify(c.entry).includes("src/cli.ts"));
  if (!bin) throw new Error("build-bin: tsup.config.ts has no build for src/cli.ts");
  await build({
    ...bin,
    config: false,
    outDir: binDir,
    clean: true,
    sourcemap: false,
    silent: true,
    noExternal: [/^@paramlens\/(?!datasets)/],
    esbuildOptions(options) {
      options.conditions = ["@paramlens/source"];
    },
  });
}
