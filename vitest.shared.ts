// Shared vitest settings. The "@paramlens/source" condition makes workspace packages resolve to
// their TypeScript sources, so tests never run against a stale dist/.
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { conditions: ["@paramlens/source"] },
  ssr: { resolve: { conditions: ["@paramlens/source"] } },
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    passWithNoTests: false,
    testTimeout: 60_000,
  },
});
