// The `explain` report as text: the image, the top predictions, the method, the attribution range and the
// deletion-AUC comparison with random orders, and where the heatmap went.
import type { Colors } from "../context";
import { formatFloat } from "../output/format";
import { renderTable } from "../output/table";
import type { ExplainReport } from "./explain-output";

export function renderExplain(r: ExplainReport, c: Colors): string {
  const f = r.faithfulness;
  const better = f.deletionAuc < f.randomAuc.mean;
  const image =
    r.image.index === undefined
      ? `${r.image.file}`
      : `test image ${r.image.index} of ${r.image.source}${r.image.label === undefined ? "" : ` · true class ${r.image.label}`}`;
  const lines = [
    `${c.bold(r.checkpoint)}  ${r.model}`,
    `image  ${image}`,
    `predicted ${c.bold(r.prediction.label)} (class ${r.prediction.index}) with probability ${(r.prediction.probability * 100).toFixed(1)}%`,
    "",
    renderTable(
      [{ header: "class" }, { header: "probability", align: "right" }],
      r.probabilities
        .slice(0, 5)
        .map((p) => [`${p.index} ${p.label}`, `${(p.probability * 100).toFixed(2)}%`]),
      { header: c.bold },
    ),
    "",
    `method ${r.method.name}: ${r.method.settings}`,
    `attributions min ${formatFloat(r.attributionStats.min)} · max ${formatFloat(r.attributionStats.max)} · sum ${formatFloat(r.attributionStats.sum)}` +
      (r.convergenceDelta === undefined ? "" : ` · convergence delta ${formatFloat(r.convergenceDelta)}`),
    `faithfulness ${f.metric}, ${f.steps} steps:`,
    `  this map      ${f.deletionAuc.toFixed(3)}`,
    `  random order  ${f.randomAuc.mean.toFixed(3)} (mean of ${f.randomAuc.orders}; ${f.randomAuc.min.toFixed(3)}–${f.randomAuc.max.toFixed(3)})`,
    `  ${better ? "the map finds the evidence faster than a random order" : "the map does no better than a random order"}`,
  ];
  lines.push(
    r.heatmap
      ? `heatmap ${r.heatmap.path} (${r.heatmap.width}×${r.heatmap.height} PNG, the map over the image)`
      : "heatmap not written (add --out map.png)",
  );
  return lines.join("\n");
}
