import { defineConfig } from "tsup";
import { packageBuild } from "../../tsup.shared";

// Two entries: the browser-safe library, and `@paramlens/tensor/node` for Node-only adapters. The node
// entry imports the main one by package name (external), so both share one backend state at run time.
export default defineConfig(
  packageBuild({ entry: ["src/index.ts", "src/node.ts"], external: ["@paramlens/tensor"] }),
);
