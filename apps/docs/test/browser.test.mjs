// Browser tests of the BUILT docs site: serves dist/ on 127.0.0.1, drives Debian's Chromium with
// playwright-core and checks the calculator (GPT-2 preset, editing, inline errors, URL state, Chinese
// labels, Hugging Face import, safetensors header counting), the neuron playground, the in-browser demos
// (saliency heatmap, feature maps, per-token sentiment attribution), and that no page of the site logs a
// console error. Expected counts come from @paramlens/gpt-params itself (its built dist/).
// Screenshots go to apps/docs/artifacts/. Prints `docs-browser: N passed, M failed` and exits non-zero on
// any failure. It does not build the site: run `pnpm --filter @paramlens/docs build` first.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { countParameters, formatBytes, formatCount, inferenceEstimate, presets } from "@paramlens/gpt-params";
import { chromium } from "playwright-core";
import { serveStatic } from "../scripts/serve.mjs";

const app = join(dirname(fileURLToPath(import.meta.url)), "..");
const dist = join(app, "dist");
const artifacts = join(app, "artifacts");
const executablePath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const exact = (n) => formatCount(n, { style: "exact" });

if (!existsSync(join(dist, "index.html"))) {
  console.error("docs-browser: dist/index.html is missing; run the docs build first");
  console.log("docs-browser: 0 passed, 1 failed");
  process.exit(1);
}
if (!existsSync(executablePath)) {
  console.error(`docs-browser: ${executablePath} is missing; install Debian's chromium or set CHROMIUM_PATH`);
  console.log("docs-browser: 0 passed, 1 failed");
  process.exit(1);
}
mkdirSync(artifacts, { recursive: true });

/** Every page of the built site, as URL paths ("/", "/tools/calculator/", "/404.html"). */
function sitePages() {
  const pages = [];
  const walk = (dir) => {
    for (const entry of readdirSync(dir)) {
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) {
        if (entry === "_astro" || entry === "pagefind") continue;
        walk(path);
      } else if (entry === "index.html") {
        const rel = relative(dist, dir).split(sep).join("/");
        pages.push(rel === "" ? "/" : `/${rel}/`);
      }
    }
  };
  walk(dist);
  if (existsSync(join(dist, "404.html"))) pages.push("/404.html");
  return pages.sort();
}

function assert(condition, message) {
  if (!condition) throw new Error(message);
}

function assertEqual(actual, expected, what) {
  if (actual !== expected)
    throw new Error(`${what}: got ${JSON.stringify(actual)}, expected ${JSON.stringify(expected)}`);
}

const server = await serveStatic(dist, 0);
const base = server.url.replace(/\/$/, "");
const profile = mkdtempSync(join(tmpdir(), "paramlens-docs-chromium-"));
const context = await chromium.launchPersistentContext(profile, {
  executablePath,
  headless: true,
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
  viewport: { width: 1280, height: 900 },
});

/** Opens a page that records console errors and uncaught exceptions. */
async function openPage(path, viewport) {
  const page = await context.newPage();
  if (viewport) await page.setViewportSize(viewport);
  const errors = [];
  page.on("console", (msg) => {
    if (msg.type() === "error") errors.push(`console error: ${msg.text()}`);
  });
  page.on("pageerror", (err) => errors.push(`page error: ${err.message}`));
  await page.goto(`${base}${path}`, { waitUntil: "load" });
  return { page, errors };
}

async function openCalculator(path = "/tools/calculator/", viewport) {
  const opened = await openPage(path, viewport);
  await opened.page.waitForSelector('.calc[data-ready="true"]', { timeout: 30_000 });
  return opened;
}

const text = (page, testId) => page.locator(`[data-testid="${testId}"]`).first().textContent();

/** Waits (up to 5 s) for an element's text to equal `expected`; a re-render is asynchronous. */
async function expectText(page, testId, expected, what) {
  const deadline = Date.now() + 5000;
  let actual = "";
  while (Date.now() < deadline) {
    actual = await text(page, testId).catch(() => "");
    if (actual === expected) return;
    await page.waitForTimeout(50);
  }
  assertEqual(actual, expected, what);
}

const tests = [];
const test = (name, fn) => tests.push({ name, fn });

test("GPT-2 preset shows 124,439,808", async () => {
  const { page, errors } = await openCalculator();
  await expectText(page, "total-0", "124,439,808", "total of the GPT-2 preset");
  await expectText(page, "trainable-0", "124,439,808", "trainable");
  await expectText(page, "active-0", "124,439,808", "active");
  await page.screenshot({ path: join(artifacts, "calculator-gpt2.png"), fullPage: true });
  assertEqual(errors.join("\n"), "", "console errors");
  await page.close();
});

