// Types for api-markdown.mjs (used by its unit test).
export interface Heading {
  line: number;
  level: number;
  text: string;
  id: string;
}
export declare function headingList(markdown: string): Heading[];
export declare function headingIds(markdown: string): Set<string>;
export declare function fixAnchors(markdown: string): string;
export declare function toStarlight(
  markdown: string,
  title: string,
  description: string,
  sidebar?: { label: string; order: number },
): string;
/** Rewrites relative links to typedoc-plugin-markdown's namespace pages as flat site URLs under /api/<pkgDir>/. */
export declare function flattenPageLinks(markdown: string, pkgDir: string): string;
/** Splits a package page into an index and one page per symbol group, cut between symbols past maxChars. */
export declare function splitPage(
  markdown: string,
  pkgDir: string,
  maxChars: number,
): { pages: { slug: string; label: string; body: string }[]; relink(markdown: string): string };
