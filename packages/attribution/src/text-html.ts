// Token attributions as one self-contained HTML page (inline CSS, no scripts or external files): each
// token on the diverging colour map by its score, the exact score in its tooltip. All text is escaped,
// so tokens such as "<script>" render as text.
import type { Tensor } from "@paramlens/tensor";
import { divergingColor } from "./colormap";
import { AttributionError } from "./errors";
import { checkOptions, type OptionKeys } from "./options";

export interface TextHtmlOptions {
  /** Page title and heading; default "Token attributions". */
  title?: string;
  /** |score| mapped to full colour; default the largest |score| (1 if all are 0). */
  vmax?: number;
  /** Return only the <div> with the tokens, to embed in another page; default false. */
  fragment?: boolean;
}

/** Escapes the five HTML special characters. */
export function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!,
  );
}

const TEXT_HTML_KEYS: OptionKeys<TextHtmlOptions> = { title: true, vmax: true, fragment: true };

export function textAttributionHtml(
  tokens: readonly string[],
  scores: ArrayLike<number> | Tensor,
  options: TextHtmlOptions = {},
): string {
  const op = "textAttributionHtml";
  checkOptions(op, options, TEXT_HTML_KEYS);
  const values: ArrayLike<number> =
    "shape" in (scores as object) ? (scores as Tensor).float().toTypedArray() : (scores as ArrayLike<number>);
  if (values.length !== tokens.length) {
    throw new AttributionError(
      "BAD_ATTRIBUTION",
      op,
      `got ${values.length} scores for ${tokens.length} tokens`,
    );
  }
  let vmax = options.vmax ?? 0;
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i]!))
      throw new AttributionError("BAD_ATTRIBUTION", op, `score ${i} is ${values[i]}; scores must be finite`);
    if (options.vmax === undefined) vmax = Math.max(vmax, Math.abs(values[i]!));
  }
  if (options.vmax !== undefined && (!Number.isFinite(vmax) || vmax <= 0)) {
    throw new AttributionError("BAD_OPTION", op, `vmax must be a finite number > 0, got ${options.vmax}`);
  }
  if (vmax === 0) vmax = 1;
  const spans = tokens.map((tok, i) => {
    const s = values[i]!;
    const [r, g, b] = divergingColor(Math.max(-1, Math.min(1, s / vmax))).map(Math.round) as [
      number,
      number,
      number,
    ];
    return `<span class="tok" style="background-color:rgb(${r},${g},${b})" title="${escapeHtml(String(s))}">${escapeHtml(tok)}</span>`;
  });
  const div = `<div class="attr">${spans.join("")}</div>`;
  if (options.fragment) return div;
  const title = escapeHtml(options.title ?? "Token attributions");
  return [
    "<!DOCTYPE html>",
    '<html lang="en"><head><meta charset="utf-8">',
    `<title>${title}</title>`,
    "<style>body{font-family:system-ui,sans-serif;margin:2em}.attr{line-height:2;white-space:pre-wrap}",
    ".tok{padding:0.15em 0.1em;border-radius:3px;font-family:ui-monospace,monospace}</style>",
    `</head><body><h1>${title}</h1>`,
    div,
    "<p>blue: negative, white: zero, red: positive; hover a token for its score</p>",
    "</body></html>",
  ].join("\n");
}
