// Text rendering of `paramlens scale`: the law used, the compute-optimal allocation and, when the user
// described a run, that run beside it; for --fit, the fitted constants and each run's residual.
import {
  type ChinchillaConstants,
  formatCount,
  type ScalingFit,
  type ScalingRun,
} from "@paramlens/gpt-params";
import type { Colors } from "../context";
import { formatFloat, formatScientific } from "../output/format";
import { type Row, renderTable } from "../output/table";
import type { Allocation, ScaleReport } from "./scale-report";

const count = (n: number) => `${formatCount(n)}  (${formatScientific(n)})`;

export function renderScale(r: ScaleReport, color: Colors): string {
  const out = [`${color.dim("law")} ${r.law.description}`];
  if (r.law.constants) out.push(`${color.dim("constants")} ${describeConstants(r.law.constants)}`);
  out.push("");
  const columns = [{ header: "" }, { header: "compute-optimal", align: "right" as const }];
  const cell = (a: Allocation, key: "flops" | "parameters" | "tokens" | "tokensPerParameter" | "loss") => {
    if (key === "flops") return `${formatScientific(a.flops)} FLOPs`;
    if (key === "tokensPerParameter") return formatFloat(a.tokensPerParameter, 3);
    if (key === "loss") return `${a.loss.toFixed(3)} nats`;
    return count(a[key]);
  };
  const run = r.run;
  if (run) columns.push({ header: "your run", align: "right" });
  const labels = {
    flops: "compute C = 6·N·D",
    parameters: "parameters N",
    tokens: "tokens D",
    tokensPerParameter: "tokens per parameter",
    loss: "predicted loss",
  } as const;
  const rows: Row[] = (Object.keys(labels) as (keyof typeof labels)[]).map((key) => {
    const cells = [labels[key], cell(r.optimal, key)];
    return run ? [...cells, cell(run, key)] : cells;
  });
  out.push(renderTable(columns, rows, { header: color.bold }));
  if (run) {
    const gap = run.loss - r.optimal.loss;
    out.push(
      "",
      gap > 1e-9
        ? `Your run's predicted loss is ${formatFloat(gap, 3)} nats above the optimum for the same compute.`
        : "Your run is compute-optimal under this law.",
    );
  }
  return out.join("\n");
}

function describeConstants(c: ChinchillaConstants): string {
  return `E ${formatFloat(c.E)} · A ${formatFloat(c.A)} · B ${formatFloat(c.B)} · α ${formatFloat(c.alpha)} · β ${formatFloat(c.beta)}`;
}

/** The fit of the user's runs: constants, error, and each run with its fitted loss. */
export function renderFit(runs: readonly ScalingRun[], fit: ScalingFit, color: Colors): string {
  const rows: Row[] = runs.map((run, i) => {
    const residual = fit.residuals[i] ?? 0;
    return [
      formatCount(run.parameters),
      formatCount(run.tokens),
      formatFloat(run.loss, 4),
      formatFloat(run.loss - residual, 4),
      Math.abs(residual) < 5e-5 ? "0.0000" : `${residual > 0 ? "+" : ""}${residual.toFixed(4)}`,
    ];
  });
  return [
    `${color.bold("fitted")} L = E + A/N^α + B/D^β to ${runs.length} runs (least squares, Levenberg–Marquardt)`,
    `${color.dim("constants")} ${describeConstants(fit.constants)}`,
    `${color.dim("error")} rmse ${formatFloat(fit.rmse, 3)} · max |residual| ${formatFloat(fit.maxAbsResidual, 3)} nats`,
    "",
    renderTable(
      [
        { header: "N", align: "right" },
        { header: "D", align: "right" },
        { header: "loss", align: "right" },
        { header: "fitted", align: "right" },
        { header: "residual", align: "right" },
      ],
      rows,
      { header: color.bold },
    ),
  ].join("\n");
}
