// The `analyze` report as text: one table each for the parameter statistics, the spectra, the dead ReLU
// units and the most important units.
import type { Colors } from "../context";
import { formatFloat, formatPercent } from "../output/format";
import { renderTable } from "../output/table";
import type { AnalyzeReport } from "./analyze-output";

const f = (n: number) => formatFloat(n, 3);

export function renderAnalyze(r: AnalyzeReport, c: Colors): string {
  const h = { header: c.bold };
  const out = [
    `${c.bold(r.checkpoint)}  ${r.model}`,
    `data ${r.data.source} · ${r.data.samples.toLocaleString("en-US")} samples · loss ${r.data.loss.toFixed(4)}`,
    `parameters ${r.parameters.total.toLocaleString("en-US")} · global L2 ${f(r.parameters.globalL2)}`,
    "",
    c.bold("weights and biases"),
    renderTable(
      [
        { header: "tensor" },
        { header: "shape" },
        { header: "mean", align: "right" },
        { header: "std", align: "right" },
        { header: "min", align: "right" },
        { header: "max", align: "right" },
        { header: "L2", align: "right" },
        { header: "zeros", align: "right" },
      ],
      r.parameters.tensors.map((t) => [
        t.name,
        `[${t.shape.join(", ")}]`,
        f(t.mean),
        f(t.std),
        f(t.min),
        f(t.max),
        f(t.l2),
        formatPercent(t.sparsity),
      ]),
      h,
    ),
    "",
    c.bold("spectra (singular values of each weight matrix; conv kernels as [out, in·kH·kW])"),
    renderTable(
      [
        { header: "tensor" },
        { header: "matrix" },
        { header: "σ_max", align: "right" },
        { header: "‖W‖_F", align: "right" },
        { header: "effective rank", align: "right" },
        { header: "stable rank", align: "right" },
        { header: "full rank", align: "right" },
      ],
      r.spectra.map((s) => [
        s.name,
        `${s.matrixShape[0]}×${s.matrixShape[1]}`,
        f(s.spectralNorm),
        f(s.frobeniusNorm),
        s.effectiveRank.toFixed(1),
        s.stableRank.toFixed(2),
        String(Math.min(...s.matrixShape)),
      ]),
      h,
    ),
    "",
  ];
  if (r.deadUnits.length === 0) {
    out.push("dead units: the model has no ReLU layers");
  } else {
    out.push(
      c.bold(`dead ReLU units (never positive on the ${r.data.samples.toLocaleString("en-US")} samples)`),
      renderTable(
        [
          { header: "ReLU" },
          { header: "after" },
          { header: "units", align: "right" },
          { header: "dead", align: "right" },
          { header: "dead %", align: "right" },
          { header: "mean off", align: "right" },
          { header: "dead unit ids" },
        ],
        r.deadUnits.map((d) => [
          d.layer,
          d.after,
          String(d.units),
          String(d.dead),
          formatPercent(d.deadFraction),
          formatPercent(d.meanInactive),
          d.deadUnits.length === 0
            ? "–"
            : `${d.deadUnits.join(", ")}${d.dead > d.deadUnits.length ? ", …" : ""}`,
        ]),
        h,
      ),
    );
  }
  out.push(
    "",
    c.bold(`most important units by ${r.importance.method}, on ${r.importance.samples} samples`),
    renderTable(
      [
        { header: "tensor" },
        { header: "whole tensor", align: "right" },
        ...[1, 2, 3].map((k) => ({ header: `#${k} unit`, align: "right" as const })),
      ],
      r.importance.perTensor.map((t) => [
        t.tensor,
        formatFloat(t.total, 3),
        ...[0, 1, 2].map((k) => {
          const u = t.top[k];
          return u === undefined ? "" : `${u.unit}: ${formatFloat(u.importance, 3)}`;
        }),
      ]),
      h,
    ),
  );
  return out.join("\n");
}