test("the calculator page's JavaScript stays under 150 KiB gzipped (size and latency printed)", async () => {
  const page = await context.newPage();
  const scripts = new Set();
  page.on("response", (r) => {
    if (r.url().startsWith(base) && r.url().split("?")[0].endsWith(".js"))
      scripts.add(new URL(r.url()).pathname);
  });
  await page.goto(`${base}/tools/calculator/`, { waitUntil: "networkidle" });
  await page.waitForSelector('.calc[data-ready="true"]');
  let raw = 0;
  let gzipped = 0;
  for (const path of scripts) {
    const bytes = readFileSync(join(dist, path));
    raw += bytes.length;
    gzipped += gzipSync(bytes, { level: 9 }).length;
  }
  console.log(
    `  calculator page JS: ${scripts.size} files, ${(raw / 1024).toFixed(1)} KiB raw, ${(gzipped / 1024).toFixed(1)} KiB gzipped`,
  );
  assert(gzipped < 150 * 1024, `calculator JS is ${(gzipped / 1024).toFixed(1)} KiB gzipped`);
  // Time from an input event to (a) the updated total in the DOM and (b) the next frame after that
  // (charts redrawn), as the reader experiences it.
  const timing = await page.evaluate(async () => {
    const input = document.querySelector('input[name="nLayers"]');
    const total = document.querySelector('[data-testid="total-0"]');
    const dom = [];
    const frame = [];
    for (const layers of [13, 14, 15, 16, 17, 18, 19, 20]) {
      const before = total.textContent;
      const t0 = performance.now();
      input.value = String(layers);
      input.dispatchEvent(new Event("input", { bubbles: true }));
      await Promise.resolve(); // Preact renders in a microtask
      // Spin on microtasks first (no timer clamping), then fall back to timers so this can never hang.
      for (let spins = 0; total.textContent === before; spins++) {
        await (spins < 1000 ? Promise.resolve() : new Promise((r) => setTimeout(r, 1)));
        if (performance.now() - t0 > 5000) throw new Error("the total did not update within 5 s");
      }
      dom.push(performance.now() - t0);
      await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
      await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
      frame.push(performance.now() - t0);
      await new Promise((r) => setTimeout(r, 200));
    }
    const median = (xs) => xs.sort((a, b) => a - b)[xs.length >> 1];
    return { dom: median(dom), frame: median(frame) };
  });
  // Reported, not asserted: timings depend on the machine (no timing asserts in tests).
  console.log(
    `  input → new total in the DOM: median ${timing.dom.toFixed(1)} ms; → charts redrawn: ${timing.frame.toFixed(1)} ms (8 edits)`,
  );
  await page.close();
});

test("changing the layer count updates the total to gpt-params' exact count", async () => {
  const { page, errors } = await openCalculator();
  for (const layers of [24, 7, 48]) {
    await page.fill('input[name="nLayers"]', String(layers));
    const expected = exact(countParameters({ ...presets.gpt2.config, nLayers: layers }).total);
    await expectText(page, "total-0", expected, `total with ${layers} layers`);
  }
  // The URL now carries the edit; opening it elsewhere reproduces the same number.
  await page.waitForFunction(() => window.location.search.includes("nLayers:48"), null, { timeout: 5000 });
  const url = page.url();
  const again = await openCalculator(url.slice(base.length));
  const expected48 = exact(countParameters({ ...presets.gpt2.config, nLayers: 48 }).total);
  await expectText(again.page, "total-0", expected48, "total from the copied URL");
  assertEqual([...errors, ...again.errors].join("\n"), "", "console errors");
  await again.page.close();
  await page.close();
});

test("an invalid config shows the field's error inline and the page keeps working", async () => {
  const { page, errors } = await openCalculator();
  await page.fill('input[name="nLayers"]', "0");
  const error = page.locator('[data-testid="field-error"][data-field="nLayers"]');
  await error.waitFor({ timeout: 5000 });
  const message = await error.textContent();
  assert(/nLayers/.test(message) && /integer/.test(message), `unexpected nLayers error: ${message}`);
  assertEqual(
    await page.getAttribute('input[name="nLayers"]', "aria-invalid"),
    "true",
    "aria-invalid on nLayers",
  );
  await expectText(page, "total-0", "—", "total while invalid");
  // A rule across fields: d_model 768 is not divisible by 7 heads; the library names dModel.
  await page.fill('input[name="nLayers"]', "12");
  await page.fill('input[name="nHeads"]', "7");
  const dModelError = page.locator('[data-testid="field-error"][data-field="dModel"]');
  await dModelError.waitFor({ timeout: 5000 });
  assert(/divisible/.test(await dModelError.textContent()), "dModel error does not explain the rule");
  await page.screenshot({ path: join(artifacts, "calculator-invalid.png"), fullPage: false });
  // Fixing it brings the numbers back.
  await page.fill('input[name="nHeads"]', "12");
  // An invalid option is reported under its input; the parameter counts do not depend on it and stay.
  await page.fill('input[name="batch"]', "abc");
  const batchError = page.locator('[data-testid="field-error"][data-field="batch"]');
  await batchError.waitFor({ timeout: 5000 });
  assert(/batch/.test(await batchError.textContent()), "batch error does not name the option");
  await expectText(page, "total-0", "124,439,808", "total while the batch option is invalid");
  await expectText(page, "kv-cache-0", "—", "KV cache while the batch option is invalid");
  await page.fill('input[name="batch"]', "1");
  await expectText(page, "total-0", "124,439,808", "total after fixing the config");
  await page.waitForFunction(
    () => document.querySelectorAll('[data-testid="field-error"]').length === 0,
    null,
    { timeout: 5000 },
  );
  assertEqual(errors.join("\n"), "", "console errors");
  await page.close();
});

test("a URL with state reproduces the same numbers (two models compared)", async () => {
  const { page, errors } = await openCalculator(
    "/tools/calculator/?m=gpt2,nLayers:24,dModel:1024,nHeads:16&m=mixtral-8x7b&batch=4",
  );
  // GPT-2 small widened to 24 layers × 1024 with 16 heads (head width, d_ff and KV heads left "auto") is
  // GPT-2 medium, whose released checkpoint has 354,823,168 parameters.
  const medium = countParameters(presets["gpt2-medium"].config);
  assertEqual(exact(medium.total), "354,823,168", "gpt-params' GPT-2 medium count");
  const mixtral = countParameters(presets["mixtral-8x7b"].config);
  await expectText(page, "total-0", exact(medium.total), "total of the widened GPT-2");
  await expectText(page, "total-1", exact(mixtral.total), "total of Mixtral");
  await expectText(page, "active-1", exact(mixtral.active), "active of Mixtral");
  assertEqual(await page.inputValue('input[name="batch"]'), "4", "batch option from the URL");
  await page.screenshot({ path: join(artifacts, "calculator-compare.png"), fullPage: true });
  assertEqual(errors.join("\n"), "", "console errors");
  await page.close();
});

