// Runs every guide example (src/examples/<package>/*.ts) and checks each line it prints against the
// `// → expected` comment on the console.log that printed it, so the examples on the site cannot drift
// from the libraries. It does not check examples that print nothing: each file must have expectations.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";

const root = import.meta.dirname;
const packages = readdirSync(root).filter((d) => statSync(join(root, d)).isDirectory());

/** The `// → …` expectations of a file, in source order. */
function expectations(source: string): string[] {
  return [...source.matchAll(/console\.log\(.*\);\s*\/\/ → (.*)$/gm)].map((m) => (m[1] ?? "").trim());
}

describe("guide examples", () => {
  afterEach(() => vi.restoreAllMocks());

  it("finds the examples of every guide", () => {
    expect(packages).toEqual(expect.arrayContaining(["gpt-params"]));
    for (const pkg of packages) {
      expect(readdirSync(join(root, pkg)).filter((f) => f.endsWith(".ts")).length).toBeGreaterThan(0);
    }
  });

  for (const pkg of packages) {
    const files = readdirSync(join(root, pkg)).filter((f) => f.endsWith(".ts"));
    for (const file of files) {
      it(`${pkg}/${file} prints what its comments say`, async () => {
        const expected = expectations(readFileSync(join(root, pkg, file), "utf8"));
        expect(expected.length).toBeGreaterThan(0);
        const printed: string[] = [];
        vi.spyOn(console, "log").mockImplementation((...args: unknown[]) => {
          printed.push(args.map(String).join(" "));
        });
        // The extension stays in the static part of the path, as Vite's dynamic-import rule wants.
        await import(`./${pkg}/${file.replace(/\.ts$/, "")}.ts`);
        expect(printed).toEqual(expected);
      });
    }
  }
});
