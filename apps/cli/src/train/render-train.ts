// The `train` report as text: what was trained on which data, the final metrics, the per-epoch history
// and where the checkpoint went; for gpt-char the generated sample.
import { formatBytes } from "@paramlens/gpt-params";
import type { Colors } from "../context";
import { describeSpec } from "../model/model-spec";
import { formatFloat } from "../output/format";
import { renderTable } from "../output/table";
import type { TrainReport } from "./train-report";

const pct = (f: number | null) => (f === null ? "–" : `${(f * 100).toFixed(1)}%`);
const loss = (l: number | null) => (l === null ? "–" : l.toFixed(4));

export function renderTrain(r: TrainReport, c: Colors): string {
  const t = r.training;
  const lines = [
    `${c.bold("trained")} ${describeSpec(r.spec)} · ${r.parameters.toLocaleString("en-US")} parameters`,
    `data   ${t.source} · ${t.trainSamples.toLocaleString("en-US")} train / ${t.valSamples.toLocaleString("en-US")} validation ${t.dataset === "text-corpus" ? "windows" : "images"}`,
    `run    ${t.epochs} epoch${t.epochs === 1 ? "" : "s"} · batch ${t.batchSize} · lr ${formatFloat(t.lr)} · seed ${t.seed} · ${t.steps} steps · ${(t.elapsedMs / 1000).toFixed(1)} s`,
  ];
  if (t.dataset === "text-corpus") {
    lines.push(`train  loss ${loss(t.trainLoss)} nats/char`, `val    loss ${loss(t.valLoss)} nats/char`);
  } else {
    lines.push(
      `train  loss ${loss(t.trainLoss)} · accuracy ${pct(t.trainAccuracy)}`,
      `val    loss ${loss(t.valLoss)} · accuracy ${pct(t.valAccuracy)}`,
    );
  }
  lines.push(`saved  ${r.checkpoint.path} (${formatBytes(r.checkpoint.bytes, { binary: true })})`);
  if (r.history.length > 1) {
    const image = t.dataset !== "text-corpus";
    lines.push(
      "",
      renderTable(
        [
          { header: "epoch", align: "right" },
          { header: "train loss", align: "right" },
          ...(image ? [{ header: "train acc", align: "right" as const }] : []),
          { header: "val loss", align: "right" },
          ...(image ? [{ header: "val acc", align: "right" as const }] : []),
        ],
        r.history.map((h) => [
          String(h.epoch + 1),
          loss(h.trainLoss),
          ...(image ? [pct(h.trainAccuracy)] : []),
          loss(h.valLoss),
          ...(image ? [pct(h.valAccuracy)] : []),
        ]),
        { header: c.bold },
      ),
    );
  }
  if (r.sample)
    lines.push("", `sample (prompt "${r.sample.prompt}", temperature 0.8, top-k 10):`, r.sample.text);
  return lines.join("\n");
}
