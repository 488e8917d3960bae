import { defineConfig } from "tsup";
import { packageBuild } from "../../tsup.shared";

// Two builds: the programmatic API (`src/index.ts`, ESM + CJS + types) and the `paramlens` bin
// (`src/cli.ts`, ESM only, with the shebang banner). Both target Node: the CLI reads files from disk.
// The first build's clean spares the bin's files, so the two builds can run side by side.
export default defineConfig([
  packageBuild({ entry: ["src/index.ts"], platform: "node", clean: ["!cli.js", "!cli.js.map"] }),
  packageBuild({
    entry: ["src/cli.ts"],
    format: ["esm"],
    platform: "node",
    dts: false,
    clean: false,
    banner: { js: "#!/usr/bin/env node" },
  }),
]);
