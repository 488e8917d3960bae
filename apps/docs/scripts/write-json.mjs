// Writes a model sidecar as JSON and formats it with the repo's Biome, so a re-run of a train-*.mjs script
// reproduces the committed file byte for byte (the repo's lint would otherwise reformat it).
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const repo = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");

export function writeJson(path, value) {
  writeFileSync(path, `${JSON.stringify(value, null, 2)}\n`);
  execFileSync("npx", ["biome", "format", "--write", path], { cwd: repo, stdio: "ignore" });
}
