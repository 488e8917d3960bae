// Renders a prompt attribution (seqAttr + the per-output-token matrix) as a self-contained HTML page (inline
// CSS, no scripts, every label escaped) or as terminal text (a table, optionally with ANSI 24-bit background
// colours). Colours: the diverging ColorBrewer RdBu map of colormap.ts (blue negative, red positive), one
// scale for the whole page, |value| / vmax. Plots (Captum's matplotlib figures) are not drawn.
import { divergingColor } from "../colormap";
import { AttributionError } from "../errors";
import { escapeHtml } from "../text-html";
import type { PromptAttributionResult } from "./llm-attribution";

export interface PromptRenderOptions {
  /** |value| at full colour; default the largest |value| in the result (1 if all are 0). */
  vmax?: number;
  /** Page title; default "Prompt attribution". */
  title?: string;
  /** Digits after the point; default 3. */
  digits?: number;
}

function checked(op: string, r: PromptAttributionResult): { vmax: (o: PromptRenderOptions) => number } {
  const m = r.inputTokens.length;
  if (
    r.seqAttr.length !== m ||
    r.tokenAttr.some((row) => row.length !== m) ||
    r.tokenAttr.length !== r.outputTokens.length
  ) {
    throw new AttributionError(
      "BAD_ATTRIBUTION",
      op,
      `inconsistent result: ${m} input tokens, ${r.seqAttr.length} seqAttr, ${r.tokenAttr.length} rows for ${r.outputTokens.length} output tokens`,
    );
  }
  const all = [...r.seqAttr, ...r.tokenAttr.flat()];
  for (const v of all)
    if (!Number.isFinite(v)) throw new AttributionError("BAD_ATTRIBUTION", op, `value ${v} is not finite`);
  return {
    vmax: (o) => {
      if (o.vmax !== undefined) {
        if (!(Number.isFinite(o.vmax) && o.vmax > 0))
          throw new AttributionError("BAD_OPTION", op, `vmax must be > 0, got ${o.vmax}`);
        return o.vmax;
      }
      return Math.max(0, ...all.map(Math.abs)) || 1;
    },
  };
}

function rgb(v: number, vmax: number): [number, number, number] {
  return divergingColor(Math.max(-1, Math.min(1, v / vmax))).map(Math.round) as [number, number, number];
}

/** One HTML page: the prompt coloured by seqAttr, then a table of output tokens × input tokens. */
export function promptAttributionHtml(r: PromptAttributionResult, options: PromptRenderOptions = {}): string {
  const op = "promptAttributionHtml";
  const vmax = checked(op, r).vmax(options);
  const digits = options.digits ?? 3;
  const cell = (v: number, tag = "td") => {
    const [red, g, b] = rgb(v, vmax);
    return `<${tag} style="background-color:rgb(${red},${g},${b})" title="${v}">${v.toFixed(digits)}</${tag}>`;
  };
  const prompt = r.inputTokens
    .map((t, j) => {
      const [red, g, b] = rgb(r.seqAttr[j]!, vmax);
      return `<span class="tok" style="background-color:rgb(${red},${g},${b})" title="${r.seqAttr[j]}">${escapeHtml(t)}</span>`;
    })
    .join("");
  const head = `<tr><th></th>${r.inputTokens.map((t) => `<th>${escapeHtml(t)}</th>`).join("")}</tr>`;
  const rows = r.tokenAttr.map(
    (row, k) => `<tr><th>${escapeHtml(r.outputTokens[k]!)}</th>${row.map((v) => cell(v)).join("")}</tr>`,
  );
  const total = `<tr><th>(all)</th>${r.seqAttr.map((v) => cell(v)).join("")}</tr>`;
  const title = escapeHtml(options.title ?? "Prompt attribution");
  return [
    "<!DOCTYPE html>",
    '<html lang="en"><head><meta charset="utf-8">',
    `<title>${title}</title>`,
    "<style>body{font-family:system-ui,sans-serif;margin:2em}.prompt{line-height:2;white-space:pre-wrap}",
    ".tok{padding:0.15em 0.1em;border-radius:3px;font-family:ui-monospace,monospace}",
    "table{border-collapse:collapse;font-family:ui-monospace,monospace}td,th{border:1px solid #ddd;padding:0.2em 0.4em;text-align:right}</style>",
    `</head><body><h1>${title}</h1>`,
    `<div class="prompt">${prompt}</div>`,
    `<p>target: ${escapeHtml(r.outputTokens.join(""))}</p>`,
    `<table>${head}${rows.join("")}${total}</table>`,
    "<p>blue: negative, white: zero, red: positive; rows: output tokens, columns: prompt tokens</p>",
    "</body></html>",
  ].join("\n");
}

/** Terminal text: one row per output token and a total row; with `color`, ANSI 24-bit backgrounds. */
export function formatPromptAttribution(
  r: PromptAttributionResult,
  options: PromptRenderOptions & { color?: boolean } = {},
): string {
  const op = "formatPromptAttribution";
  const vmax = checked(op, r).vmax(options);
  const digits = options.digits ?? 3;
  const show = (s: string) => JSON.stringify(s).slice(1, -1); // newlines and control characters visible
  const labels = r.inputTokens.map(show);
  const outs = [...r.outputTokens.map(show), "(all)"];
  const values = [...r.tokenAttr, r.seqAttr];
  const width = Math.max(
    ...labels.map((l) => l.length),
    ...values.flat().map((v) => v.toFixed(digits).length),
  );
  const first = Math.max(...outs.map((o) => o.length));
  const pad = (s: string, w: number) => " ".repeat(Math.max(0, w - s.length)) + s;
  const lines = [`${" ".repeat(first)} ${labels.map((l) => pad(l, width)).join(" ")}`];
  values.forEach((row, k) => {
    const cells = row.map((v) => {
      const text = pad(v.toFixed(digits), width);
      if (!options.color) return text;
      const [red, g, b] = rgb(v, vmax);
      return `\x1b[48;2;${red};${g};${b}m\x1b[38;2;0;0;0m${text}\x1b[0m`;
    });
    lines.push(`${pad(outs[k]!, first)} ${cells.join(" ")}`);
  });
  return lines.join("\n");
}
