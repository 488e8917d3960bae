// Turns typedoc-plugin-markdown's output into Starlight pages: frontmatter instead of the H1, and in-page
// links that point at the heading ids Starlight really generates. Text in, text out; no I/O.

/** The heading ids Starlight will generate (github-slugger's rule: lower-case, punctuation dropped, -N for repeats). */
export function headingIds(markdown) {
  const ids = new Set();
  const counts = new Map();
  let fenced = false;
  for (const line of markdown.split("\n")) {
    if (line.startsWith("```")) fenced = !fenced;
    const m = !fenced && /^#{1,6}\s+(.*)$/.exec(line);
    if (!m) continue;
    const text = m[1].replace(/`/g, "").replace(/\\(.)/g, "$1");
    const base = text
      .toLowerCase()
      .trim()
      .replace(/[^\p{L}\p{M}\p{N}\p{Pc}\- ]/gu, "")
      .replace(/ /g, "-");
    const n = counts.get(base) ?? 0;
    counts.set(base, n + 1);
    ids.add(n === 0 ? base : `${base}-${n}`);
  }
  return ids;
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

/** Turns the plugin's Markdown into a Starlight page: title in frontmatter, no duplicate H1. */
export function toStarlight(markdown, title, description) {
  const body = fixAnchors(markdown.replace(/^# .*\n+/, ""));
  const fm = [
    "---",
    `title: ${JSON.stringify(title)}`,
    `description: ${JSON.stringify(description)}`,
    "---",
    "",
  ];
  return `${fm.join("\n")}\n${body}`;
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
