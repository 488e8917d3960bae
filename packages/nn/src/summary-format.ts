// formatSummary: a ModelSummary as a plain-text table in torchinfo's layout — the module tree drawn with
// ├─ / └─, output shapes, weight / bias / other parameter counts and trainable flags, then the totals and
// memory. Numbers use thousands separators; it does not colour or truncate.
import type { ModelSummary, SummaryRow } from "./summary";

const HEADERS = ["Layer (type: path)", "Output Shape", "Weights", "Bias", "Other", "Trainable"] as const;

function count(n: number): string {
  return n === 0 ? "--" : n.toLocaleString("en-US");
}

function shape(s: SummaryRow["outputShape"]): string {
  if (s === null) return "--";
  if (s.length > 0 && Array.isArray(s[0]))
    return (s as number[][]).map((x) => `[${x.join(", ")}]`).join(", ");
  return `[${(s as number[]).join(", ")}]`;
}

/** Human-readable size: bytes with separators plus KiB/MiB/GiB. */
export function formatBytes(n: number): string {
  const units = ["KiB", "MiB", "GiB", "TiB"];
  let v = n;
  let u = -1;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return u < 0
    ? `${n.toLocaleString("en-US")} B`
    : `${n.toLocaleString("en-US")} B (${v.toFixed(2)} ${units[u]})`;
}

export function formatSummary(s: ModelSummary): string {
  // Tree prefix: for each ancestor level, "│    " if that ancestor has later siblings, else spaces.
  const open: boolean[] = [];
  const cells = s.rows.map((r) => {
    open.length = r.depth;
    let prefix = "";
    for (let d = 1; d < r.depth; d++) prefix += open[d] ? "│    " : "     ";
    if (r.depth > 0) prefix += r.isLast ? "└─" : "├─";
    open[r.depth] = !r.isLast;
    const name = r.depth === 0 ? r.type : `${r.type}: ${r.path}`;
    return [
      prefix + name,
      shape(r.outputShape),
      count(r.weightParams),
      count(r.biasParams),
      count(r.otherParams),
      r.trainable,
    ];
  });
  const widths = HEADERS.map((h, c) => Math.max(h.length, ...cells.map((row) => row[c]!.length)));
  const line = (row: readonly string[]) =>
    row
      .map((v, c) => (c >= 2 && c <= 4 ? v.padStart(widths[c]!) : v.padEnd(widths[c]!)))
      .join("   ")
      .trimEnd();
  const rule = "=".repeat(widths.reduce((a, b) => a + b, 0) + 3 * (widths.length - 1));
  return [
    rule,
    line(HEADERS),
    rule,
    ...cells.map(line),
    rule,
    `Total params: ${s.totalParams.toLocaleString("en-US")}`,
    `Trainable params: ${s.trainableParams.toLocaleString("en-US")}`,
    `Non-trainable params: ${s.frozenParams.toLocaleString("en-US")}`,
    rule,
    `Input size: ${formatBytes(s.inputBytes)}`,
    `Params size: ${formatBytes(s.paramBytes)}`,
    `Buffers size: ${formatBytes(s.bufferBytes)}`,
    `Forward pass outputs size: ${formatBytes(s.outputBytes)}`,
    `Estimated total size: ${formatBytes(s.totalBytes)}`,
    rule,
  ].join("\n");
}
