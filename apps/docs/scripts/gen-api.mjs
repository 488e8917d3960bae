// Generates the API reference pages from the packages' TSDoc: TypeDoc with typedoc-plugin-markdown writes
// one Markdown page per package into src/content/docs/api/<package>/index.md, with the frontmatter
// Starlight needs. @paramlens/gpt-params must succeed (the build fails otherwise); any other package whose
// src/index.ts is missing, exports nothing yet, or does not convert is skipped with a warning, so an
// in-progress package never breaks the site. It does not write anything outside that folder.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { Application, LogLevel } from "typedoc";
import { flattenPageLinks, toStarlight } from "./api-markdown.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const app = join(here, "..");
const root = join(app, "..", "..");
const outRoot = join(app, "src", "content", "docs", "api");

// Packages to document; `required` ones fail the build when TypeDoc cannot document them.
const PACKAGES = [
  { dir: "gpt-params", required: true },
  { dir: "tensor", required: false },
  { dir: "nn", required: false },
  { dir: "attribution", required: false },
  { dir: "datasets", required: false },
];

// Astro 5's glob loader warns "Duplicate id" for every page whose text changed since its cached content
// store (a false alarm: the new text wins). Regenerated pages change whenever a package's TSDoc does, so
// when they do, the caches are dropped and Astro reads the collection afresh.
const CONTENT_CACHES = [
  join(app, ".astro", "data-store.json"),
  join(app, "node_modules", ".astro", "data-store.json"),
];

/** Every generated page's text by path, to tell whether this run changed any. */
function snapshot() {
  const pages = new Map();
  if (!existsSync(outRoot)) return pages;
  for (const f of readdirSync(outRoot, { recursive: true })) {
    const file = join(outRoot, String(f));
    if (String(f).endsWith(".md")) pages.set(file, readFileSync(file, "utf8"));
  }
  return pages;
}

function hasExports(indexFile) {
  const source = readFileSync(indexFile, "utf8");
  return /^export\s+(?!\{\s*\}\s*;?\s*$)/m.test(source);
}

async function document(pkg) {
  const dir = join(root, "packages", pkg.dir);
  const entry = join(dir, "src", "index.ts");
  const manifest = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
  if (!existsSync(entry)) throw new Error(`${relative(root, entry)} does not exist`);
  if (!hasExports(entry)) throw new Error(`${relative(root, entry)} exports nothing yet`);
  const tmp = join(app, ".astro", "typedoc", pkg.dir);
  rmSync(tmp, { recursive: true, force: true });
  const td = await Application.bootstrapWithPlugins({
    entryPoints: [entry],
    tsconfig: join(dir, "tsconfig.json"),
    plugin: ["typedoc-plugin-markdown"],
    out: tmp,
    readme: "none",
    excludePrivate: true,
    excludeInternal: true,
    excludeExternals: true,
    // No "Defined in" source links: they would point into this checkout, not a published repository.
    disableSources: true,
    // Type errors are each package's own typecheck's job; TypeDoc only needs the declarations.
    skipErrorChecking: true,
    logLevel: LogLevel.Warn,
    // typedoc-plugin-markdown: the whole package on one page, anchors for members.
    outputFileStrategy: "modules",
    entryFileName: "index",
    hidePageHeader: true,
    hideBreadcrumbs: true,
    useCodeBlocks: true,
    parametersFormat: "table",
    interfacePropertiesFormat: "table",
    typeDeclarationFormat: "table",
    sanitizeComments: true,
  });
  const project = await td.convert();
  if (!project || td.logger.hasErrors()) throw new Error("TypeDoc could not convert the package");
  await td.generateOutputs(project);
  if (td.logger.hasErrors()) throw new Error("TypeDoc could not write the Markdown");
  const files = readdirSync(tmp, { recursive: true }).filter((f) => String(f).endsWith(".md"));
  if (files.length === 0) throw new Error("TypeDoc wrote no Markdown");
  const target = join(outRoot, pkg.dir);
  rmSync(target, { recursive: true, force: true });
  mkdirSync(target, { recursive: true });
  for (const f of files) {
    const md = flattenPageLinks(readFileSync(join(tmp, String(f)), "utf8"), pkg.dir);
    const isIndex = String(f) === "index.md";
    // Namespace pages (e.g. nn's `init`) go flat beside the package page: api/nn/init.md.
    const name = basename(String(f), ".md");
    const title = isIndex ? manifest.name : `${manifest.name}: ${name}`;
    const out = join(target, isIndex ? "index.md" : `${name}.md`);
    if (existsSync(out)) throw new Error(`two TypeDoc pages would both be written to ${relative(root, out)}`);
    const description = isIndex
      ? (manifest.description ?? `API reference of ${manifest.name}`)
      : `The ${name} namespace of ${manifest.name}.`;
    writeFileSync(out, toStarlight(md, title, description));
  }
  return files.length;
}

const before = snapshot();
let failed = false;
for (const pkg of PACKAGES) {
  try {
    const n = await document(pkg);
    console.log(`gen-api: @paramlens/${pkg.dir}: ${n} page(s) in src/content/docs/api/${pkg.dir}/`);
  } catch (e) {
    const message = `gen-api: @paramlens/${pkg.dir}: ${e instanceof Error ? e.message : String(e)}`;
    if (pkg.required) {
      console.error(`${message} — this package is required, failing the build`);
      failed = true;
    } else {
      console.warn(`${message} — skipped`);
      rmSync(join(outRoot, pkg.dir), { recursive: true, force: true });
    }
  }
}
const after = snapshot();
const changed = before.size !== after.size || [...after].some(([file, text]) => before.get(file) !== text);
if (changed) {
  for (const cache of CONTENT_CACHES) rmSync(cache, { force: true });
  console.log("gen-api: API pages changed, Astro's content cache cleared");
}
process.exit(failed ? 1 : 0);
