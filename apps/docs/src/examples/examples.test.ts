// Runs every guide example and checks each line it prints against the `// → expected` comment on the
// console.log that printed it, so the examples on the site cannot drift from the library.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";

const dir = join(import.meta.dirname, "gpt-params");
const files = readdirSync(dir).filter((f) => f.endsWith(".ts"));

/** The `// → …` expectations of a file, in source order. */
function expectations(source: string): string[] {
  return [...source.matchAll(/console\.log\(.*\);\s*\/\/ → (.*)$/gm)].map((m) => (m[1] ?? "").trim());
}

describe("guide examples", () => {
  afterEach(() => vi.restoreAllMocks());

  it("finds the examples", () => {
    expect(files.length).toBeGreaterThanOrEqual(4);
  });

  for (const file of files) {
    it(`${file} prints what its comments say`, async () => {
      const expected = expectations(readFileSync(join(dir, file), "utf8"));
      expect(expected.length).toBeGreaterThan(0);
      const printed: string[] = [];
      vi.spyOn(console, "log").mockImplementation((...args: unknown[]) => {
        printed.push(args.map(String).join(" "));
      });
      await import(`./gpt-params/${file}`);
      expect(printed).toEqual(expected);
    });
  }
});
