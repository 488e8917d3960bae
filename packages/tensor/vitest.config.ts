// Two vitest projects over one suite: "js" runs every test on the reference backend; "wasm" runs the op,
// autograd and backend tests again with every op routed to the wasm kernels whatever its size
// (src/backend/wasm-test-setup.ts), so forward values, PyTorch fixtures and gradchecks hold on both;
// "wasm-threads" runs that again with matmuls and convolutions split over 3 threads (initThreads).
import { defineConfig, mergeConfig } from "vitest/config";
import shared from "../../vitest.shared";

const wasmSuite = [
  "src/ops/**/*.test.ts",
  "src/autograd/**/*.test.ts",
  "src/backend/*.test.ts",
  "src/example.test.ts",
];

export default mergeConfig(
  shared,
  defineConfig({
    test: {
      projects: [
        { extends: true, test: { name: "js" } },
        {
          resolve: { conditions: ["@paramlens/source"] },
          ssr: { resolve: { conditions: ["@paramlens/source"] } },
          test: {
            name: "wasm",
            include: wasmSuite,
            testTimeout: 60_000,
            setupFiles: ["src/backend/wasm-test-setup.ts"],
          },
        },
        {
          resolve: { conditions: ["@paramlens/source"] },
          ssr: { resolve: { conditions: ["@paramlens/source"] } },
          test: {
            name: "wasm-threads",
            include: wasmSuite,
            testTimeout: 60_000,
            setupFiles: ["src/backend/wasm-threads-test-setup.ts"],
          },
        },
      ],
    },
  }),
);
