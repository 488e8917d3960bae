// Types for api-markdown.mjs (used by its unit test).
export declare function headingIds(markdown: string): Set<string>;
export declare function fixAnchors(markdown: string): string;
export declare function toStarlight(markdown: string, title: string, description: string): string;
/** Rewrites relative links to typedoc-plugin-markdown's namespace pages as flat site URLs under /api/<pkgDir>/. */
export declare function flattenPageLinks(markdown: string, pkgDir: string): string;
