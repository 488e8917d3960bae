import { defineConfig } from "tsup";
import { packageBuild } from "../../tsup.shared";

// Two entries: the browser-safe core, and `@paramlens/nn/node` (loadPretrained from a folder path).
// node.ts imports the core by package name; `external` keeps that an import of dist/index.* at run time
// (one GPT and one PretrainedError class) instead of a bundled copy.
export default defineConfig(
  packageBuild({ entry: ["src/index.ts", "src/node.ts"], external: ["@paramlens/nn"] }),
);
