// The calculator's "Will it fit, and how fast?" section: device, device count, weight format and KV-cache
// type as shared options; per model the memory per device, whether it fits, decode and prefill speed, the
// largest batch and context; two charts (memory against context, tokens/s against batch); the formulas
// and assumptions under them. Numbers come from lib/serve.ts (gpt-params' inferenceEstimate).
import { deviceIds, devices, formatBytes, type InferenceEstimate } from "@paramlens/gpt-params";
import { useMemo } from "preact/hooks";
import type uPlot from "uplot";
import { parseAmount } from "../lib/amount";
import type { CalculatorStrings } from "../lib/calculator-strings";
import { modelName } from "../lib/model-label";
import {
  BATCHES,
  CONTEXTS,
  KV_NAMES,
  QUANT_NAMES,
  type ServeInputs,
  serveCurves,
  serveEstimate,
} from "../lib/serve";
import type { CalcOptions, CalcState } from "../lib/url-state";
import { ModelHeaders, type Result } from "./calculator-table";
import { Chart } from "./chart";

const COLOURS = ["#2563eb", "#ea580c", "#16a34a", "#9333ea", "#db2777"];
const gib = (b: number) => formatBytes(b, { binary: true, digits: 3 });

interface Props {
  t: CalculatorStrings;
  state: CalcState;
  results: Result[];
  setOption: <K extends keyof CalcOptions>(key: K, value: CalcOptions[K]) => void;
}

type Outcome = { ok: true; e: InferenceEstimate; inputs: ServeInputs } | { ok: false; message: string };

function positiveInt(text: string, fallback: number): number | undefined {
  if (text.trim() === "") return fallback;
  const v = parseAmount(text);
  return v !== undefined && Number.isSafeInteger(v) && v > 0 ? v : undefined;
}

function outcomes(state: CalcState, results: Result[]): Outcome[] {
  const o = state.options;
  return results.map((r) => {
    if (!r.ok) return { ok: false, message: r.message };
    const config = r.report.config;
    const context = positiveInt(o.context, config.contextLength);
    const batch = positiveInt(o.batch, 1);
    const gpus = positiveInt(o.gpuCount, 1);
    if (context === undefined || batch === undefined || gpus === undefined)
      return { ok: false, message: "—" };
    const inputs: ServeInputs = { gpu: o.gpu, gpus, quant: o.quant, kvCache: o.kvCache, batch, context };
    try {
      return { ok: true, e: serveEstimate(config, inputs), inputs };
    } catch (err) {
      return { ok: false, message: err instanceof Error ? err.message : String(err) };
    }
  });
}

function Select(props: {
  label: string;
  name: "gpu" | "quant" | "kvCache";
  choices: readonly (readonly [string, string])[];
  value: string;
  onChange: (v: string) => void;
}) {
  return (
    <label>
      {props.label}
      <select
        name={props.name}
        value={props.value}
        onChange={(e) => props.onChange((e.target as HTMLSelectElement).value)}
      >
        {props.choices.map(([v, text]) => (
          <option key={v} value={v}>
            {text}
          </option>
        ))}
      </select>
    </label>
  );
}

const GPU_CHOICES = deviceIds.map(
  (id) => [id, `${devices[id]!.name} (${gib(devices[id]!.memoryBytes)})`] as const,
);
const QUANT_CHOICES = QUANT_NAMES.map((q) => [q, q] as const);
const KV_CHOICES = KV_NAMES.map((k) => [k, k] as const);

