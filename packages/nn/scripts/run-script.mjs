// Runs a TypeScript script against the workspace *sources* (not dist): bundles it with esbuild using the
// "@paramlens/source" export condition, writes the bundle to a temp dir and imports it.
// Usage: node packages/nn/scripts/run-script.mjs packages/nn/scripts/<name>.ts [args…]
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { build } from "esbuild";

const entry = process.argv[2];
if (!entry) {
  console.error("usage: node run-script.mjs <script.ts> [args…]");
  process.exit(2);
}
const outfile = join(mkdtempSync(join(tmpdir(), "paramlens-script-")), `${basename(entry, ".ts")}.mjs`);
await build({
  entryPoints: [resolve(entry)],
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  outfile,
  conditions: ["@paramlens/source"],
  // keep node built-ins and real npm packages external; bundle only workspace sources
  packages: "bundle",
  banner: {
    js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
  },
  logLevel: "warning",
});
process.argv.splice(1, 1); // the script sees its own args at process.argv[2…]
await import(pathToFileURL(outfile).href);
