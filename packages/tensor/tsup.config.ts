import { defineConfig } from "tsup";
import { packageBuild } from "../../tsup.shared";

// Two entries: the browser-safe library, and `@paramlens/tensor/node` for Node-only adapters.
export default defineConfig(packageBuild({ entry: ["src/index.ts", "src/node.ts"] }));
