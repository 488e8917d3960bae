// Proves that consumers installing individual packages get working packages: packs every publishable
// package with pnpm, lints the tarball with publint and @arethetypeswrong/cli, installs the tarballs
// with plain npm into a throw-away project outside the workspace, then imports each package as ESM and
// requires it as CJS and runs its smoke check. Exits non-zero on the first failure.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { publishablePackages, root, smokeChecks } from "./workspace.mjs";

const bin = (name) => join(root, "node_modules", ".bin", name);
const run = (cmd, args, opts = {}) =>
  execFileSync(cmd, args, { stdio: ["ignore", "pipe", "pipe"], encoding: "utf8", ...opts });

function fail(message, detail = "") {
  console.error(`pack-check: ${message}`);
  if (detail) console.error(detail);
  process.exit(1);
}

const packages = publishablePackages();
const work = mkdtempSync(join(tmpdir(), "paramlens-pack-"));
const tarballs = join(work, "tarballs");
mkdirSync(tarballs);

for (const p of packages) {
  if (!smokeChecks[p.name]) fail(`${p.name} has no smoke check in scripts/workspace.mjs`);
  const before = new Set(readdirSync(tarballs));
  try {
    run("pnpm", ["pack", "--pack-destination", tarballs], { cwd: p.dir });
  } catch (e) {
    fail(`pnpm pack failed for ${p.name}`, `${e.stdout ?? ""}${e.stderr ?? ""}`);
  }
  const tgz = readdirSync(tarballs).find((f) => !before.has(f));
  if (!tgz) fail(`pnpm pack wrote no tarball for ${p.name}`);
  p.tarball = join(tarballs, tgz);

  // publint checks the packed package.json and file list (what npm users actually get).
  const unpacked = join(work, "unpacked", p.name.replace("/", "__"));
  mkdirSync(unpacked, { recursive: true });
  run("tar", ["-xzf", p.tarball, "-C", unpacked, "--strip-components=1"]);
  try {
    const out = run(bin("publint"), ["run", unpacked, "--strict", "--pack", "false"]);
    console.log(`publint   ${p.name}: ${out.trim().split("\n").pop()}`);
  } catch (e) {
    fail(`publint failed for ${p.name}`, `${e.stdout ?? ""}${e.stderr ?? ""}`);
  }
  // node16 profile: every resolution a Node >= 20 or bundler user can hit (node10 predates `exports`).
  try {
    run(bin("attw"), [p.tarball, "--profile", "node16", "--format", "table-flipped"]);
    console.log(`attw      ${p.name}: no problems`);
  } catch (e) {
    fail(`@arethetypeswrong/cli found problems in ${p.name}`, `${e.stdout ?? ""}${e.stderr ?? ""}`);
  }
}

// A consumer project outside the workspace, installed with plain npm from the tarballs only.
const consumer = join(work, "consumer");
mkdirSync(consumer);
writeFileSync(join(consumer, "package.json"), JSON.stringify({ name: "consumer", private: true }, null, 2));
try {
  run("npm", ["install", "--no-audit", "--no-fund", "--no-package-lock", ...packages.map((p) => p.tarball)], {
    cwd: consumer,
  });
} catch (e) {
  fail("npm install of the tarballs failed", `${e.stdout ?? ""}${e.stderr ?? ""}`);
}

const all = packages.flatMap((p) =>
  smokeChecks[p.name].map((c) => ({ ...c, specifier: c.entry ? `${p.name}/${c.entry}` : p.name })),
);
const checks = all.filter((c) => !c.bin && c.node !== false);
const esm = checks
  .map(
    (c, i) =>
      `{ const m = await import(${JSON.stringify(c.specifier)}); results.push([${i}, JSON.stringify(await (${c.call}))]); }`,
  )
  .join("\n");
const cjs = checks
  .map(
    (c, i) =>
      `{ const m = require(${JSON.stringify(c.specifier)}); results.push([${i}, JSON.stringify(await (${c.call}))]); }`,
  )
  .join("\n");
writeFileSync(
  join(consumer, "esm.mjs"),
  `const results = [];\n${esm}\nconsole.log(JSON.stringify(results));\n`,
);
writeFileSync(
  join(consumer, "cjs.cjs"),
  `(async () => {\nconst results = [];\n${cjs}\nconsole.log(JSON.stringify(results));\n})();\n`,
);

for (const file of ["esm.mjs", "cjs.cjs"]) {
  let out;
  try {
    out = run(process.execPath, [file], { cwd: consumer });
  } catch (e) {
    fail(`${file} failed in the consumer project`, `${e.stdout ?? ""}${e.stderr ?? ""}`);
  }
  const results = JSON.parse(out.trim().split("\n").pop());
  for (const [i, json] of results) {
    const c = checks[i];
    const want = JSON.stringify(c.expect);
    if (json !== want) fail(`${file}: ${c.specifier}: ${c.call} returned ${json}, expected ${want}`);
    console.log(`${file.padEnd(9)} ${c.specifier}: ${c.call} = ${json}`);
  }
}

// Commands: run each package's bin the way `npx` would from the consumer project.
for (const c of all.filter((c) => c.bin)) {
  let out;
  try {
    out = run(join(consumer, "node_modules", ".bin", c.bin), c.args, { cwd: consumer });
  } catch (e) {
    fail(`${c.bin} ${c.args.join(" ")} failed in the consumer project`, `${e.stdout ?? ""}${e.stderr ?? ""}`);
  }
  if (!out.includes(c.stdoutIncludes)) {
    fail(`${c.bin} ${c.args.join(" ")} printed no "${c.stdoutIncludes}"`, out);
  }
  console.log(`bin       ${c.bin} ${c.args.join(" ")}: prints ${c.stdoutIncludes}`);
}

rmSync(work, { recursive: true, force: true });
console.log(
  `pack-check: ${packages.length} packages packed, linted, installed with npm and imported as ESM and CJS`,
);
