import { defineConfig } from "tsup";
import { packageBuild } from "../../tsup.shared";

// Two entries: the browser-safe core, and `@paramlens/datasets/node` for reading files from disk.
// node.ts imports the core by package name; `external` keeps that an import of dist/index.* at run time
// (one shared DatasetError class) instead of a bundled copy. `shims` gives the CJS build an import.meta.url (node.ts locates the shipped data/ folder with it).
export default defineConfig(
  packageBuild({ entry: ["src/index.ts", "src/node.ts"], shims: true, external: ["@paramlens/datasets"] }),
);