test("will it fit: Llama-2-7B at Q4_K_M on an RTX 4090 with 8k context, in English and Chinese", async () => {
  const e = inferenceEstimate(presets["llama2-7b"].config, {
    device: "rtx-4090",
    weights: { kind: "gguf", fileType: "Q4_K_M" },
    contextLength: 8192,
  });
  const { page, errors } = await openCalculator("/tools/calculator/?m=llama2-7b&ctx=8192");
  await expectText(
    page,
    "fit-decode",
    `${e.decode.tokensPerSecond.toPrecision(3)} tok/s (memory-bound)`,
    "decode speed",
  );
  assert((await text(page, "fit-fits")).startsWith("yes: "), "Llama-2-7B Q4_K_M fits in 24 GiB");
  assert(
    (await page.locator('[data-testid="chart-memory-context"] canvas').count()) > 0,
    "memory chart drawn",
  );
  await page.selectOption('select[name="gpu"]', "l4");
  await page.selectOption('select[name="quant"]', "fp32");
  const l4 = inferenceEstimate(presets["llama2-7b"].config, {
    device: "l4",
    weights: { kind: "dense", dtype: "fp32" },
    contextLength: 8192,
  });
  const gib = (b) => formatBytes(b, { binary: true, digits: 3 });
  await expectText(
    page,
    "fit-fits",
    `no: ${gib(l4.memory.perDevice)} / ${gib(l4.memory.available)}`,
    "fp32 weights and an 8k cache do not fit an L4",
  );
  // The URL is written in an effect after the render: wait for it rather than race it.
  await page
    .waitForFunction(
      () => location.search.includes("gpu=l4") && location.search.includes("quant=fp32"),
      null,
      {
        timeout: 5000,
      },
    )
    .catch(() => {});
  assert(page.url().includes("gpu=l4") && page.url().includes("quant=fp32"), "serving options in the URL");
  await page
    .locator('[data-testid="fit-section"]')
    .screenshot({ path: join(artifacts, "calculator-fit.png") });
  assertEqual(errors.join("\n"), "", "console errors");
  await page.close();
  const zh = await openCalculator("/zh-cn/tools/calculator/?m=llama2-7b&ctx=8192");
  await expectText(
    zh.page,
    "fit-decode",
    `${e.decode.tokensPerSecond.toPrecision(3)} token/秒 (受显存带宽限制)`,
    "zh decode",
  );
  assert(
    (await zh.page.locator('[data-testid="fit-section"] h3').innerText()).includes("能否装下"),
    "zh title",
  );
  assertEqual(zh.errors.join("\n"), "", "console errors (zh-cn)");
  await zh.page.close();
});

test("training tokens: GPT-3 175B uses its published 300B, GPT-2 says it is the 20-per-parameter default", async () => {
  const { page, errors } = await openCalculator("/tools/calculator/?m=gpt3-175b&m=gpt2");
  await expectText(page, "training-tokens-0", "300B (published)", "GPT-3's published token count");
  const gpt2 = await text(page, "training-tokens-1");
  assert(gpt2.endsWith("(20 per parameter)"), `GPT-2's tokens are labelled the default: ${gpt2}`);
  assertEqual(errors.join("\n"), "", "console errors");
  await page.close();
});

test("the zh-cn calculator page shows Chinese labels", async () => {
  const { page, errors } = await openCalculator("/zh-cn/tools/calculator/");
  assertEqual(await page.getAttribute("html", "lang"), "zh-CN", "html lang");
  const body = await page.locator(".calc").textContent();
  for (const label of [
    "总参数",
    "可训练参数",
    "按组件拆分",
    "推理显存",
    "层数 L",
    "Chinchilla 计算最优前沿",
  ]) {
    assert(body.includes(label), `missing Chinese label "${label}"`);
  }
  await expectText(page, "total-0", "124,439,808", "total on the Chinese page");
  await page.screenshot({ path: join(artifacts, "calculator-zh-cn.png"), fullPage: true });
  assertEqual(errors.join("\n"), "", "console errors");
  await page.close();
});

test("a pasted Hugging Face config.json becomes a new model column", async () => {
  const { page, errors } = await openCalculator();
  // The openai-community/gpt2 config.json fields the importer reads.
  const hf = {
    model_type: "gpt2",
    vocab_size: 50257,
    n_positions: 1024,
    n_embd: 768,
    n_layer: 12,
    n_head: 12,
  };
  await page.fill('textarea[name="hf-config"]', JSON.stringify(hf));
  await page.getByRole("button", { name: /Import as a new model/ }).click();
  await page.locator('[data-testid="total-1"]').waitFor({ timeout: 5000 });
  await expectText(page, "total-1", "124,439,808", "total of the imported GPT-2 config");
  await page.fill('textarea[name="hf-config"]', '{"model_type": "not-a-model"}');
  await page.getByRole("button", { name: /Import as a new model/ }).click();
  await page.locator('[data-testid="hf-error"]').waitFor({ timeout: 5000 });
  assertEqual(errors.join("\n"), "", "console errors");
  await page.close();
});

