// Text rendering of `paramlens params`: one model as sections of aligned tables, or several models side
// by side. Pure string building from a ParamsReport; the numbers are never recomputed here.
import { formatBytes, formatCount, type GPTConfig } from "@paramlens/gpt-params";
import type { Colors } from "../context";
import { formatPercent, formatScientific } from "../output/format";
import { type Row, renderTable } from "../output/table";
import type { ParamsReport } from "./params-report";

const exact = (n: number) => formatCount(n, { style: "exact" });
const bytes = (n: number) => formatBytes(n, { binary: true });

/** "12 layers · d_model 768 · 12 heads × 64 (12 KV) · d_ff 3072 (gelu) · …" */
export function describeConfig(c: GPTConfig): string {
  const parts = [
    `${c.nLayers} layers`,
    `d_model ${c.dModel}`,
    `${c.nHeads} heads × ${c.headDim}${c.nKVHeads === c.nHeads ? "" : ` (${c.nKVHeads} KV)`}`,
    `d_ff ${c.dFF} (${c.mlp})`,
    c.norm,
    `${c.position} positions`,
    `vocab ${exact(c.vocabSize)}`,
    `context ${exact(c.contextLength)}`,
    c.tiedEmbeddings ? "tied embeddings" : "untied head",
  ];
  if (c.moe) parts.push(`${c.moe.nExperts} experts, ${c.moe.expertsPerToken} per token`);
  return parts.join(" · ");
}

const layerRange = (first: number, last: number) => (first === last ? `${first}` : `${first}–${last}`);

/** One model: header, breakdown, per-layer, FLOPs, memory, notes. */
export function renderParams(r: ParamsReport, color: Colors): string {
  const p = r.parameters;
  const title = r.model.id === r.model.name ? r.model.name : `${r.model.name} (${r.model.id})`;
  const out: string[] = [color.bold(title), `${color.dim("source")} ${r.model.source}`];
  out.push(`${color.dim("config")} ${describeConfig(r.config)}`, "");

  const rows: Row[] = Object.entries(p.breakdown).map(([k, v]) => [k, exact(v), formatPercent(v / p.total)]);
  rows.push("rule", [color.bold("total"), color.bold(exact(p.total)), "100.0%"]);
  rows.push(["non-embedding", exact(p.nonEmbedding), formatPercent(p.nonEmbedding / p.total)]);
  if (p.active !== p.total) {
    rows.push(["active per token", exact(p.active), formatPercent(p.active / p.total)]);
    rows.push([
      "active non-embedding",
      exact(p.activeNonEmbedding),
      formatPercent(p.activeNonEmbedding / p.total),
    ]);
  }
  const header = { header: color.bold };
  out.push(
    renderTable(
      [
        { header: "component" },
        { header: "parameters", align: "right" },
        { header: "share", align: "right" },
      ],
      rows,
      header,
    ),
  );
  out.push("", `${color.dim("closed form")} ${p.closedForm.expression} = ${exact(p.closedForm.value)}`);
  const pub = r.model.published;
  if (pub) {
    const diff = (p.total - pub.count) / pub.count;
    const verdict = pub.exact
      ? p.total === pub.count
        ? color.green("matches exactly")
        : color.red(`differs by ${exact(p.total - pub.count)}`)
      : `${diff >= 0 ? "+" : ""}${(diff * 100).toFixed(2)}% from the rounded figure`;
    out.push(`${color.dim("published")} ${pub.label} (${pub.source}): ${verdict}`);
  }

  out.push("", color.bold("per layer"));
  const moe = p.perLayer.some((g) => g.moe);
  const layerRows: Row[] = p.perLayer.map((g) => {
    const cells = [
      layerRange(g.first, g.last),
      exact(g.attention),
      exact(g.mlp),
      exact(g.norms),
      exact(g.total),
    ];
    return moe ? [...cells, exact(g.active)] : cells;
  });
  const layerColumns = [
    { header: "blocks" },
    { header: "attention", align: "right" as const },
    { header: moe ? "mlp / experts" : "mlp", align: "right" as const },
    { header: "norms", align: "right" as const },
    { header: "total each", align: "right" as const },
  ];
  if (moe) layerColumns.push({ header: "active each", align: "right" as const });
  out.push(renderTable(layerColumns, layerRows, header));

  const f = r.flops;
  out.push(
    "",
    `${color.bold("FLOPs per token")} at context ${exact(f.contextLength)} (Kaplan et al. 2020): ` +
      `forward ${formatScientific(f.forwardPerToken)} ` +
      `(weights ${formatScientific(f.forwardWeightsPerToken)} + attention ${formatScientific(f.forwardAttentionPerToken)}), ` +
      `training ${formatScientific(f.trainingPerToken)}`,
  );

  const m = r.memory;
  out.push("", `${color.bold("memory")} (KV cache for ${m.batch} × ${exact(m.contextLength)} tokens)`);
  out.push(
    renderTable(
      [
        { header: "precision" },
        { header: "weights", align: "right" },
        { header: "KV cache", align: "right" },
        { header: "total", align: "right" },
      ],
      m.inference.map((row) => [
        row.precision,
        bytes(row.weights),
        `${bytes(row.kvCache)}${row.kvPrecision === row.precision ? "" : ` (${row.kvPrecision})`}`,
        bytes(row.total),
      ]),
      header,
    ),
  );
  const t = m.training;
  out.push(
    "",
    `${color.bold("training state")} (mixed-precision AdamW, no sharding, activations excluded): ` +
      `${bytes(t.total)} = weights ${bytes(t.weights)} + gradients ${bytes(t.gradients)} + optimizer ${bytes(t.optimizer)}`,
  );
  if (r.model.notes.length > 0) {
    out.push("", color.bold("notes"), ...r.model.notes.map((n) => `- ${n}`));
  }
  return out.join("\n");
}

