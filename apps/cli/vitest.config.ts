// The shared vitest settings plus a global setup that builds the `paramlens` bin once, so the
// end-to-end tests run the built binary as a subprocess.
import { defineConfig, mergeConfig } from "vitest/config";
import shared from "../../vitest.shared";

export default mergeConfig(shared, defineConfig({ test: { globalSetup: ["./test/build-bin.ts"] } }));
