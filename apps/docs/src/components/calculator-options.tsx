// The calculator's option sections — compute, inference memory, training memory, the Chinchilla frontier:
// the shared option inputs (with the library's argument errors under them) and one column per model.
// Values come from lib/compute.ts; no formula lives here.
import { BYTES_PER_VALUE, formatBytes, formatFlops } from "@paramlens/gpt-params";
import type { CalculatorStrings } from "../lib/calculator-strings";
import type { Extras } from "../lib/compute";
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

/** Options typed as free text (an `<input>` each), as opposed to the dtype and choice selects. */
type TextOption = {
  [K in keyof CalcOptions]: string extends CalcOptions[K] ? K : never;
}[keyof CalcOptions];
/** Keys of the calculator strings that are plain text (not nested tables). */
type StringKey = {
  [K in keyof CalculatorStrings]: CalculatorStrings[K] extends string ? K : never;
}[keyof CalculatorStrings];

/** A text option as a section lists it: its option name and the strings of its label and placeholder. */
interface TextField {
  name: TextOption;
  label: StringKey;
  placeholder?: StringKey;
}

// Each section's text inputs, in the order they appear.
const COMPUTE_FIELDS: readonly TextField[] = [
  { name: "tokens", label: "trainingTokens", placeholder: "tokensPlaceholder" },
  { name: "peak", label: "peak" },
  { name: "devices", label: "devices" },
  { name: "mfu", label: "mfu" },
];
const MEMORY_FIELDS: readonly TextField[] = [
  { name: "context", label: "kvContext", placeholder: "kvContextDefault" },
  { name: "batch", label: "batch" },
];
const TRAINING_FIELDS: readonly TextField[] = [
  { name: "dataParallel", label: "dataParallel" },
  { name: "tensorParallel", label: "tensorParallel" },
  { name: "pipelineParallel", label: "pipelineParallel" },
];

/** The text inputs of `fields`, in order, each bound to its shared option with the library's error under it. */
function OptionInputs({
  t,
  state,
  results,
  setOption,
  fields,
}: SectionProps & { fields: readonly TextField[] }) {
  return (
    <>
      {fields.map(({ name, label, placeholder }) => {
        const error = optionError(results, name);
        const id = `calc-opt-${name}`;
        return (
          <label key={name} for={id}>
            {t[label]}
            <input
              id={id}
              name={name}
              type="text"
              autoComplete="off"
              value={state.options[name]}
              placeholder={placeholder && t[placeholder]}
              aria-invalid={error ? "true" : undefined}
              onInput={(e) => setOption(name, (e.target as HTMLInputElement).value)}
            />
            {error && (
              <span class="calc-field-error" role="alert" data-testid="field-error" data-field={name}>
                {error}
              </span>
            )}
          </label>
        );
      })}
    </>
  );
}

/** Options chosen from a fixed list (a `<select>` each). */
type ChoiceOption = Exclude<keyof CalcOptions, TextOption>;

/** A select bound to one shared option; `choices` are [value, text] pairs in display order. */
function OptionSelect<K extends ChoiceOption>(props: {
  label: string;
  name: K;
  choices: readonly (readonly [CalcOptions[K], string])[];
  state: CalcState;
  setOption: SectionProps["setOption"];
}) {
  const { name, setOption } = props;
  return (
    <label>
      {props.label}
      <select
        name={name}
        value={props.state.options[name]}
        onChange={(e) => setOption(name, (e.target as HTMLSelectElement).value as CalcOptions[K])}
      >
        {props.choices.map(([value, text]) => (
          <option key={value} value={value}>
            {text}
          </option>
        ))}
      </select>
    </label>
  );
}

const DTYPE_CHOICES = DTYPE_NAMES.map((d) => [d, `${d} (${BYTES_PER_VALUE[d]} B)`] as const);
const ZERO_STAGE_CHOICES = (["0", "1", "2", "3"] as const).map((s) => [s, s] as const);
const FIT_CHOICES = [
  ["hoffmann2022", "Hoffmann et al. 2022"],
  ["epoch2024", "Besiroglu et al. 2024 (Epoch AI)"],
] as const;

/** One result row as a section lists it: its label and how to read its value off a model's extras. */
interface RowSpec {
  label: string;
  value: (e: Extras) => string;
  testId?: string;
}

