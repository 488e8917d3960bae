import { describe, expect, it } from "vitest";
import { fixAnchors, flattenPageLinks, headingIds, toStarlight } from "../scripts/api-markdown.mjs";

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
