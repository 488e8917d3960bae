// Browser tests: bundles every package's browser entry from its built dist/ with esbuild
// (platform "browser", so a Node built-in anywhere in the import graph fails the bundle), loads it in
// headless Debian Chromium driven by playwright-core, runs each smoke check there and fails on any
// wrong result, page error or console error. Installs Chromium with apt-get when it is missing.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { createServer } from "node:http";
import { join } from "node:path";
import { build } from "esbuild";
import { chromium } from "playwright-core";
import { publishablePackages, smokeChecks } from "./workspace.mjs";

const executablePath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

function fail(message) {
  console.error(`browser-check: ${message}`);
  process.exit(1);
}

function ensureChromium() {
  if (existsSync(executablePath)) return;
  if (process.getuid?.() !== 0) {
    fail(
      `${executablePath} is missing; install Debian's chromium (sudo apt-get install chromium) or set CHROMIUM_PATH`,
    );
  }
  console.log("browser-check: installing Debian's chromium with apt-get …");
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  execFileSync("apt-get", ["update", "-qq"], { stdio: "inherit", env });
  execFileSync("apt-get", ["install", "-y", "-qq", "chromium"], { stdio: "inherit", env });
  if (!existsSync(executablePath)) fail(`apt-get finished but ${executablePath} is still missing`);
}

/** Bundles all browser smoke checks into one script that fills `window.__results`. */
async function bundleChecks() {
  const checks = [];
  const lines = ["const results = [];"];
  for (const p of publishablePackages()) {
    for (const c of smokeChecks[p.name] ?? []) {
      if (c.browser === false || c.bin) continue;
      const i = checks.length;
      checks.push({ ...c, name: c.entry ? `${p.name}/${c.entry}` : p.name });
      const file = join(p.dir, "dist", `${c.entry || "index"}.js`);
      if (!existsSync(file)) fail(`${file} is missing: run the build first`);
      lines.push(
        `{ try { const m = await import(${JSON.stringify(file)}); results.push([${i}, JSON.stringify(await (${c.call}))]); }`,
        `  catch (e) { results.push([${i}, "threw: " + (e && e.stack || e)]); } }`,
      );
    }
  }
  lines.push("window.__results = results;");
  const out = await build({
    stdin: { contents: lines.join("\n"), resolveDir: process.cwd(), loader: "js" },
    bundle: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    write: false,
    logLevel: "silent",
  }).catch((e) =>
    fail(`bundling for the browser failed (a Node built-in in a browser entry?):\n${e.message}`),
  );
  return { checks, code: out.outputFiles[0].text };
}

ensureChromium();
const { checks, code } = await bundleChecks();
const html = `<!doctype html><meta charset="utf-8"><title>paramlens browser check</title><link rel="icon" href="data:,"><script type="module" src="/checks.js"></script>`;
// Cross-origin isolated (COOP + COEP), so SharedArrayBuffer exists and tensor's threads can start.
const isolation = {
  "cross-origin-opener-policy": "same-origin",
  "cross-origin-embedder-policy": "require-corp",
};
const server = createServer((req, res) => {
  if (req.url === "/checks.js")
    res.writeHead(200, { "content-type": "text/javascript", ...isolation }).end(code);
  else if (req.url === "/") res.writeHead(200, { "content-type": "text/html", ...isolation }).end(html);
  else res.writeHead(404).end();
});
await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
const url = `http://127.0.0.1:${server.address().port}/`;

const browser = await chromium.launch({
  executablePath,
  args: [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
  ],
});
const problems = [];
try {
  const page = await browser.newPage();
  page.on("console", (msg) => msg.type() === "error" && problems.push(`console error: ${msg.text()}`));
  page.on("pageerror", (err) => problems.push(`page error: ${err.message}`));
  await page.goto(url);
  await page.waitForFunction(() => Array.isArray(window.__results), null, { timeout: 60_000 });
  const results = await page.evaluate(() => window.__results);
  for (const [i, json] of results) {
    const c = checks[i];
    const want = JSON.stringify(c.expect);
    if (json !== want) problems.push(`${c.name}: ${c.call} returned ${json}, expected ${want}`);
    else console.log(`chromium  ${c.name}: ${c.call} = ${json}`);
  }
} finally {
  await browser.close();
  server.close();
}
if (problems.length > 0) fail(problems.join("\n"));
console.log(`browser-check: ${checks.length} passed, 0 failed`);