export function FitSection({ t, state, results, setOption }: Props) {
  const outs = useMemo(() => outcomes(state, results), [state, results]);
  const o = state.options;
  const cell = (fn: (e: InferenceEstimate) => string, testId?: string) =>
    outs.map((x, i) => (
      <td key={i} data-testid={testId}>
        {x.ok ? fn(x.e) : x.message}
      </td>
    ));
  const bound = (b: "memory" | "compute") => (b === "memory" ? t.boundMemory : t.boundCompute);
  const first = outs.find((x) => x.ok) as Extract<Outcome, { ok: true }> | undefined;
  const device = devices[o.gpu];
  return (
    <section aria-label={t.fitTitle} data-testid="fit-section">
      <h3>{t.fitTitle}</h3>
      <p>{t.fitIntro}</p>
      <div class="calc-inline">
        <Select
          label={t.gpu}
          name="gpu"
          choices={GPU_CHOICES}
          value={o.gpu}
          onChange={(v) => setOption("gpu", v)}
        />
        <label for="calc-opt-gpuCount">
          {t.gpuCount}
          <input
            id="calc-opt-gpuCount"
            name="gpuCount"
            type="text"
            autoComplete="off"
            value={o.gpuCount}
            onInput={(e) => setOption("gpuCount", (e.target as HTMLInputElement).value)}
          />
        </label>
        <Select
          label={t.quant}
          name="quant"
          choices={QUANT_CHOICES}
          value={o.quant}
          onChange={(v) => setOption("quant", v)}
        />
        <Select
          label={t.kvCache}
          name="kvCache"
          choices={KV_CHOICES}
          value={o.kvCache}
          onChange={(v) => setOption("kvCache", v)}
        />
      </div>
      <div class="calc-table-wrap">
        <table>
          <thead>
            <ModelHeaders t={t} models={state.models} />
          </thead>
          <tbody>
            <tr>
              <th scope="row">{t.fits}</th>
              {cell(
                (e) =>
                  `${e.memory.fits ? t.yes : t.no}: ${gib(e.memory.perDevice)} / ${gib(e.memory.available)}`,
                "fit-fits",
              )}
            </tr>
            <tr>
              <th scope="row">{t.fitWeights}</th>
              {cell((e) => gib(e.memory.weights), "fit-weights")}
            </tr>
            <tr>
              <th scope="row">{t.fitKv}</th>
              {cell((e) => gib(e.memory.kvCache))}
            </tr>
            <tr>
              <th scope="row">{t.decode}</th>
              {cell(
                (e) =>
                  `${e.decode.tokensPerSecond.toPrecision(3)} ${t.tokensPerSecond} (${bound(e.decode.bound)})`,
                "fit-decode",
              )}
            </tr>
            <tr>
              <th scope="row">{t.prefill}</th>
              {cell((e) => `${e.prefill.seconds.toPrecision(3)} ${t.seconds} (${bound(e.prefill.bound)})`)}
            </tr>
            <tr>
              <th scope="row">{t.maxBatch}</th>
              {cell((e) => String(e.maxBatch))}
            </tr>
            <tr>
              <th scope="row">{t.maxContext}</th>
              {cell((e) => `${e.maxContext.toLocaleString("en-US")} ${t.tokensUnit}`)}
            </tr>
          </tbody>
        </table>
      </div>
      <FitCharts t={t} state={state} results={results} outs={outs} />
      {first && (
        <details>
          <summary>{t.formulas}</summary>
          <ul>
            {Object.entries(first.e.formulas).map(([k, f]) => (
              <li key={k}>
                <code>{k}</code> = {f}
              </li>
            ))}
          </ul>
        </details>
      )}
      <p class="calc-note">
        {t.assumptions}: {t.assumeBandwidth}; {t.assumeOverhead}; {t.assumeContext}
        {first && first.inputs.gpus > 1 ? `; ${t.assumeTp}` : ""}.{" "}
        {device && `${t.deviceSource}: ${device.source}.`}
      </p>
    </section>
  );
}

function FitCharts({ t, state, results, outs }: Omit<Props, "setOption"> & { outs: Outcome[] }) {
  const names = state.models.map((m) => modelName(m, t));
  const curves = useMemo(
    () =>
      outs.map((x, i) => {
        const r = results[i];
        return x.ok && r?.ok ? serveCurves(r.report.config, x.inputs) : null;
      }),
    [outs, results],
  );
  const limit = devices[state.options.gpu]?.memoryBytes ?? 0;
  const memData = useMemo<uPlot.AlignedData>(
    () => [
      [...CONTEXTS],
      CONTEXTS.map(() => limit / 2 ** 30),
      ...curves.map((c) => CONTEXTS.map((_, j) => (c ? c.memory[j]! / 2 ** 30 : null))),
    ],
    [curves, limit],
  );
  const speedData = useMemo<uPlot.AlignedData>(
    () => [[...BATCHES], ...curves.map((c) => BATCHES.map((_, j) => (c ? c.speed[j]! : null)))],
    [curves],
  );
  const key = names.join("|");
  const memOptions = useMemo(
    () =>
      (width: number, colour: string): uPlot.Options => ({
        width,
        height: 240,
        scales: { x: { time: false, distr: 3 }, y: { range: (_u, _min, max) => [0, max * 1.1] } },
        axes: [
          { stroke: colour, label: t.contextAxis, grid: { stroke: "rgba(128,128,128,0.2)" } },
          { stroke: colour, label: t.memoryAxis, grid: { stroke: "rgba(128,128,128,0.2)" } },
        ],
        series: [
          { label: t.contextAxis },
          { label: t.deviceLimit, stroke: "#64748b", dash: [6, 4], width: 1.5, points: { show: false } },
          ...names.map((name, i) => ({ label: name, stroke: COLOURS[i % COLOURS.length], width: 2 })),
        ],
      }),
    [key, t],
  );
  const speedOptions = useMemo(
    () =>
      (width: number, colour: string): uPlot.Options => ({
        width,
        height: 240,
        scales: { x: { time: false, distr: 3 }, y: { distr: 3 } },
        axes: [
          { stroke: colour, label: t.batchAxis, grid: { stroke: "rgba(128,128,128,0.2)" } },
          { stroke: colour, label: t.speedAxis, grid: { stroke: "rgba(128,128,128,0.2)" } },
        ],
        series: [
          { label: t.batchAxis },
          ...names.map((name, i) => ({ label: name, stroke: COLOURS[i % COLOURS.length], width: 2 })),
        ],
      }),
    [key, t],
  );
  return (
    <>
      <Chart options={memOptions} data={memData} label={t.chartMemoryContext} testId="chart-memory-context" />
      <Chart options={speedOptions} data={speedData} label={t.chartSpeedBatch} testId="chart-speed-batch" />
    </>
  );
}
