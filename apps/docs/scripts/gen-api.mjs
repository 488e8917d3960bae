// Generates the API reference pages from the packages' TSDoc: TypeDoc with typedoc-plugin-markdown writes
// one Markdown page per package, which is split into an index (src/content/docs/api/<package>/index.md,
// every symbol listed with a link) and one page per symbol group (classes.md, functions.md, …; a group
// longer than MAX_PAGE_CHARS is cut between symbols into classes.md, classes-2.md, …), with the frontmatter
// Starlight needs. Members a class inherits are not repeated on it (its "Extends" line links the parent),
// so every page stays small (the browser tests hold each built page under 300 KB). @paramlens/gpt-params must succeed (the build fails otherwise); any other package whose
// src/index.ts is missing, exports nothing yet, or does not convert is skipped with a warning, so an
// in-progress package never breaks the site. It does not write anything outside that folder.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { Application, Converter, LogLevel, ReflectionKind } from "typedoc";
import { flattenPageLinks, splitPage, toStarlight } from "./api-markdown.mjs";

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

// Markdown characters per API page before a symbol group is cut: a built page is roughly 10× its Markdown
// (syntax-highlighted signatures, tables, the sidebar), and the budget is 300 KB of HTML.
const MAX_PAGE_CHARS = 8_000;

// Labels and sidebar order of the symbol groups typedoc-plugin-markdown writes.
const GROUP_ORDER = ["classes", "functions", "interfaces", "type-aliases", "variables", "enumerations"];

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
  // A class's inherited members are documented once, on the class that declares them.
  td.converter.on(Converter.EVENT_RESOLVE_END, (context) => {
    for (const reflection of Object.values(context.project.reflections)) {
      if (reflection.inheritedFrom && reflection.parent?.kindOf(ReflectionKind.Class)) {
        context.project.removeReflection(reflection);
      }
    }
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
  const written = [];
  const write = (name, text) => {
    const out = join(target, `${name}.md`);
    if (existsSync(out)) throw new Error(`two TypeDoc pages would both be written to ${relative(root, out)}`);
    writeFileSync(out, text);
    written.push(name);
  };
  const description = manifest.description ?? `API reference of ${manifest.name}`;
  const index = files.find((f) => String(f) === "index.md");
  if (!index) throw new Error("TypeDoc wrote no index.md");
  const indexMd = flattenPageLinks(readFileSync(join(tmp, String(index)), "utf8"), pkg.dir);
  const split = splitPage(indexMd.replace(/^# .*\n+/, ""), pkg.dir, MAX_PAGE_CHARS);
  for (const page of split.pages) {
    if (page.slug === "") {
      write("index", toStarlight(page.body, manifest.name, description, { label: manifest.name, order: 0 }));
      continue;
    }
    const group = GROUP_ORDER.indexOf(page.slug.replace(/-\d+$/, ""));
    const part = Number(/-(\d+)$/.exec(page.slug)?.[1] ?? 1);
    const order = 10 + (group < 0 ? GROUP_ORDER.length : group) * 100 + part;
    write(
      page.slug,
      toStarlight(page.body, `${manifest.name}: ${page.label}`, `${page.label} of ${manifest.name}.`, {
        label: page.label,
        order,
      }),
    );
  }
  for (const f of files) {
    if (f === index) continue;
    // Namespace pages (e.g. nn's `init`) go flat beside the package page: api/nn/init.md.
    const name = basename(String(f), ".md");
    const md = split.relink(flattenPageLinks(readFileSync(join(tmp, String(f)), "utf8"), pkg.dir));
    write(
      name,
      toStarlight(md, `${manifest.name}: ${name}`, `The ${name} namespace of ${manifest.name}.`, {
        label: name,
        order: 5,
      }),
    );
  }
  return written.length;
}

const before = snapshot();
let failed = false;
// `node scripts/gen-api.mjs nn tensor` regenerates only those packages' pages (a quicker check).
const only = process.argv.slice(2);
for (const pkg of PACKAGES.filter((p) => only.length === 0 || only.includes(p.dir))) {
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
