// `npm start` for the docs: builds the site when dist/ is missing or older than its sources (the docs'
// own src/ and the workspace packages it documents), then serves dist/ on 127.0.0.1 and prints the URL.
// PORT picks the port (default 4321). It runs until interrupted.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { serveStatic } from "./serve.mjs";

const app = join(dirname(fileURLToPath(import.meta.url)), "..");
const dist = join(app, "dist");
const sources = [
  join(app, "src"),
  join(app, "astro.config.mjs"),
  join(app, "package.json"),
  join(app, "..", "..", "packages", "gpt-params", "src"),
];

function newest(path) {
  if (!existsSync(path)) return 0;
  const s = statSync(path);
  if (!s.isDirectory()) return s.mtimeMs;
  let t = 0;
  for (const entry of readdirSync(path)) {
    // The generated API pages are rewritten by every build; they never make a build stale.
    if (entry === "api" && path.endsWith(join("content", "docs"))) continue;
    t = Math.max(t, newest(join(path, entry)));
  }
  return t;
}

function run(args) {
  const r = spawnSync(process.execPath, args, { cwd: app, stdio: "inherit" });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

const built = existsSync(join(dist, "index.html")) ? statSync(join(dist, "index.html")).mtimeMs : 0;
if (built === 0 || Math.max(...sources.map(newest)) > built) {
  console.error("docs: building the site …");
  run([join(app, "scripts", "gen-api.mjs")]);
  run([join(app, "node_modules", "astro", "astro.js"), "build"]);
} else {
  console.error("docs: dist/ is up to date");
}

const port = Number(process.env.PORT ?? 4321);
const { url } = await serveStatic(dist, port);
console.log(`paramlens docs: ${url}  (calculator: ${url}tools/calculator/)`);
console.log("Press Ctrl+C to stop.");
