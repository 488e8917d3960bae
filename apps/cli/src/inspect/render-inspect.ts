// Text rendering of `paramlens inspect`: summary, architecture, dtypes, per-layer counts (identical
// consecutive layers folded into one row) and the tensor list (folded to the first layer unless asked
// for in full). Pure string building from an InspectReport.
import { formatBytes, formatCount } from "@paramlens/gpt-params";
import type { Colors } from "../context";
import { formatPercent } from "../output/format";
import { type Row, renderTable } from "../output/table";
import type { InspectedTensor, InspectReport } from "./inspect-report";

const exact = (n: number) => formatCount(n, { style: "exact" });
const bytes = (n: number) => formatBytes(n, { binary: true });

function layerRows(layers: InspectReport["layers"]): Row[] {
  const rows: Row[] = [];
  let i = 0;
  while (i < layers.length) {
    const start = layers[i];
    if (!start) break;
    let j = i;
    while (
      j + 1 < layers.length &&
      layers[j + 1]?.index === (layers[j]?.index ?? 0) + 1 &&
      layers[j + 1]?.parameters === start.parameters &&
      layers[j + 1]?.bytes === start.bytes &&
      layers[j + 1]?.tensors === start.tensors
    ) {
      j++;
    }
    const last = layers[j] ?? start;
    const range = start.index === last.index ? `${start.index}` : `${start.index}–${last.index}`;
    rows.push([range, exact(start.tensors), exact(start.parameters), bytes(start.bytes)]);
    i = j + 1;
  }
  return rows;
}

const LAYER_INDEX = /(?:^|\.)(?:h|layers|layer|blocks|blk)\.(\d+)\./;

function tensorRows(
  tensors: readonly InspectedTensor[],
  all: boolean,
  multiFile: boolean,
): { rows: Row[]; hidden: number } {
  const shown = all
    ? tensors
    : tensors.filter((t) => {
        const m = LAYER_INDEX.exec(t.name);
        return !m || Number(m[1]) === 0;
      });
  const rows = shown.map((t) => {
    const cells = [
      t.buffer ? `${t.name} (buffer)` : t.name,
      t.dtype,
      `[${t.shape.join(", ")}]`,
      exact(t.numel),
    ];
    return multiFile ? [...cells, t.file] : cells;
  });
  return { rows, hidden: tensors.length - shown.length };
}

export function renderInspect(
  r: InspectReport,
  color: Colors,
  options: { allTensors?: boolean } = {},
): string {
  const out: string[] = [];
  const fileText = r.files.length === 1 ? "1 file" : `${r.files.length} files`;
  out.push(
    `${color.bold(r.path)}  ${r.format}, ${fileText}, ${exact(r.tensorCount)} tensors, ${bytes(r.dataBytes)} of tensor data`,
  );
  out.push(`${color.bold("parameters")} ${color.bold(exact(r.parameters))} (${formatCount(r.parameters)})`);
  if (r.buffers > 0)
    out.push(`${color.dim("buffers")} ${exact(r.buffers)} stored values that are not parameters`);
  if (r.crossCheck) {
    const c = r.crossCheck;
    out.push(
      `${color.dim("cross-check")} ${exact(c.configTotal)} counted from ${r.architecture?.source ?? "config.json"}: ` +
        (c.matches
          ? color.green("matches")
          : color.red(
              `the file has ${exact(Math.abs(c.difference))} ${c.difference > 0 ? "more" : "fewer"} parameters`,
            )),
    );
  }
  if (r.architecture) {
    const fields = Object.entries(r.architecture.fields).map(
      ([k, v]) => `${k} ${typeof v === "number" ? exact(v) : v}`,
    );
    out.push(
      `${color.dim("architecture")} ${fields.join(" · ")}  ${color.dim(`(from ${r.architecture.source})`)}`,
    );
  }
  if (r.files.length > 1) {
    out.push(
      "",
      renderTable(
        [
          { header: "file" },
          { header: "size", align: "right" },
          { header: "header", align: "right" },
          { header: "tensors", align: "right" },
        ],
        r.files.map((f) => [f.file, bytes(f.bytes), bytes(f.headerBytes), exact(f.tensors)]),
        { header: color.bold },
      ),
    );
  }
  out.push(
    "",
    renderTable(
      [
        { header: "dtype" },
        { header: "tensors", align: "right" },
        { header: "parameters", align: "right" },
        { header: "share", align: "right" },
        { header: "bytes", align: "right" },
      ],
      r.byDtype.map((d) => [
        d.dtype,
        exact(d.tensors),
        exact(d.parameters),
        formatPercent(r.parameters === 0 ? 0 : d.parameters / r.parameters),
        bytes(d.bytes),
      ]),
      { header: color.bold },
    ),
  );
  if (r.layers.length > 0) {
    const rows = layerRows(r.layers);
    rows.push("rule", [
      "outside layers",
      exact(r.outsideLayers.tensors),
      exact(r.outsideLayers.parameters),
      bytes(r.outsideLayers.bytes),
    ]);
    rows.push([
      color.bold("total"),
      exact(r.tensorCount),
      color.bold(exact(r.parameters)),
      bytes(r.dataBytes),
    ]);
    out.push(
      "",
      renderTable(
        [
          { header: "layers" },
          { header: "tensors", align: "right" },
          { header: "parameters each", align: "right" },
          { header: "bytes each", align: "right" },
        ],
        rows,
        { header: color.bold },
      ),
    );
  }
  const { rows, hidden } = tensorRows(r.tensors, options.allTensors === true, r.files.length > 1);
  const columns = [
    { header: "tensor" },
    { header: "dtype" },
    { header: r.format === "gguf" ? "shape (ggml order)" : "shape" },
    { header: "elements", align: "right" as const },
  ];
  if (r.files.length > 1) columns.push({ header: "file" });
  out.push("", renderTable(columns, rows, { header: color.bold }));
  if (hidden > 0)
    out.push(color.dim(`… ${exact(hidden)} more tensors in layers 1 and up (--tensors lists all)`));
  const meta = Object.entries(r.metadata);
  if (meta.length > 0) {
    out.push("", color.bold("metadata"), ...meta.map(([k, v]) => `  ${k}: ${String(v)}`));
  }
  for (const w of r.warnings) out.push(`${color.yellow("warning")} ${w}`);
  return out.join("\n");
}