test("an imported config keeps its name and Reset returns to it, not to a preset", async () => {
  const { page, errors } = await openCalculator();
  const hf = {
    _name_or_path: "my-org/tiny-gpt2",
    model_type: "gpt2",
    vocab_size: 50257,
    n_positions: 1024,
    n_embd: 768,
    n_layer: 6,
    n_head: 12,
  };
  await page.fill('textarea[name="hf-config"]', JSON.stringify(hf));
  await page.getByRole("button", { name: /Import as a new model/ }).click();
  const six = exact(countParameters({ ...presets.gpt2.config, nLayers: 6 }).total);
  await expectText(page, "total-1", six, "total of the imported 6-layer config");
  const name = await text(page, "model-1");
  assert(name.includes("my-org/tiny-gpt2") && !name.includes("modified"), `imported model named "${name}"`);
  await page.fill('input[name="nLayers"]', "3");
  await expectText(
    page,
    "total-1",
    exact(countParameters({ ...presets.gpt2.config, nLayers: 3 }).total),
    "edited",
  );
  await page.locator('[data-testid="reset"]').click();
  await expectText(page, "total-1", six, "total after Reset (the imported config, not a preset)");
  assertEqual(await page.inputValue('input[name="nLayers"]'), "6", "layers after Reset");
  assertEqual(errors.join("\n"), "", "console errors");
  await page.close();
});

test("a mistyped preset in the link shows a message and the link is kept (English and Chinese)", async () => {
  for (const [prefix, words] of [
    ["", "not a preset"],
    ["/zh-cn", "不是预设"],
  ]) {
    const { page, errors } = await openCalculator(`${prefix}/tools/calculator/?m=gtp2,nLayers:3`);
    const message = page.locator('[data-testid="unknown-preset"]');
    await message.waitFor({ timeout: 5000 });
    const said = (await message.textContent()) ?? "";
    assert(said.includes("gtp2") && said.includes(words), `message: ${said}`);
    await page.waitForTimeout(300);
    assert(page.url().includes("m=gtp2"), `the link was rewritten to ${page.url()}`);
    assertEqual(errors.join("\n"), "", "console errors");
    await page.close();
  }
});

test("the GPT-4 estimate is never called exact and says how its config was chosen (English and Chinese)", async () => {
  for (const [prefix, label] of [
    ["", "estimate, not an exact count"],
    ["/zh-cn", "估计值，不是精确数"],
  ]) {
    const { page, errors } = await openPage(`${prefix}/concepts/growth/`);
    const cell = (await page.locator('td[data-estimate="true"]').first().textContent()) ?? "";
    assert(cell.includes(label) && !/\d,\d{3},\d{3},\d{3}/.test(cell), `GPT-4 cell: ${cell}`);
    const headers = (await page.locator("thead").first().textContent()) ?? "";
    assert(!/exact|精确/i.test(headers), `table header says exact: ${headers}`);
    const notes = page.locator('[data-testid="estimate-notes-gpt4-estimate"]');
    assert(await notes.isVisible(), "the estimate's notes are visible");
    assert(((await notes.textContent()) ?? "").includes("ESTIMATE"), "the preset's notes are shown");
    assertEqual(errors.join("\n"), "", "console errors");
    await page.close();
  }
  const { page, errors } = await openCalculator("/tools/calculator/?m=gpt4-estimate");
  const note = page.locator('[data-testid="estimate-note-0"]');
  await note.waitFor({ timeout: 5000 });
  assert(
    ((await note.textContent()) ?? "").includes("unconfirmed public estimate"),
    "calculator estimate note",
  );
  assertEqual(errors.join("\n"), "", "console errors");
  await page.close();
});

test("getting started states the release status, lists every package, and the CLI has a guide (English and Chinese)", async () => {
  const packages = ["tensor", "nn", "attribution", "gpt-params", "datasets", "formats", "cli"];
  for (const [prefix, status] of [
    ["", "not published to npm yet"],
    ["/zh-cn", "还没有发布到 npm"],
  ]) {
    const { page, errors } = await openPage(`${prefix}/getting-started/`);
    const body = (await page.locator("main").textContent()) ?? "";
    assert(body.includes(status), `${prefix}/getting-started/ does not state the release status`);
    assert(body.includes("pnpm pack --pack-destination"), "no working install recipe");
    const table = (await page.locator("main table").first().textContent()) ?? "";
    for (const name of packages) assert(table.includes(`@paramlens/${name}`), `package table lacks ${name}`);
    assertEqual(errors.join("\n"), "", "console errors");
    await page.close();
    const cli = await openPage(`${prefix}/guides/cli/`);
    const guide = (await cli.page.locator("main").textContent()) ?? "";
    for (const command of [
      "params",
      "fit",
      "scale",
      "inspect",
      "generate",
      "train",
      "summary",
      "explain",
      "analyze",
    ])
      assert(guide.includes(`paramlens ${command}`), `${prefix}/guides/cli/ does not cover ${command}`);
    assertEqual(cli.errors.join("\n"), "", "console errors (CLI guide)");
    await cli.page.close();
  }
});

/** A tiny safetensors file: GPT-2-style names, a parameter, a bias and a causal-mask buffer. */
function safetensorsFile() {
  const header = {
    __metadata__: { format: "pt" },
    "h.0.attn.bias": { dtype: "F32", shape: [1, 1, 4, 4], data_offsets: [0, 64] },
    "h.0.attn.c_attn.weight": { dtype: "F32", shape: [4, 12], data_offsets: [64, 256] },
    "wte.weight": { dtype: "F32", shape: [10, 4], data_offsets: [256, 416] },
  };
  const json = Buffer.from(JSON.stringify(header));
  const length = Buffer.alloc(8);
  length.writeBigUInt64LE(BigInt(json.length));
  return Buffer.concat([length, json, Buffer.alloc(416)]);
}

