// Turns typedoc-plugin-markdown's output into Starlight pages: frontmatter instead of the H1, and in-page
// links that point at the heading ids Starlight really generates. Text in, text out; no I/O.

/** Every heading with the id Starlight will generate (github-slugger's rule: lower-case, punctuation dropped, -N for repeats), by line index. */
export function headingList(markdown) {
  const list = [];
  const counts = new Map();
  let fenced = false;
  markdown.split("\n").forEach((line, index) => {
    if (line.startsWith("```")) fenced = !fenced;
    const m = !fenced && /^(#{1,6})\s+(.*)$/.exec(line);
    if (!m) return;
    const text = m[2].replace(/`/g, "").replace(/\\(.)/g, "$1");
    const base = text
      .toLowerCase()
      .trim()
      .replace(/[^\p{L}\p{M}\p{N}\p{Pc}\- ]/gu, "")
      .replace(/ /g, "-");
    const n = counts.get(base) ?? 0;
    counts.set(base, n + 1);
    list.push({ line: index, level: m[1].length, text, id: n === 0 ? base : `${base}-${n}` });
  });
  return list;
}

/** The heading ids Starlight will generate for a page. */
export function headingIds(markdown) {
  return new Set(headingList(markdown).map((h) => h.id));
}

/**
 * typedoc-plugin-markdown sometimes numbers an anchor ("#dataseterrorcode-1") for a heading that the page
 * renders once; point such links at the heading that exists.
 */
export function fixAnchors(markdown) {
  const ids = headingIds(markdown);
  return markdown.replace(/\]\(#([^)\s]+)\)/g, (link, anchor) => {
    if (ids.has(anchor)) return link;
    const base = anchor.replace(/-\d+$/, "");
    return ids.has(base) ? `](#${base})` : link;
  });
}

/**
 * Turns the plugin's Markdown into a Starlight page: title in frontmatter, no duplicate H1. `sidebar`
 * ({ label, order }) sets the page's sidebar entry when given.
 */
export function toStarlight(markdown, title, description, sidebar) {
  const body = fixAnchors(markdown.replace(/^# .*\n+/, ""));
  const fm = ["---", `title: ${JSON.stringify(title)}`, `description: ${JSON.stringify(description)}`];
  if (sidebar) fm.push("sidebar:", `  label: ${JSON.stringify(sidebar.label)}`, `  order: ${sidebar.order}`);
  fm.push("---", "");
  return `${fm.join("\n")}\n${body}`;
}

/**
 * Splits one package page (the plugin's Markdown, H1 already removed) so that no page is huge: the text
 * before the first group and the `## Namespaces` list stay on the index page (slug ""), every other symbol
 * group (`## Classes`, `## Functions`, …) gets its own page (slug "classes", …), and a group longer than
 * `maxChars` is cut between symbols (`### Name`) into "classes", "classes-2", …. The index lists every
 * symbol with a link to its page. In-page links (`](#x)` and `](/api/<pkgDir>/#x)`) follow their heading to
 * the page it lands on. Returns { pages: [{ slug, label, body }], relink(markdown) } where relink rewrites
 * another page's links into this one (e.g. a namespace page's links to the package page).
 */
export function splitPage(markdown, pkgDir, maxChars) {
  const lines = markdown.split("\n");
  const headings = headingList(markdown);
  const groups = headings.filter((h) => h.level === 2);
  const at = (line) => ({ text: lines[line], orig: line });
  const range = (from, to) => lines.slice(from, to).map((_, i) => at(from + i));
  const indexLines = range(0, groups[0]?.line ?? lines.length);
  const pages = [{ slug: "", label: "", lines: indexLines }];
  const listed = []; // [{ group, symbols: [{ heading, slug }] }] for the index
  groups.forEach((group, g) => {
    const end = groups[g + 1]?.line ?? lines.length;
    if (group.text === "Namespaces") {
      indexLines.push(...range(group.line, end));
      return;
    }
    const base = group.id.replace(/-\d+$/, "");
    const symbols = headings.filter((h) => h.level === 3 && h.line > group.line && h.line < end);
    const chunks = [{ lines: range(group.line, symbols[0]?.line ?? end), symbols: [], starts: [], size: 0 }];
    chunks[0].size = chunks[0].lines.reduce((n, l) => n + l.text.length + 1, 0);
    const sizeOf = (part) => part.reduce((n, l) => n + l.text.length + 1, 0);
    symbols.forEach((symbol, s) => {
      const symbolEnd = symbols[s + 1]?.line ?? end;
      // A symbol longer than the budget (a big class) is cut between its members (#### and ##### headings);
      // each later part opens with "### Name (continued)".
      const bounds = [
        ...headings
          .filter((h) => (h.level === 4 || h.level === 5) && h.line > symbol.line && h.line < symbolEnd)
          .map((h) => h.line),
        symbolEnd,
      ];
      const units = [];
      let from = symbol.line;
      bounds.forEach((line, i) => {
        const next = bounds[i + 1];
        const size = sizeOf(range(from, line));
        if (next !== undefined && size > 0 && size + sizeOf(range(line, next)) > maxChars) {
          units.push(range(from, line));
          from = line;
        }
      });
      units.push(range(from, symbolEnd));
      units.forEach((part, u) => {
        const size = sizeOf(part);
        let chunk = chunks[chunks.length - 1];
        if ((chunk.symbols.length > 0 || u > 0) && chunk.size + size > maxChars) {
          chunk = {
            lines: [
              { text: lines[group.line], orig: -1 },
              { text: "", orig: -1 },
            ],
            symbols: [],
            starts: [],
            size: 0,
          };
          chunks.push(chunk);
          if (u > 0)
            chunk.lines.push({ text: `${lines[symbol.line]} (continued)`, orig: -1 }, { text: "", orig: -1 });
        }
        chunk.lines.push(...part);
        if (chunk.symbols[chunk.symbols.length - 1] !== symbol) chunk.symbols.push(symbol);
        if (u === 0) chunk.starts.push(symbol);
        chunk.size += size;
      });
    });
    const entry = { group, symbols: [] };
    chunks.forEach((chunk, c) => {
      const slug = c === 0 ? base : `${base}-${c + 1}`;
      const first = chunk.symbols[0]?.text;
      const last = chunk.symbols[chunk.symbols.length - 1]?.text;
      const label = chunks.length === 1 || !first ? group.text : `${group.text} (${first} – ${last})`;
      pages.push({ slug, label, lines: chunk.lines });
      for (const symbol of chunk.starts) entry.symbols.push({ heading: symbol, slug });
    });
    listed.push(entry);
  });
  // Where each heading of the whole page lands: global id → { slug, id } with the page's own numbering.
  const byLine = new Map(headings.map((h) => [h.line, h]));
  const target = new Map();
  for (const page of pages) {
    const local = headingList(page.lines.map((l) => l.text).join("\n"));
    for (const h of local) {
      const orig = page.lines[h.line].orig;
      const global = orig >= 0 ? byLine.get(orig) : undefined;
      if (global && !target.has(global.id)) target.set(global.id, { slug: page.slug, id: h.id });
    }
  }
  // typedoc-plugin-markdown also writes explicit anchors in tables (`<a id="property-x"></a>`); a link to
  // one goes to the same page when it has that id, else to the first page that does.
  const explicitIds = new Map(); // slug → Set of ids
  const explicitTarget = new Map(); // id → slug of its first page
  for (const page of pages) {
    const ids = new Set();
    for (const l of page.lines) for (const m of l.text.matchAll(/<a id="([^"]+)"><\/a>/g)) ids.add(m[1]);
    explicitIds.set(page.slug, ids);
    for (const id of ids) if (!explicitTarget.has(id)) explicitTarget.set(id, { slug: page.slug, id });
  }
  const resolveHeading = (anchor) => target.get(anchor) ?? target.get(anchor.replace(/-\d+$/, ""));
  const resolveFrom = (anchor, here) =>
    explicitIds.get(here)?.has(anchor)
      ? { slug: here, id: anchor }
      : (resolveHeading(anchor) ?? explicitTarget.get(anchor));
  const url = (slug, id) => `/api/${pkgDir}/${slug ? `${slug}/` : ""}#${id}`;
  const escaped = pkgDir.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const linkPattern = new RegExp(`\\]\\((?:/api/${escaped}/)?#([^)\\s]+)\\)`, "g");
  const outsidePattern = new RegExp(`\\]\\(/api/${escaped}/#([^)\\s]+)\\)`, "g");
  const relinkFrom = (text, here, pattern = linkPattern) =>
    text.replace(pattern, (link, anchor) => {
      const to = resolveFrom(anchor, here);
      if (!to) return link;
      return to.slug === here ? `](#${to.id})` : `](${url(to.slug, to.id)})`;
    });
  const index = pages[0];
  for (const { group, symbols } of listed) {
    index.lines.push({ text: `## ${group.text}`, orig: -1 }, { text: "", orig: -1 });
    for (const { heading, slug } of symbols) {
      const id = target.get(heading.id)?.id ?? heading.id;
      index.lines.push({
        text: `- [${lines[heading.line].replace(/^###\s+/, "")}](${url(slug, id)})`,
        orig: -1,
      });
    }
    index.lines.push({ text: "", orig: -1 });
  }
  return {
    pages: pages.map((p) => ({
      slug: p.slug,
      label: p.label,
      body: relinkFrom(p.lines.map((l) => l.text).join("\n"), p.slug),
    })),
    relink: (text) => relinkFrom(text, null, outsidePattern),
  };
}

/**
 * typedoc-plugin-markdown writes a namespace (e.g. nn's `init`) to its own file under
 * `@scope/namespaces/<name>.md` and links it relatively; the site keeps such pages flat, next to the
 * package page, so the links become absolute site URLs: `](@paramlens/namespaces/init.md#x)` →
 * `](/api/nn/init/#x)`. Only links ending in `.md` (with an optional anchor) are touched.
 */
export function flattenPageLinks(markdown, pkgDir) {
  return markdown.replace(/\]\(([^)\s#:]*?)([^/)\s#:]+)\.md(#[^)\s]*)?\)/g, (_link, _dir, name, anchor) => {
    const page = name === "index" ? "" : `${name}/`;
    return `](/api/${pkgDir}/${page}${anchor ?? ""})`;
  });
}
