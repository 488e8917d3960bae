// The calculator's option sections — compute, inference memory, training memory, the Chinchilla frontier:
// the shared option inputs (with the library's argument errors under them) and one column per model.
// Values come from lib/compute.ts; no formula lives here.
import { BYTES_PER_VALUE, type DType, formatBytes, formatFlops } from "@paramlens/gpt-params";
import type { CalculatorStrings } from "../lib/calculator-strings";
import { modelName } from "../lib/model-label";
import { type CalcOptions, type CalcState, DEFAULT_OPTIONS, DTYPE_NAMES } from "../lib/url-state";
import { FrontierChart } from "./calculator-charts";
import { ExtrasRow, ModelHeaders, type Result, short } from "./calculator-table";

interface SectionProps {
  t: CalculatorStrings;
  state: CalcState;
  results: Result[];
  setOption: <K extends keyof CalcOptions>(key: K, value: CalcOptions[K]) => void;
}

/** The first model error that names this option, to show under its input. */
function optionError(results: Result[], key: keyof CalcOptions): string | undefined {
  for (const r of results) if (r.ok && r.optionError?.field === key) return r.optionError.message;
  return undefined;
}

function OptionInput(props: {
  label: string;
  name: keyof CalcOptions;
  value: string;
  placeholder?: string;
  results: Result[];
  onChange: (v: string) => void;
}) {
  const error = optionError(props.results, props.name);
  const id = `calc-opt-${props.name}`;
  return (
    <label for={id}>
      {props.label}
      <input
        id={id}
        name={props.name}
        type="text"
        autoComplete="off"
        value={props.value}
        placeholder={props.placeholder}
        aria-invalid={error ? "true" : undefined}
        onInput={(e) => props.onChange((e.target as HTMLInputElement).value)}
      />
      {error && (
        <span class="calc-field-error" role="alert" data-testid="field-error" data-field={props.name}>
          {error}
        </span>
      )}
    </label>
  );
}

function DTypeSelect(props: { label: string; name: string; value: DType; onChange: (v: DType) => void }) {
  return (
    <label>
      {props.label}
      <select
        name={props.name}
        value={props.value}
        onChange={(e) => props.onChange((e.target as HTMLSelectElement).value as DType)}
      >
        {DTYPE_NAMES.map((d) => (
          <option key={d} value={d}>
            {d} ({BYTES_PER_VALUE[d]} B)
          </option>
        ))}
      </select>
    </label>
  );
}

export function ComputeSection({ t, state, results, setOption }: SectionProps) {
  const o = state.options;
  // An option error that belongs to no input (should not happen, but must never be silent).
  const unplaced = results.find((r) => r.ok && r.optionError && !(r.optionError.field in DEFAULT_OPTIONS));
  return (
    <section aria-label={t.compute}>
      <h3>{t.compute}</h3>
      {unplaced?.ok && unplaced.optionError && (
        <p class="calc-error" role="alert" data-testid="option-error">
          {unplaced.optionError.message}
        </p>
      )}
      <div class="calc-inline">
        <OptionInput
          label={t.trainingTokens}
          name="tokens"
          value={o.tokens}
          placeholder={t.tokensDefault}
          results={results}
          onChange={(v) => setOption("tokens", v)}
        />
        <OptionInput
          label={t.peak}
          name="peak"
          value={o.peak}
          results={results}
          onChange={(v) => setOption("peak", v)}
        />
        <OptionInput
          label={t.devices}
          name="devices"
          value={o.devices}
          results={results}
          onChange={(v) => setOption("devices", v)}
        />
        <OptionInput
          label={t.mfu}
          name="mfu"
          value={o.mfu}
          results={results}
          onChange={(v) => setOption("mfu", v)}
        />
      </div>
      <div class="calc-table-wrap">
        <table>
          <thead>
            <ModelHeaders t={t} models={state.models} />
          </thead>
          <tbody>
            <ExtrasRow
              label={t.flopsForward}
              results={results}
              value={(e) => formatFlops(e.flops.forwardPerToken)}
            />
            <ExtrasRow
              label={t.flopsTraining}
              results={results}
              value={(e) => formatFlops(e.flops.trainingPerToken)}
            />
            <ExtrasRow label={t.trainingTokens} results={results} value={(e) => short(e.tokens)} />
            <ExtrasRow
              label={t.trainingCompute}
              results={results}
              value={(e) => formatFlops(e.trainingCompute)}
              testId="training-compute"
            />
            <ExtrasRow
              label={t.trainingTime}
              results={results}
              value={(e) =>
                e.flops.trainingDays === undefined ? "—" : `${e.flops.trainingDays.toPrecision(3)} ${t.days}`
              }
            />
          </tbody>
        </table>
      </div>
    </section>
  );
}