test("a safetensors file is counted from its header in the browser", async () => {
  const { page, errors } = await openCalculator();
  await page.setInputFiles('input[name="safetensors"]', {
    name: "tiny.safetensors",
    mimeType: "application/octet-stream",
    buffer: safetensorsFile(),
  });
  const result = page.locator('[data-testid="safetensors-result"]');
  await result.waitFor({ timeout: 5000 });
  const shown = await result.textContent();
  // 4·12 + 10·4 = 88 parameters; the 16-value causal mask is a buffer.
  assert(shown.includes("88"), `safetensors result does not show 88 parameters: ${shown}`);
  assert(shown.includes("tiny.safetensors"), "file name not shown");
  assertEqual(errors.join("\n"), "", "console errors");
  await page.close();
});

test("the neuron playground redraws as the sliders move, and shows a dead ReLU", async () => {
  const { page, errors } = await openPage("/tools/neuron-playground/");
  await page.waitForSelector(".pl-playground canvas");
  const y0 = await text(page, "neuron-y");
  await page.locator('input[name="b"]').fill("2");
  await page.waitForFunction(
    (before) => document.querySelector('[data-testid="neuron-y"]')?.textContent !== before,
    y0,
    {
      timeout: 5000,
    },
  );
  await page.selectOption('select[name="activation"]', "relu");
  await page.locator('input[name="b"]').fill("-4.5");
  await expectText(page, "neuron-y", "0.000", "ReLU output with a large negative bias");
  assert(await page.locator(".pl-dead").isVisible(), "dead-ReLU note not shown");
  await page.screenshot({ path: join(artifacts, "neuron-playground.png"), fullPage: false });
  assertEqual(errors.join("\n"), "", "console errors");
  await page.close();
});

test("the calculator fits a phone-sized screen", async () => {
  const { page, errors } = await openCalculator("/tools/calculator/", { width: 390, height: 844 });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert(overflow <= 1, `page scrolls sideways by ${overflow}px on a 390px screen`);
  await expectText(page, "total-0", "124,439,808", "total on a phone");
  await page.screenshot({ path: join(artifacts, "calculator-phone.png"), fullPage: false });
  assertEqual(errors.join("\n"), "", "console errors");
  await page.close();
});

/** Gzipped size of every script a page loads (measured from dist/), printed for the demos. */
async function pageScripts(path, readySelector) {
  const page = await context.newPage();
  const scripts = new Set();
  page.on("response", (r) => {
    if (r.url().startsWith(base) && r.url().split("?")[0].endsWith(".js"))
      scripts.add(new URL(r.url()).pathname);
  });
  await page.goto(`${base}${path}`, { waitUntil: "networkidle" });
  await page.waitForSelector(readySelector, { timeout: 30_000 });
  let raw = 0;
  let gzipped = 0;
  for (const p of scripts) {
    const bytes = readFileSync(join(dist, p));
    raw += bytes.length;
    gzipped += gzipSync(bytes, { level: 9 }).length;
  }
  await page.close();
  return { files: scripts.size, raw, gzipped };
}

/** The pixels of a canvas: per-pixel luminance, its variance, and a short fingerprint to detect redraws. */
function canvasStats(page, testId) {
  return page.evaluate((id) => {
    const c = document.querySelector(`[data-testid="${id}"]`);
    const d = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
    const lum = [];
    let hash = 0;
    for (let i = 0; i < d.length; i += 4) {
      lum.push(0.299 * d[i] + 0.587 * d[i + 1] + 0.114 * d[i + 2]);
      hash = (hash * 31 + d[i] * 7 + d[i + 1] * 3 + d[i + 2]) >>> 0;
    }
    const mean = lum.reduce((a, b) => a + b, 0) / lum.length;
    const variance = lum.reduce((a, b) => a + (b - mean) ** 2, 0) / lum.length;
    // Colour spread, so a heatmap is told apart from the grayscale image under it.
    let coloured = 0;
    for (let i = 0; i < d.length; i += 4) if (Math.abs(d[i] - d[i + 2]) > 30) coloured++;
    return { variance, hash, coloured, drawn: Number(c.dataset.drawn ?? 0), w: c.width, h: c.height };
  }, testId);
}

async function probabilities(page) {
  return page.$$eval('[data-testid^="prob-"]', (els) => els.map((e) => Number(e.dataset.p)));
}

