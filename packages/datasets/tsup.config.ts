import { defineConfig } from "tsup";
import { packageBuild } from "../../tsup.shared";

// Two entries: the browser-safe core, and `@paramlens/datasets/node` for reading files from disk.
export default defineConfig(packageBuild({ entry: ["src/index.ts", "src/node.ts"] }));