export function MemorySection({ t, state, results, setOption }: SectionProps) {
  const o = state.options;
  return (
    <section aria-label={t.memory}>
      <h3>{t.memory}</h3>
      <div class="calc-inline">
        <DTypeSelect
          label={t.weightDtype}
          name="weightDtype"
          value={o.weightDtype}
          onChange={(v) => setOption("weightDtype", v)}
        />
        <OptionInput
          label={t.kvContext}
          name="context"
          value={o.context}
          placeholder={t.kvContextDefault}
          results={results}
          onChange={(v) => setOption("context", v)}
        />
        <OptionInput
          label={t.batch}
          name="batch"
          value={o.batch}
          results={results}
          onChange={(v) => setOption("batch", v)}
        />
        <DTypeSelect
          label={t.kvDtype}
          name="kvDtype"
          value={o.kvDtype}
          onChange={(v) => setOption("kvDtype", v)}
        />
      </div>
      <div class="calc-table-wrap">
        <table>
          <thead>
            <ModelHeaders t={t} models={state.models} />
          </thead>
          <tbody>
            {DTYPE_NAMES.map((d) => (
              <ExtrasRow
                key={d}
                label={`${t.weights} ${d}`}
                results={results}
                value={(e) => formatBytes(e.memory.weightsByDtype[d])}
              />
            ))}
            <ExtrasRow
              label={`${t.kvCache} (${o.kvDtype})`}
              results={results}
              value={(e) => formatBytes(e.memory.kvCache)}
              testId="kv-cache"
            />
            <ExtrasRow
              label={`${t.inferenceTotal} (${o.weightDtype})`}
              results={results}
              value={(e) => formatBytes(e.memory.total)}
            />
          </tbody>
        </table>
      </div>
    </section>
  );
}

export function TrainingSection({ t, state, results, setOption }: SectionProps) {
  const o = state.options;
  return (
    <section aria-label={t.training}>
      <h3>{t.training}</h3>
      <div class="calc-inline">
        <label>
          {t.zeroStage}
          <select
            name="zeroStage"
            value={o.zeroStage}
            onChange={(e) =>
              setOption("zeroStage", (e.target as HTMLSelectElement).value as CalcOptions["zeroStage"])
            }
          >
            {["0", "1", "2", "3"].map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
        <OptionInput
          label={t.dataParallel}
          name="dataParallel"
          value={o.dataParallel}
          results={results}
          onChange={(v) => setOption("dataParallel", v)}
        />
        <OptionInput
          label={t.tensorParallel}
          name="tensorParallel"
          value={o.tensorParallel}
          results={results}
          onChange={(v) => setOption("tensorParallel", v)}
        />
        <OptionInput
          label={t.pipelineParallel}
          name="pipelineParallel"
          value={o.pipelineParallel}
          results={results}
          onChange={(v) => setOption("pipelineParallel", v)}
        />
      </div>
      <div class="calc-table-wrap">
        <table>
          <thead>
            <ModelHeaders t={t} models={state.models} />
          </thead>
          <tbody>
            <ExtrasRow
              label={`${t.perDevice}: ${t.weights}`}
              results={results}
              value={(e) => formatBytes(e.training.perDevice.weights)}
            />
            <ExtrasRow
              label={`${t.perDevice}: ${t.gradients}`}
              results={results}
              value={(e) => formatBytes(e.training.perDevice.gradients)}
            />
            <ExtrasRow
              label={`${t.perDevice}: ${t.optimizer}`}
              results={results}
              value={(e) => formatBytes(e.training.perDevice.optimizer)}
            />
            <ExtrasRow
              label={`${t.perDevice}: ${t.layerTotal}`}
              results={results}
              value={(e) => formatBytes(e.training.perDevice.total)}
              testId="training-per-device"
            />
            <ExtrasRow
              label={`${t.allDevices} (${t.devices})`}
              results={results}
              value={(e) => `${formatBytes(e.training.total)} (${e.training.devices})`}
            />
          </tbody>
        </table>
      </div>
    </section>
  );
}

export function FrontierSection({ t, state, results, setOption }: SectionProps) {
  return (
    <section aria-label={t.frontier}>
      <h3>{t.frontier}</h3>
      <div class="calc-inline">
        <label>
          {t.fit}
          <select
            name="fit"
            value={state.options.fit}
            onChange={(e) => setOption("fit", (e.target as HTMLSelectElement).value as CalcOptions["fit"])}
          >
            <option value="hoffmann2022">Hoffmann et al. 2022</option>
            <option value="epoch2024">Besiroglu et al. 2024 (Epoch AI)</option>
          </select>
        </label>
      </div>
      <div class="calc-table-wrap">
        <table>
          <thead>
            <ModelHeaders t={t} models={state.models} />
          </thead>
          <tbody>
            <ExtrasRow label={t.parametersAxis} results={results} value={(e) => short(e.n)} />
            <ExtrasRow label={t.trainingTokens} results={results} value={(e) => short(e.tokens)} />
            <ExtrasRow
              label={t.tokensPerParam}
              results={results}
              value={(e) => (e.tokens / e.n).toFixed(1)}
            />
            <ExtrasRow
              label={`${t.optimalFor}: N`}
              results={results}
              value={(e) => short(e.optimal.parameters)}
              testId="optimal-n"
            />
            <ExtrasRow
              label={`${t.optimalFor}: D`}
              results={results}
              value={(e) => short(e.optimal.tokens)}
            />
          </tbody>
        </table>
      </div>
      <FrontierChart
        t={t}
        models={state.models.map((m) => modelName(m, t))}
        results={results}
        fit={state.options.fit}
      />
    </section>
  );
}