test("the saliency demo draws a non-uniform heatmap, probabilities sum to 1, each method redraws", async () => {
  const { page, errors } = await openPage("/tools/saliency/");
  await page.waitForSelector('.fd-demo[data-ready="true"] [data-testid="heatmap"][data-drawn]', {
    timeout: 30_000,
  });
  const probs = await probabilities(page);
  assertEqual(probs.length, 10, "number of class probabilities");
  const total = probs.reduce((a, b) => a + b, 0);
  assert(Math.abs(total - 1) < 1e-5, `probabilities sum to ${total}`);
  /** How much the overlay changes the image: the variance over pixels of |heatmap − image| (RGB). */
  const overlay = () =>
    page.evaluate(() => {
      const px = (id) => {
        const c = document.querySelector(`[data-testid="${id}"]`);
        return c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
      };
      const h = px("heatmap");
      const x = px("input-canvas");
      const diff = [];
      for (let i = 0; i < h.length; i += 4)
        diff.push(Math.abs(h[i] - x[i]) + Math.abs(h[i + 1] - x[i + 1]) + Math.abs(h[i + 2] - x[i + 2]));
      const mean = diff.reduce((a, b) => a + b, 0) / diff.length;
      return diff.reduce((a, b) => a + (b - mean) ** 2, 0) / diff.length;
    });
  let previous = await canvasStats(page, "heatmap");
  assertEqual(`${previous.w}×${previous.h}`, "28×28", "heatmap canvas size");
  assert(
    previous.variance > 100,
    `saliency heatmap is nearly uniform (variance ${previous.variance.toFixed(1)})`,
  );
  assert(previous.coloured > 10, `saliency heatmap has ${previous.coloured} coloured pixels`);
  const seen = new Set([previous.hash]);
  for (const method of ["ig", "smoothgrad", "gradcam", "occlusion", "saliency"]) {
    await page.check(`input[name="method"][value="${method}"]`);
    await page.waitForFunction(
      (n) => Number(document.querySelector('[data-testid="heatmap"]').dataset.drawn) > n,
      previous.drawn,
      { timeout: 10_000 },
    );
    const now = await canvasStats(page, "heatmap");
    assert(now.variance > 100, `${method} heatmap is nearly uniform (variance ${now.variance.toFixed(1)})`);
    // Not just the image showing through: the colour overlay itself varies across the pixels.
    const v = await overlay();
    assert(
      v > 200,
      `${method}: the overlay is nearly uniform (variance of |heatmap − image| ${v.toFixed(1)})`,
    );
    if (method !== "saliency")
      assert(!seen.has(now.hash), `${method} drew the same pixels as an earlier method`);
    seen.add(now.hash);
    if (method === "ig") await page.screenshot({ path: join(artifacts, "saliency-ig.png"), fullPage: true });
    previous = now;
  }
  // Another image: new probabilities (still a distribution) and a new heatmap.
  await page.click('[data-testid="sample-14"]');
  await page.waitForFunction(
    (n) => Number(document.querySelector('[data-testid="heatmap"]').dataset.drawn) > n,
    previous.drawn,
    { timeout: 10_000 },
  );
  const other = await probabilities(page);
  assert(other.join() !== probs.join(), "probabilities did not change with the image");
  assert(Math.abs(other.reduce((a, b) => a + b, 0) - 1) < 1e-5, "probabilities of the second image");
  await page.screenshot({ path: join(artifacts, "saliency.png"), fullPage: true });
  assertEqual(errors.join("\n"), "", "console errors");
  await page.close();
});

test("the zh-cn saliency demo shows Chinese labels and a heatmap", async () => {
  const { page, errors } = await openPage("/zh-cn/tools/saliency/");
  await page.waitForSelector('[data-testid="heatmap"][data-drawn]', { timeout: 30_000 });
  const body = await page.locator(".fd-demo").textContent();
  for (const label of ["归因方法", "类别概率", "积分梯度", "遮挡"])
    assert(body.includes(label), `missing "${label}"`);
  assertEqual(errors.join("\n"), "", "console errors");
  await page.close();
});

test("feature maps render one non-blank tile per channel of each conv layer", async () => {
  const { page, errors } = await openPage("/tools/feature-maps/");
  await page.waitForSelector('[data-testid="feature-maps"] canvas[data-drawn]', { timeout: 30_000 });
  const layers = await page.$$eval('[data-testid^="feature-layer-"]', (sections) =>
    sections.map((s) => {
      const tiles = [...s.querySelectorAll("canvas")];
      const lit = tiles.filter((c) => {
        const d = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
        for (let i = 0; i < d.length; i += 4) if (d[i] > 0) return true;
        return false;
      }).length;
      return { tiles: tiles.length, size: tiles[0] ? `${tiles[0].width}×${tiles[0].height}` : "", lit };
    }),
  );
  assertEqual(
    JSON.stringify(layers.map((l) => [l.tiles, l.size])),
    JSON.stringify([
      [8, "28×28"],
      [16, "14×14"],
    ]),
    "tiles per layer",
  );
  for (const [i, l] of layers.entries())
    assert(l.lit >= l.tiles / 2, `layer ${i + 1}: only ${l.lit} of ${l.tiles} tiles light up`);
  await page.screenshot({ path: join(artifacts, "feature-maps.png"), fullPage: true });
  assertEqual(errors.join("\n"), "", "console errors");
  await page.close();
});

/** Types a sentence and returns { label, scores by token } once the tokens show it. */
async function explain(page, sentence) {
  await page.fill('textarea[name="sentence"]', sentence);
  await page.waitForFunction(
    (words) =>
      [...document.querySelectorAll('[data-testid="token"]')].map((e) => e.dataset.token).join(" ") === words,
    sentence
      .toLowerCase()
      .match(/[a-z]+|\p{Script=Han}/gu)
      .join(" "),
    { timeout: 5000 },
  );
  const label = await page.getAttribute('[data-testid="sentiment-label"]', "data-label");
  const scores = await page.$$eval('[data-testid="token"]', (els) =>
    Object.fromEntries(els.map((e) => [e.dataset.token, Number(e.dataset.score)])),
  );
  return { label, scores };
}

