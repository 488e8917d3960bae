#!/usr/bin/env node
// Checks the BUILT package (run `pnpm run build` first): both entries load in both module systems, the
// node entry finds the shipped data/ from dist/, and errors from ./node are instances of the DatasetError
// exported by "." (one shared class). Runs each check in a fresh `node` process from a temporary cwd, so
// nothing resolves through vitest or the source condition. Usage: node scripts/check-dist.mjs
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const pkg = join(dirname(fileURLToPath(import.meta.url)), "..");
const dist = join(pkg, "dist");
const cwd = mkdtempSync(join(tmpdir(), "datasets-dist-"));

const cjs = `
const core = require(${JSON.stringify(join(dist, "index.cjs"))});
const node = require(${JSON.stringify(join(dist, "node.cjs"))});
const s = node.loadShippedFashionMNIST({ split: "test", limit: 3 });
if (s.xShape.join() !== "3,1,28,28" || s.source !== "shipped-subset") throw new Error("cjs: bad subset " + s.xShape);
if (!s.dir.startsWith(${JSON.stringify(pkg)})) throw new Error("cjs: data dir " + s.dir);
try { node.loadFashionMNIST({ split: "train", dir: "/nonexistent" }); throw new Error("no error"); }
catch (e) { if (!(e instanceof core.DatasetError) || e.code !== "FILE_NOT_FOUND") throw e; }
if (core.makeMoons({ n: 10 }).xShape.join() !== "10,2") throw new Error("cjs: makeMoons");
console.log("cjs ok:", s.dir);
`;
const esm = `
const core = await import(${JSON.stringify(join(dist, "index.js"))});
const node = await import(${JSON.stringify(join(dist, "node.js"))});
const s = node.loadShippedFashionMNIST({ split: "train", limit: 2 });
if (s.xShape.join() !== "2,1,28,28" || s.source !== "shipped-subset") throw new Error("esm: bad subset " + s.xShape);
if (!s.dir.startsWith(${JSON.stringify(pkg)})) throw new Error("esm: data dir " + s.dir);
try { node.loadFashionMNIST({ split: "train", dir: "/nonexistent" }); throw new Error("no error"); }
catch (e) { if (!(e instanceof core.DatasetError) || e.code !== "FILE_NOT_FOUND") throw e; }
if (core.CharTokenizer.fromText(core.TEXT_CORPUS).size !== 71) throw new Error("esm: corpus vocab");
console.log("esm ok:", s.dir);
`;
try {
  process.stdout.write(execFileSync(process.execPath, ["-e", cjs], { cwd, encoding: "utf8" }));
  process.stdout.write(
    execFileSync(process.execPath, ["--input-type=module", "-e", esm], { cwd, encoding: "utf8" }),
  );
} finally {
  rmSync(cwd, { recursive: true, force: true });
}
