import { describe, expect, it } from "vitest";
import {
  fixAnchors,
  flattenPageLinks,
  headingIds,
  splitPage,
  toStarlight,
} from "../scripts/api-markdown.mjs";

describe("API Markdown for Starlight", () => {
  it("computes heading ids the way github-slugger does, numbering repeats", () => {
    const md = [
      "## Classes",
      "### `ConfigError`",
      "#### Constructor",
      "#### Constructor",
      "```ts",
      "# not a heading",
      "```",
    ];
    expect([...headingIds(md.join("\n"))]).toEqual([
      "classes",
      "configerror",
      "constructor",
      "constructor-1",
    ]);
  });

  it("points a numbered anchor at the heading that exists and leaves good links alone", () => {
    const md = "### DatasetErrorCode\n\n[a](#dataseterrorcode-1) [b](#dataseterrorcode) [c](#missing-2)";
    expect(fixAnchors(md)).toBe(
      "### DatasetErrorCode\n\n[a](#dataseterrorcode) [b](#dataseterrorcode) [c](#missing-2)",
    );
  });

  it("moves the title into frontmatter and drops the H1", () => {
    const page = toStarlight("# @paramlens/x\n\n## Functions\n", "@paramlens/x", 'Says "hi"');
    expect(page).toBe('---\ntitle: "@paramlens/x"\ndescription: "Says \\"hi\\""\n---\n\n## Functions\n');
  });

  it("points links to namespace pages at the flat site URLs and leaves other links alone", () => {
    const md = [
      "- [init](@paramlens/namespaces/init.md)",
      "[`Linear`](../../index.md#linear) and [mode](#fanmode)",
      "[spec](https://example.com/docs/README.md)",
    ].join("\n");
    expect(flattenPageLinks(md, "nn").split("\n")).toEqual([
      "- [init](/api/nn/init/)",
      "[`Linear`](/api/nn/#linear) and [mode](#fanmode)",
      "[spec](https://example.com/docs/README.md)",
    ]);
  });
});

describe("splitting a package page", () => {
  const md = [
    "Package intro.",
    "",
    "## Namespaces",
    "",
    "- [init](/api/nn/init/)",
    "",
    "## Classes",
    "",
    "### Alpha",
    "",
    "#### Constructor",
    "",
    `Uses [Beta](#beta) and [opts](#opts). ${"a".repeat(60)}`,
    "",
    "### Beta",
    "",
    "#### Constructor",
    "",
    `Back to [Alpha](#alpha), [ctor](#constructor-1). ${"b".repeat(60)}`,
    "",
    "## Interfaces",
    "",
    "### opts",
    "",
    "See [Alpha](#alpha).",
  ].join("\n");

  it("gives each symbol group its own page, cut between symbols past the budget, and lists every symbol on the index", () => {
    const { pages } = splitPage(md, "nn", 150);
    expect(pages.map((p) => [p.slug, p.label])).toEqual([
      ["", ""],
      ["classes", "Classes (Alpha – Alpha)"],
      ["classes-2", "Classes (Beta – Beta)"],
      ["interfaces", "Interfaces"],
    ]);
    const [index, alpha, beta, opts] = pages.map((p) => p.body);
    expect(index).toContain("Package intro.");
    expect(index).toContain("- [init](/api/nn/init/)");
    expect(index).toContain("- [Alpha](/api/nn/classes/#alpha)");
    expect(index).toContain("- [Beta](/api/nn/classes-2/#beta)");
    expect(index).toContain("- [opts](/api/nn/interfaces/#opts)");
    expect(alpha).toContain("[Beta](/api/nn/classes-2/#beta) and [opts](/api/nn/interfaces/#opts)");
    // Beta's page starts again at "## Classes"; its constructor is that page's first, so "-1" goes away.
    expect(beta?.startsWith("## Classes\n\n### Beta")).toBe(true);
    expect(beta).toContain("Back to [Alpha](/api/nn/classes/#alpha), [ctor](#constructor)");
    expect(opts).toContain("See [Alpha](/api/nn/classes/#alpha).");
    // Every heading id a link names exists on the page it points at.
    for (const page of pages) {
      for (const [, slug, id] of page.body.matchAll(/\]\(\/api\/nn\/([a-z0-9-]*)\/?#([^)]+)\)/g)) {
        const target = pages.find((p) => p.slug === slug);
        expect(target && headingIds(target.body).has(id as string)).toBe(true);
      }
    }
  });

  it("keeps a group whole when it fits, and relinks another page's links to the package page", () => {
    const { pages, relink } = splitPage(md, "nn", 10_000);
    expect(pages.map((p) => p.slug)).toEqual(["", "classes", "interfaces"]);
    expect(relink("[Beta](/api/nn/#beta) [here](#local)")).toBe(
      "[Beta](/api/nn/classes/#beta) [here](#local)",
    );
  });
});

describe("splitting a symbol longer than the budget", () => {
  it("cuts it between members, opens each later part with '(continued)', and lists it once on the index", () => {
    const member = (name: string) => [`##### ${name}()`, "", "x".repeat(50), ""];
    const md = [
      "## Classes",
      "",
      "### Big",
      "",
      "#### Methods",
      "",
      ...member("a"),
      ...member("b"),
      ...member("c"),
      "### Small",
      "",
      "See [c](#c).",
    ].join("\n");
    const { pages } = splitPage(md, "t", 100);
    const bodies = pages.slice(1).map((p) => p.body);
    expect(bodies.length).toBeGreaterThan(2);
    for (const body of bodies.slice(1)) expect(body).toMatch(/^## Classes\n\n### (Big \(continued\)|Small)/);
    expect(bodies.join("\n").match(/##### [abc]\(\)/g)).toEqual(["##### a()", "##### b()", "##### c()"]);
    const index = pages[0]?.body ?? "";
    expect(index.match(/- \[Big\]/g)).toHaveLength(1);
    const c = pages.find((p) => p.body.includes("##### c()"));
    const small = pages.find((p) => p.body.includes("### Small"));
    expect(small?.body).toContain(c === small ? "[c](#c)" : `[c](/api/t/${c?.slug}/#c)`);
  });
});

describe("explicit table anchors", () => {
  it("a link to an <a id> anchor goes to the page that holds it", () => {
    const md = [
      "## Classes",
      "",
      "### User",
      "",
      `Reads [n](#property-n). ${"u".repeat(80)}`,
      "",
      "## Interfaces",
      "",
      "### Shape",
      "",
      '| <a id="property-n"></a> `n` | `number` |',
      "",
      "See [n](#property-n).",
    ].join("\n");
    const { pages } = splitPage(md, "t", 10_000);
    const user = pages.find((p) => p.slug === "classes")?.body ?? "";
    const shape = pages.find((p) => p.slug === "interfaces")?.body ?? "";
    expect(user).toContain("[n](/api/t/interfaces/#property-n)");
    expect(shape).toContain("See [n](#property-n).");
  });
});