test('"Why did it say that?" colours "happy" positive and "sad" negative (English and Chinese)', async () => {
  const { page, errors } = await openPage("/tools/why/");
  await page.waitForSelector('.sd-demo[data-ready="true"]', { timeout: 30_000 });
  const happy = await explain(page, "I am happy");
  assertEqual(happy.label, "positive", "prediction for 'I am happy'");
  assert(happy.scores.happy > 0, `"happy" scored ${happy.scores.happy}`);
  const colour = await page.$eval('[data-token="happy"]', (e) => getComputedStyle(e).backgroundColor);
  const [r, , b] = colour.match(/\d+/g).map(Number);
  assert(r > b, `"happy" is not red: ${colour}`);
  const sad = await explain(page, "I am sad");
  assertEqual(sad.label, "negative", "prediction for 'I am sad'");
  assert(sad.scores.sad < 0, `"sad" scored ${sad.scores.sad}`);
  await explain(page, "The food was great but the room was dirty");
  await page.screenshot({ path: join(artifacts, "why-en.png"), fullPage: true });
  assertEqual(errors.join("\n"), "", "console errors");
  await page.close();
  const zh = await openPage("/zh-cn/tools/why/");
  await zh.page.waitForSelector('.sd-demo[data-ready="true"]', { timeout: 30_000 });
  const pos = await explain(zh.page, "我很快乐");
  assert(pos.scores.快 + pos.scores.乐 > 0, `快乐 scored ${pos.scores.快} + ${pos.scores.乐}`);
  const neg = await explain(zh.page, "我很愤怒");
  assertEqual(neg.label, "negative", "prediction for 我很愤怒");
  assert(neg.scores.愤 + neg.scores.怒 < 0, `愤怒 scored ${neg.scores.愤} + ${neg.scores.怒}`);
  assert((await zh.page.locator(".sd-demo").textContent()).includes("预测"), "Chinese label 预测 missing");
  await zh.page.screenshot({ path: join(artifacts, "why-zh-cn.png"), fullPage: true });
  assertEqual(zh.errors.join("\n"), "", "console errors (zh-cn)");
  await zh.page.close();
});

test('"Why did it say that?" is honest about empty text, unknown words and what a bag of words misses (en and zh-cn)', async () => {
  for (const [prefix, prompt, unknown, limits] of [
    ["", "Type a sentence", "None of these words", "cannot see"],
    ["/zh-cn", "输入一句话", "都不在模型的词表中", "看不到什么"],
  ]) {
    const { page, errors } = await openPage(`${prefix}/tools/why/`);
    await page.waitForSelector('.sd-demo[data-ready="true"]', { timeout: 30_000 });
    const status = page.locator('[data-testid="sentiment-status"]');
    await page.fill('textarea[name="sentence"]', "");
    await status.waitFor({ timeout: 5000 });
    assertEqual(await status.getAttribute("data-status"), "empty", "status for empty text");
    assert(((await status.textContent()) ?? "").includes(prompt), "empty text shows the prompt to type");
    assertEqual(await page.locator('[data-testid="sentiment-label"]').count(), 0, "no label for empty text");
    await page.fill('textarea[name="sentence"]', "zzqx qqvv xxkj");
    await page.waitForFunction(
      () =>
        document.querySelector('[data-testid="sentiment-status"]')?.getAttribute("data-status") === "unknown",
      null,
      { timeout: 5000 },
    );
    assert(((await status.textContent()) ?? "").includes(unknown), "all-unknown text says so");
    assertEqual(
      await page.locator('[data-testid="sentiment-label"]').count(),
      0,
      "no label for unknown words",
    );
    const note = (await page.locator('[data-testid="bag-limits"]').textContent()) ?? "";
    assert(note.includes(limits) && note.includes("不"), `bag-of-words note: ${note}`);
    assertEqual(errors.join("\n"), "", "console errors");
    await page.close();
  }
});

test("the neuron playground has a leaky ReLU that stays alive, and the activation table lists it (en and zh-cn)", async () => {
  for (const [prefix, word] of [
    ["", "cannot die"],
    ["/zh-cn", "不会像 ReLU 那样"],
  ]) {
    const { page, errors } = await openPage(`${prefix}/tools/neuron-playground/`);
    await page.waitForSelector(".pl-playground canvas");
    await page.selectOption('select[name="activation"]', "leaky-relu");
    await page.locator('input[name="b"]').fill("-4.5");
    await page.locator('[data-testid="leaky-note"]').waitFor({ timeout: 5000 });
    assert(((await text(page, "leaky-note")) ?? "").includes(word), "leaky ReLU note");
    assertEqual(await page.locator(".pl-dead").count(), 0, "a leaky ReLU flagged dead");
    const y = Number(await text(page, "neuron-y"));
    assert(y < 0, `leaky ReLU output with a large negative bias is ${y}, expected below 0`);
    assertEqual(errors.join("\n"), "", "console errors");
    await page.close();
    const concept = await openPage(`${prefix}/concepts/parameters/`);
    const tables = (await concept.page.locator("main table").allTextContents()).join(" ");
    assert(/leaky ReLU/i.test(tables) && tables.includes("0.01·z"), "activation table lacks leaky ReLU");
    await concept.page.close();
  }
});

