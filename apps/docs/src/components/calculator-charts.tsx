// The calculator's three charts (component breakdown, per-layer counts, the Chinchilla frontier), drawn
// with uPlot through chart.tsx. Values come from the library's results; the frontier line is sampled from
// computeOptimal. No counting happens here.
import { type ChinchillaFit, computeOptimal, formatCount, type LayerCount } from "@paramlens/gpt-params";
import { useMemo, useRef } from "preact/hooks";
import uPlot from "uplot";
import type { CalculatorStrings } from "../lib/calculator-strings";
import type { ModelFailure, ModelResult } from "../lib/compute";
import { Chart } from "./chart";

const COLOURS = ["#2563eb", "#ea580c", "#16a34a", "#9333ea", "#db2777"];
const HEIGHT = 260;

const countAxis = (colour: string): uPlot.Axis => ({
  stroke: colour,
  grid: { stroke: "rgba(128,128,128,0.2)" },
  size: 70,
  values: (_u, splits) => splits.map((v) => (v == null ? "" : formatCount(v, { digits: 3 }))),
});

export function BreakdownChart({ t, entries }: { t: CalculatorStrings; entries: [string, number][] }) {
  const data = useMemo<uPlot.AlignedData>(
    () => [entries.map((_, i) => i), entries.map(([, v]) => v)],
    [entries],
  );
  // The chart is rebuilt only when the components themselves change, not on every new count.
  const labels = useRef<string[]>([]);
  labels.current = entries.map(([k]) => k);
  const key = labels.current.join("|");
  const options = useMemo(
    () =>
      (width: number, colour: string): uPlot.Options => ({
        width,
        height: HEIGHT,
        legend: { show: false },
        cursor: { show: false },
        scales: {
          x: { time: false, range: [-0.5, labels.current.length - 0.5] },
          y: { range: (_u, _min, max) => [0, max * 1.05] },
        },
        axes: [
          {
            stroke: colour,
            grid: { show: false },
            splits: () => labels.current.map((_, i) => i),
            values: (_u, splits) => splits.map((i) => labels.current[i] ?? ""),
            rotate: -35,
            size: 90,
          },
          countAxis(colour),
        ],
        series: [
          {},
          {
            label: t.params,
            fill: `${COLOURS[0]}cc`,
            stroke: COLOURS[0],
            paths: uPlot.paths.bars?.({ size: [0.7, 60] }),
            points: { show: false },
          },
        ],
      }),
    [key, t],
  );
  return <Chart options={options} data={data} label={t.chartBreakdown} testId="chart-breakdown" />;
}

export function PerLayerChart({ t, layers }: { t: CalculatorStrings; layers: LayerCount[] }) {
  const data = useMemo<uPlot.AlignedData>(
    () => [layers.map((l) => l.index), layers.map((l) => l.total), layers.map((l) => l.active)],
    [layers],
  );
  const options = useMemo(
    () =>
      (width: number, colour: string): uPlot.Options => ({
        width,
        height: HEIGHT,
        scales: { x: { time: false }, y: { range: (_u, _min, max) => [0, max * 1.05] } },
        axes: [
          { stroke: colour, label: t.layerIndex, grid: { stroke: "rgba(128,128,128,0.2)" } },
          countAxis(colour),
        ],
        series: [
          { label: t.layerIndex },
          {
            label: t.layerTotal,
            stroke: COLOURS[0],
            width: 2,
            value: (_u, v) => (v == null ? "" : formatCount(v)),
          },
          {
            label: t.layerActive,
            stroke: COLOURS[1],
            width: 2,
            dash: [6, 4],
            value: (_u, v) => (v == null ? "" : formatCount(v)),
          },
        ],
      }),
    [t],
  );
  return <Chart options={options} data={data} label={t.chartPerLayer} testId="chart-per-layer" />;
}

// Budgets from 1e18 to 1e26 FLOPs (GPT-2 small's run to past GPT-4-class runs), four samples per decade:
// enough for a smooth power law on a log plot.
const BUDGETS = Array.from({ length: 33 }, (_, i) => 10 ** (18 + i / 4));

export function FrontierChart(props: {
  t: CalculatorStrings;
  models: string[];
  results: (ModelResult | ModelFailure)[];
  fit: ChinchillaFit;
}) {
  const { t, models, results, fit } = props;
  const { data, names } = useMemo(() => {
    const optimal = BUDGETS.map((c) => computeOptimal(c, { fit }));
    const kaplan = BUDGETS.map((c) => computeOptimal(c, { law: "kaplan" }));
    // uPlot series share one sorted x axis: merge every x and leave gaps (null) where a series has no point.
    const points = new Map<number, (number | null)[]>();
    const nSeries = 2 + results.length;
    const put = (x: number, s: number, y: number) => {
      const row = points.get(x) ?? new Array<number | null>(nSeries).fill(null);
      row[s] = y;
      points.set(x, row);
    };
    for (const o of optimal) put(o.parameters, 0, o.tokens);
    for (const o of kaplan) put(o.parameters, 1, o.tokens);
    const shown: string[] = [];
    results.forEach((r, i) => {
      if (r.ok && r.extras) put(r.extras.n, 2 + i, r.extras.tokens);
      shown.push(models[i] ?? "");
    });
    const xs = [...points.keys()].sort((a, b) => a - b);
    const series: (number | null)[][] = Array.from({ length: nSeries }, (_, s) =>
      xs.map((x) => points.get(x)?.[s] ?? null),
    );
    return { data: [xs, ...series] as uPlot.AlignedData, names: shown };
  }, [results, models, fit]);

  // Rebuilt when the model names change, not on every count (new counts go in through setData).
  const options = useMemo(
    () =>
      (width: number, colour: string): uPlot.Options => ({
        width,
        height: HEIGHT + 40,
        scales: { x: { time: false, distr: 3 }, y: { distr: 3 } },
        axes: [
          { ...countAxis(colour), size: 40, label: t.parametersAxis },
          { ...countAxis(colour), label: t.tokensAxis },
        ],
        series: [
          { label: "N", value: (_u, v) => (v == null ? "" : formatCount(v)) },
          {
            label: `Chinchilla (${String(fit)})`,
            stroke: "#64748b",
            width: 2,
            spanGaps: true,
            points: { show: false },
          },
          {
            label: "Kaplan 2020",
            stroke: "#94a3b8",
            width: 1.5,
            dash: [5, 5],
            spanGaps: true,
            points: { show: false },
          },
          ...names.map((name, i) => ({
            label: name,
            stroke: COLOURS[i % COLOURS.length],
            paths: () => null,
            points: { show: true, size: 11, fill: COLOURS[i % COLOURS.length] },
            value: (_u: uPlot, v: number | null) => (v == null ? "" : formatCount(v)),
          })),
        ],
      }),
    [names.join("|"), t, fit],
  );
  return <Chart options={options} data={data} label={t.chartFrontier} testId="chart-frontier" />;
}
