// Types for api-markdown.mjs (used by its unit test).
export declare function headingIds(markdown: string): Set<string>;
export declare function fixAnchors(markdown: string): string;
export declare function toStarlight(markdown: string, title: string, description: string): string;