/** A section's results: a column per model and one row per spec. */
function ExtrasTable({ t, state, results, rows }: Omit<SectionProps, "setOption"> & { rows: RowSpec[] }) {
  return (
    <div class="calc-table-wrap">
      <table>
        <thead>
          <ModelHeaders t={t} models={state.models} />
        </thead>
        <tbody>
          {rows.map((row, i) => (
            <ExtrasRow key={i} label={row.label} results={results} value={row.value} testId={row.testId} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function ComputeSection(props: SectionProps) {
  const { t, results } = props;
  // An option error that belongs to no input (should not happen, but must never be silent).
  const unplaced = results.find((r) => r.ok && r.optionError && !(r.optionError.field in DEFAULT_OPTIONS));
  const rows: RowSpec[] = [
    { label: t.flopsForward, value: (e) => formatFlops(e.flops.forwardPerToken) },
    { label: t.flopsTraining, value: (e) => formatFlops(e.flops.trainingPerToken) },
    {
      label: t.trainingTokens,
      value: (e) =>
        `${short(e.tokens)}${e.tokensSource === "published" ? ` (${t.tokensPublished})` : e.tokensSource === "chinchilla" ? ` (${t.tokensDefault})` : ""}`,
      testId: "training-tokens",
    },
    { label: t.trainingCompute, value: (e) => formatFlops(e.trainingCompute), testId: "training-compute" },
    {
      label: t.trainingTime,
      value: (e) =>
        e.flops.trainingDays === undefined ? "—" : `${e.flops.trainingDays.toPrecision(3)} ${t.days}`,
    },
  ];
  return (
    <section aria-label={t.compute}>
      <h3>{t.compute}</h3>
      {unplaced?.ok && unplaced.optionError && (
        <p class="calc-error" role="alert" data-testid="option-error">
          {unplaced.optionError.message}
        </p>
      )}
      <div class="calc-inline">
        <OptionInputs {...props} fields={COMPUTE_FIELDS} />
      </div>
      <ExtrasTable {...props} rows={rows} />
    </section>
  );
}

export function MemorySection(props: SectionProps) {
  const { t } = props;
  const o = props.state.options;
  const rows: RowSpec[] = [
    ...DTYPE_NAMES.map((d) => ({
      label: `${t.weights} ${d}`,
      value: (e: Extras) => formatBytes(e.memory.weightsByDtype[d]),
    })),
    { label: `${t.kvCache} (${o.kvDtype})`, value: (e) => formatBytes(e.memory.kvCache), testId: "kv-cache" },
    { label: `${t.inferenceTotal} (${o.weightDtype})`, value: (e) => formatBytes(e.memory.total) },
  ];
  return (
    <section aria-label={t.memory}>
      <h3>{t.memory}</h3>
      <div class="calc-inline">
        <OptionSelect {...props} label={t.weightDtype} name="weightDtype" choices={DTYPE_CHOICES} />
        <OptionInputs {...props} fields={MEMORY_FIELDS} />
        <OptionSelect {...props} label={t.kvDtype} name="kvDtype" choices={DTYPE_CHOICES} />
      </div>
      <ExtrasTable {...props} rows={rows} />
    </section>
  );
}

export function TrainingSection(props: SectionProps) {
  const { t } = props;
  const rows: RowSpec[] = [
    { label: `${t.perDevice}: ${t.weights}`, value: (e) => formatBytes(e.training.perDevice.weights) },
    { label: `${t.perDevice}: ${t.gradients}`, value: (e) => formatBytes(e.training.perDevice.gradients) },
    { label: `${t.perDevice}: ${t.optimizer}`, value: (e) => formatBytes(e.training.perDevice.optimizer) },
    {
      label: `${t.perDevice}: ${t.layerTotal}`,
      value: (e) => formatBytes(e.training.perDevice.total),
      testId: "training-per-device",
    },
    {
      label: `${t.allDevices} (${t.devices})`,
      value: (e) => `${formatBytes(e.training.total)} (${e.training.devices})`,
    },
  ];
  return (
    <section aria-label={t.training}>
      <h3>{t.training}</h3>
      <div class="calc-inline">
        <OptionSelect {...props} label={t.zeroStage} name="zeroStage" choices={ZERO_STAGE_CHOICES} />
        <OptionInputs {...props} fields={TRAINING_FIELDS} />
      </div>
      <ExtrasTable {...props} rows={rows} />
    </section>
  );
}

export function FrontierSection(props: SectionProps) {
  const { t, state, results } = props;
  const rows: RowSpec[] = [
    { label: t.parametersAxis, value: (e) => short(e.n) },
    { label: t.trainingTokens, value: (e) => short(e.tokens) },
    { label: t.tokensPerParam, value: (e) => (e.tokens / e.n).toFixed(1) },
    { label: `${t.optimalFor}: N`, value: (e) => short(e.optimal.parameters), testId: "optimal-n" },
    { label: `${t.optimalFor}: D`, value: (e) => short(e.optimal.tokens) },
  ];
  return (
    <section aria-label={t.frontier}>
      <h3>{t.frontier}</h3>
      <div class="calc-inline">
        <OptionSelect {...props} label={t.fit} name="fit" choices={FIT_CHOICES} />
      </div>
      <ExtrasTable {...props} rows={rows} />
      <FrontierChart
        t={t}
        models={state.models.map((m) => modelName(m, t))}
        results={results}
        fit={state.options.fit}
      />
    </section>
  );
}