/** Several models side by side: one column per model, one row per quantity. */
export function renderComparison(reports: readonly ParamsReport[], color: Colors): string {
  const moe = reports.some((r) => r.parameters.active !== r.parameters.total);
  const precisions = reports[0]?.memory.inference.map((row) => row.precision) ?? [];
  const line = (label: string, cell: (r: ParamsReport) => string): Row => [label, ...reports.map(cell)];
  const rows: Row[] = [
    line("layers", (r) => exact(r.config.nLayers)),
    line("d_model", (r) => exact(r.config.dModel)),
    line("heads (KV)", (r) => `${r.config.nHeads} (${r.config.nKVHeads})`),
    line("d_ff", (r) => `${exact(r.config.dFF)} ${r.config.mlp}`),
    line("vocab", (r) => exact(r.config.vocabSize)),
    line("context", (r) => exact(r.config.contextLength)),
    "rule",
    line(color.bold("parameters"), (r) => color.bold(exact(r.parameters.total))),
    line("short", (r) => formatCount(r.parameters.total)),
    line("non-embedding", (r) => exact(r.parameters.nonEmbedding)),
  ];
  if (moe) rows.push(line("active per token", (r) => exact(r.parameters.active)));
  rows.push(
    line("embedding share", (r) => formatPercent(1 - r.parameters.nonEmbedding / r.parameters.total)),
    "rule",
    line("FLOPs/token fwd", (r) => formatScientific(r.flops.forwardPerToken)),
  );
  for (const precision of precisions) {
    rows.push(
      line(`weights ${precision}`, (r) =>
        bytes(r.memory.inference.find((x) => x.precision === precision)?.weights ?? 0),
      ),
    );
  }
  const first = reports[0]?.memory.inference[0];
  if (first) {
    const batch = reports[0]?.memory.batch ?? 1;
    rows.push(
      line(`KV cache ${first.kvPrecision}, batch ${batch}`, (r) =>
        bytes(r.memory.inference[0]?.kvCache ?? 0),
      ),
    );
  }
  return renderTable(
    [{ header: "" }, ...reports.map((r) => ({ header: r.model.id, align: "right" as const }))],
    rows,
    { header: color.bold },
  );
}
