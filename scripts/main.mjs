// The main job that `npm start` runs after installing and building: for now the `paramlens` CLI sizing
// GPT-1, GPT-2 and GPT-3 side by side. The documentation site with the interactive calculator replaces
// this once apps/docs lands.
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { root } from "./workspace.mjs";

const cli = join(root, "apps", "cli", "dist", "cli.js");
const args =
  process.argv.slice(2).length > 0
    ? process.argv.slice(2)
    : ["params", "--compare", "gpt1", "gpt2", "gpt3-175b"];
console.error(`$ paramlens ${args.join(" ")}`);
const result = spawnSync(process.execPath, [cli, ...args], { stdio: "inherit" });
process.exit(result.status ?? 1);
