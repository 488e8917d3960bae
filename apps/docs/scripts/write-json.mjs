// Writes a model sidecar as JSON formatted by the repo's Biome, so a re-run of a train-*.mjs script
// reproduces the committed file byte for byte (the repo's lint would otherwise reformat it). The JSON goes
// through `biome format` on stdin under its committed path (public/models/<name>), so a run written to
// another directory (--out) is formatted exactly like the committed file.
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const repo = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");

export function writeJson(path, value) {
  const formatted = execFileSync(
    "npx",
    ["biome", "format", `--stdin-file-path=apps/docs/public/models/${basename(path)}`],
    { cwd: repo, input: `${JSON.stringify(value, null, 2)}\n`, encoding: "utf8" },
  );
  writeFileSync(path, formatted);
}
