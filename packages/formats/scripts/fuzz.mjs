// The long fuzz pass on demand: `pnpm --filter @paramlens/formats fuzz` runs test/fuzz.test.ts with
// FUZZ_INPUTS mutants (default 10,000, a few minutes; set FUZZ_INPUTS / FUZZ_SEED to change) and prints
// its report.
import { spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const pkg = join(dirname(fileURLToPath(import.meta.url)), "..");
const env = { ...process.env, FUZZ_INPUTS: process.env.FUZZ_INPUTS ?? "10000" };
const r = spawnSync("npx", ["vitest", "run", "test/fuzz.test.ts", "--silent=false"], {
  cwd: pkg,
  env,
  stdio: "inherit",
});
process.exit(r.status ?? 1);