test("the demos fit a phone-sized screen", async () => {
  for (const [path, ready] of [
    ["/tools/saliency/", '[data-testid="heatmap"][data-drawn]'],
    ["/tools/feature-maps/", '[data-testid="feature-maps"] canvas[data-drawn]'],
    ["/tools/why/", '.sd-demo[data-ready="true"]'],
  ]) {
    const { page, errors } = await openPage(path, { width: 390, height: 844 });
    // The islands are client:visible: bring them into view so they hydrate.
    await page.locator("astro-island").first().scrollIntoViewIfNeeded();
    await page.waitForSelector(ready, { timeout: 30_000 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert(overflow <= 1, `${path} scrolls sideways by ${overflow}px on a 390px screen`);
    if (path === "/tools/saliency/")
      await page.screenshot({ path: join(artifacts, "saliency-phone.png"), fullPage: false });
    assertEqual(errors.join("\n"), "", `console errors on ${path}`);
    await page.close();
  }
});

test("the demo pages' JavaScript sizes (gzipped, printed)", async () => {
  for (const [path, ready] of [
    ["/tools/saliency/", '[data-testid="heatmap"][data-drawn]'],
    ["/tools/feature-maps/", '[data-testid="feature-maps"]'],
    ["/tools/why/", '.sd-demo[data-ready="true"]'],
  ]) {
    const s = await pageScripts(path, ready);
    console.log(
      `  ${path} JS: ${s.files} files, ${(s.raw / 1024).toFixed(1)} KiB raw, ${(s.gzipped / 1024).toFixed(1)} KiB gzipped`,
    );
    assert(s.gzipped < 250 * 1024, `${path} JS is ${(s.gzipped / 1024).toFixed(1)} KiB gzipped`);
  }
});

test("every internal link and in-page anchor of the built site resolves", async () => {
  const broken = [];
  for (const path of sitePages()) {
    const file = path === "/404.html" ? join(dist, "404.html") : join(dist, path, "index.html");
    const html = readFileSync(file, "utf8");
    const ids = new Set([...html.matchAll(/\bid="([^"]+)"/g)].map((m) => m[1]));
    for (const [, href] of html.matchAll(/href="([^"]+)"/g)) {
      if (href.startsWith("#")) {
        if (href.length > 1 && !ids.has(decodeURIComponent(href.slice(1)))) broken.push(`${path} → ${href}`);
      } else if (href.startsWith("/")) {
        const target = join(dist, decodeURIComponent(href.split(/[?#]/)[0]));
        if (
          !existsSync(target) ||
          (statSync(target).isDirectory() && !existsSync(join(target, "index.html")))
        ) {
          broken.push(`${path} → ${href}`);
        }
      }
    }
  }
  assertEqual(broken.slice(0, 10).join("\n"), "", `${broken.length} broken links`);
});

/** Every built page's HTML file with its size in bytes, largest first. */
function pageSizes() {
  return sitePages()
    .map((path) => {
      const file = path === "/404.html" ? join(dist, "404.html") : join(dist, path, "index.html");
      return { path, bytes: statSync(file).size };
    })
    .sort((a, b) => b.bytes - a.bytes);
}

test("every built page's HTML is under 300 KB (largest printed)", async () => {
  const sizes = pageSizes();
  for (const { path, bytes } of sizes.slice(0, 3))
    console.log(`  ${path}: ${(bytes / 1024).toFixed(1)} KiB HTML`);
  const big = sizes.filter((s) => s.bytes >= 300 * 1000);
  assertEqual(
    big.map((s) => `${s.path} ${(s.bytes / 1024).toFixed(1)} KiB`).join(", "),
    "",
    "pages of 300 KB or more",
  );
});

test("the largest API page blocks the main thread for under 200 ms on a desktop", async () => {
  const api = pageSizes().filter((s) => /^\/(zh-cn\/)?api\//.test(s.path));
  assert(api.length > 0, "no API page in dist/");
  const { path } = api[0];
  // Three loads, the median counted: the machine running the tests may be busy with other work.
  const runs = [];
  for (let run = 0; run < 3; run++) {
    const page = await context.newPage();
    // Long tasks (> 50 ms) from the start of the document; the blocking time is what each runs past 50 ms
    // (Lighthouse's total blocking time).
    await page.addInitScript(() => {
      window.__longTasks = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) window.__longTasks.push(e.duration);
      }).observe({ type: "longtask", buffered: true });
    });
    await page.goto(`${base}${path}`, { waitUntil: "load" });
    await page.waitForLoadState("networkidle");
    await page.waitForTimeout(500);
    const tasks = await page.evaluate(() => window.__longTasks);
    const nodes = await page.evaluate(() => document.getElementsByTagName("*").length);
    runs.push({
      blocking: tasks.reduce((sum, d) => sum + Math.max(0, d - 50), 0),
      tasks: tasks.length,
      nodes,
    });
    await page.close();
  }
  runs.sort((a, b) => a.blocking - b.blocking);
  const { blocking, nodes } = runs[1];
  console.log(
    `  ${path}: ${runs.map((r) => `${r.blocking.toFixed(0)} ms`).join(", ")} blocking (median ${blocking.toFixed(0)} ms), ${nodes} DOM elements`,
  );
  assert(blocking < 200, `${path} blocks the main thread for ${blocking.toFixed(0)} ms`);
});

test("no page of the site logs a console error", async () => {
  const pages = sitePages();
  assert(pages.length >= 20, `only ${pages.length} pages found in dist/`);
  const problems = [];
  for (const path of pages) {
    const { page, errors } = await openPage(path);
    await page.waitForLoadState("networkidle");
    // Let islands hydrate and charts draw.
    await page.waitForTimeout(150);
    for (const e of errors) problems.push(`${path}: ${e}`);
    await page.close();
  }
  assertEqual(problems.join("\n"), "", `console errors on ${pages.length} pages`);
});

let passed = 0;
let failed = 0;
try {
  // DOCS_BROWSER_ONLY=word runs only the tests whose name contains that word (a quicker check).
  const only = process.env.DOCS_BROWSER_ONLY;
  for (const t of tests.filter((t) => !only || t.name.includes(only))) {
    try {
      await t.fn();
      passed++;
      console.log(`✓ ${t.name}`);
    } catch (e) {
      failed++;
      console.log(`✗ ${t.name}\n    ${e instanceof Error ? e.message : String(e)}`);
    }
  }
} finally {
  await context.close();
  await server.close();
  rmSync(profile, { recursive: true, force: true });
}
console.log(`screenshots: ${relative(process.cwd(), artifacts) || "."}/`);
console.log(`docs-browser: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
