// The parameter calculator island: models (presets or custom) side by side, every config field of the
// model being edited, and the counts, FLOPs, memory and scaling results of @paramlens/gpt-params. State
// lives in the URL. All arithmetic is the library's (see lib/compute.ts); this file holds state and markup.
import {
  BYTES_PER_VALUE,
  type DType,
  formatBytes,
  formatCount,
  formatFlops,
  presetIds,
  presets,
} from "@paramlens/gpt-params";
import { useEffect, useMemo, useState } from "preact/hooks";
import { type CalculatorStrings, calculatorStrings, type Locale } from "../lib/calculator-strings";
import { computeModel, type Extras, type ModelFailure, type ModelResult } from "../lib/compute";
import { CUSTOM, changedFields, FIELDS, type FieldDef, presetForm } from "../lib/form";
import {
  type CalcOptions,
  type CalcState,
  DEFAULT_OPTIONS,
  DTYPE_NAMES,
  decodeState,
  defaultState,
  encodeState,
  MAX_MODELS,
  type ModelState,
  modelFromPreset,
} from "../lib/url-state";
import { BreakdownChart, FrontierChart, PerLayerChart } from "./CalculatorCharts";
import { ImportPanel } from "./ImportPanel";

const exact = (n: number) => formatCount(n, { style: "exact" });
const short = (n: number) => formatCount(n);

function modelName(m: ModelState, t: CalculatorStrings): string {
  if (m.label) return m.label;
  if (m.preset === CUSTOM) return t.custom;
  return presets[m.preset]?.name ?? m.preset;
}

function isModified(m: ModelState): boolean {
  const base = presetForm(m.preset);
  return base ? changedFields(m.form, base).length > 0 : false;
}

type Result = ModelResult | ModelFailure;

export function Calculator({ locale = "en" }: { locale?: Locale }) {
  const t = calculatorStrings[locale];
  const [state, setState] = useState<CalcState>(defaultState);
  const [ready, setReady] = useState(false);

  // The URL is read after hydration, so the server-rendered HTML (the GPT-2 default) hydrates cleanly.
  useEffect(() => {
    setState(decodeState(window.location.search));
    setReady(true);
  }, []);
  useEffect(() => {
    if (!ready) return;
    const query = encodeState(state);
    const url = `${window.location.pathname}${query ? `?${query}` : ""}${window.location.hash}`;
    window.history.replaceState(null, "", url);
  }, [state, ready]);

  const results: Result[] = useMemo(
    () => state.models.map((m) => computeModel(m.form, modelName(m, t), state.options)),
    [state.models, state.options, t],
  );
  const focus = Math.min(state.focus, state.models.length - 1);
  const focused = state.models[focus] as ModelState;
  const focusedResult = results[focus] as Result;

  const setModel = (i: number, m: ModelState) =>
    setState((s) => ({ ...s, models: s.models.map((old, j) => (j === i ? m : old)) }));
  const setField = (key: string, value: string) =>
    setModel(focus, { ...focused, form: { ...focused.form, [key]: value } });
  const setOption = <K extends keyof CalcOptions>(key: K, value: CalcOptions[K]) =>
    setState((s) => ({ ...s, options: { ...s.options, [key]: value } }));
  const addModel = (m: ModelState) =>
    setState((s) =>
      s.models.length >= MAX_MODELS ? s : { ...s, models: [...s.models, m], focus: s.models.length },
    );
  const removeModel = (i: number) =>
    setState((s) => {
      if (s.models.length <= 1) return s;
      const models = s.models.filter((_, j) => j !== i);
      return { ...s, models, focus: Math.min(s.focus, models.length - 1) };
    });

  return (
    <div class="calc not-content" data-ready={ready ? "true" : "false"}>
      <ModelBar
        t={t}
        state={state}
        focus={focus}
        onFocus={(i) => setState((s) => ({ ...s, focus: i }))}
        onPreset={(i, id) => setModel(i, modelFromPreset(id))}
        onAdd={() => addModel({ ...focused, form: { ...focused.form } })}
        onRemove={removeModel}
      />
      <FieldsEditor
        t={t}
        model={focused}
        result={focusedResult}
        onField={setField}
        onReset={() => setModel(focus, modelFromPreset(focused.preset))}
      />
      <Summary t={t} models={state.models} results={results} />
      {focusedResult.ok && <Breakdown t={t} result={focusedResult} />}
      {focusedResult.ok && <PerLayer t={t} result={focusedResult} />}
      <ComputeSection t={t} state={state} results={results} setOption={setOption} />
      <MemorySection t={t} state={state} results={results} setOption={setOption} />
      <TrainingSection t={t} state={state} results={results} setOption={setOption} />
      <FrontierSection t={t} state={state} results={results} setOption={setOption} />
      <ImportPanel
        t={t}
        state={state}
        focused={focused}
        focusedResult={focusedResult}
        onImport={addModel}
        canAdd={state.models.length < MAX_MODELS}
      />
    </div>
  );
}

// ---------- models ----------

function ModelBar(props: {
  t: CalculatorStrings;
  state: CalcState;
  focus: number;
  onFocus: (i: number) => void;
  onPreset: (i: number, id: string) => void;
  onAdd: () => void;
  onRemove: (i: number) => void;
}) {
  const { t, state, focus } = props;
  return (
    <section aria-label={t.models}>
      <h3>{t.models}</h3>
      <div class="calc-models">
        {state.models.map((m, i) => (
          <span class="calc-inline" key={i}>
            <button
              type="button"
              aria-pressed={i === focus}
              onClick={() => props.onFocus(i)}
              data-testid={`model-${i}`}
            >
              {i === focus ? `${t.editing}: ` : ""}
              {modelName(m, t)}
              {isModified(m) ? ` (${t.modified})` : ""}
            </button>
            <label>
              <span class="sr-only">
                {t.preset} {i + 1}
              </span>
              <select
                data-testid={`preset-${i}`}
                value={m.preset}
                onChange={(e) => props.onPreset(i, (e.target as HTMLSelectElement).value)}
              >
                {presetIds.map((id) => (
                  <option key={id} value={id}>
                    {presets[id]?.name ?? id}
                    {presets[id]?.estimate ? ` (${t.estimate})` : ""}
                  </option>
                ))}
                <option value={CUSTOM}>{t.custom}</option>
              </select>
            </label>
            {state.models.length > 1 && (
              <button type="button" onClick={() => props.onRemove(i)}>
                {t.removeModel}
              </button>
            )}
          </span>
        ))}
        {state.models.length < MAX_MODELS && (
          <button type="button" onClick={props.onAdd} data-testid="add-model">
            + {t.addModel}
          </button>
        )}
      </div>
    </section>
  );
}

// ---------- config fields ----------

function FieldsEditor(props: {
  t: CalculatorStrings;
  model: ModelState;
  result: Result;
  onField: (key: string, value: string) => void;
  onReset: () => void;
}) {
  const { t, model, result } = props;
  const error = result.ok ? null : result;
  const errorShownInline = error !== null && FIELDS.some((f) => f.key === error.field);
  const groups: FieldDef["group"][] = ["shape", "block", "bias", "moe"];
  const moeOn = model.form.moe === "true";
  return (
    <section aria-label={t.config}>
      <h3>
        {t.config}: {modelName(model, t)}{" "}
        {isModified(model) && (
          <button type="button" onClick={props.onReset}>
            {t.resetPreset}
          </button>
        )}
      </h3>
      {error && !errorShownInline && (
        <p class="calc-error" role="alert" data-testid="model-error">
          {t.invalid} {error.message}
        </p>
      )}
      {groups.map((g) => (
        <fieldset key={g} class="calc-group">
          <legend>{t.groups[g]}</legend>
          <div class={g === "bias" ? "calc-checks" : "calc-fields"}>
            {FIELDS.filter((f) => f.group === g && (g !== "moe" || f.key === "moe" || moeOn)).map((f) => (
              <Field
                key={f.key}
                t={t}
                def={f}
                value={model.form[f.key] ?? ""}
                derived={result.ok ? derivedValue(f.key, result) : undefined}
                error={error && error.field === f.key ? error.message : undefined}
                onChange={(v) => props.onField(f.key, v)}
              />
            ))}
          </div>
        </fieldset>
      ))}
    </section>
  );
}

/** The value the library derived for a blank ("auto") field, shown as its placeholder. */
function derivedValue(key: string, r: ModelResult): string | undefined {
  const c = r.report.config;
  switch (key) {
    case "nKVHeads":
      return String(c.nKVHeads);
    case "headDim":
      return String(c.headDim);
    case "dFF":
      return String(c.dFF);
    case "positionRows":
      return String(c.positionRows);
    case "moe.expertDFF":
      return c.moe ? String(c.moe.expertDFF) : undefined;
    case "moe.sharedExpertDFF":
      return c.moe ? String(c.moe.sharedExpertDFF) : undefined;
    case "moe.layers":
      return c.moe
        ? c.moe.layers.length === c.nLayers
          ? `0–${c.nLayers - 1}`
          : c.moe.layers.join(",")
        : undefined;
    default:
      return undefined;
  }
}

function Field(props: {
  t: CalculatorStrings;
  def: FieldDef;
  value: string;
  derived: string | undefined;
  error: string | undefined;
  onChange: (v: string) => void;
}) {
  const { t, def, value, error } = props;
  const id = `calc-field-${def.key.replace(/\./g, "-")}`;
  const errId = `${id}-error`;
  const label = t.fields[def.key] ?? def.key;
  if (def.kind === "bool") {
    return (
      <div class="calc-field">
        <label>
          <input
            id={id}
            name={def.key}
            type="checkbox"
            checked={value === "true"}
            aria-invalid={error ? "true" : undefined}
            aria-describedby={error ? errId : undefined}
            onChange={(e) => props.onChange(String((e.target as HTMLInputElement).checked))}
          />{" "}
          {label}
        </label>
        {error && (
          <span
            id={errId}
            class="calc-field-error"
            role="alert"
            data-testid="field-error"
            data-field={def.key}
          >
            {error}
          </span>
        )}
      </div>
    );
  }
  return (
    <div class="calc-field">
      <label for={id}>{label}</label>
      {def.kind === "enum" ? (
        <select
          id={id}
          name={def.key}
          value={value}
          onChange={(e) => props.onChange((e.target as HTMLSelectElement).value)}
        >
          {def.options?.map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
        </select>
      ) : (
        <input
          id={id}
          name={def.key}
          type="text"
          inputMode={def.kind === "int" ? "numeric" : "text"}
          autoComplete="off"
          value={value}
          placeholder={def.auto ? `${t.auto}${props.derived ? ` (${props.derived})` : ""}` : undefined}
          aria-invalid={error ? "true" : undefined}
          aria-describedby={error ? errId : undefined}
          onInput={(e) => props.onChange((e.target as HTMLInputElement).value)}
        />
      )}
      {error && (
        <span id={errId} class="calc-field-error" role="alert" data-testid="field-error" data-field={def.key}>
          {error}
        </span>
      )}
    </div>
  );
}

// ---------- results ----------

function ModelHeaders({ t, models }: { t: CalculatorStrings; models: ModelState[] }) {
  return (
    <tr>
      <th />
      {models.map((m, i) => (
        <th key={i} scope="col">
          {modelName(m, t)}
        </th>
      ))}
    </tr>
  );
}

/** One table row with a value per model; invalid models show a dash. */
function Row(props: {
  label: string;
  results: Result[];
  value: (r: ModelResult) => string;
  testId?: string;
}) {
  return (
    <tr>
      <th scope="row">{props.label}</th>
      {props.results.map((r, i) => (
        <td key={i} data-testid={props.testId ? `${props.testId}-${i}` : undefined}>
          {r.ok ? props.value(r) : "—"}
        </td>
      ))}
    </tr>
  );
}

function Summary({ t, models, results }: { t: CalculatorStrings; models: ModelState[]; results: Result[] }) {
  return (
    <section aria-label={t.summary}>
      <h3>{t.summary}</h3>
      <div class="calc-table-wrap">
        <table>
          <thead>
            <ModelHeaders t={t} models={models} />
          </thead>
          <tbody>
            <Row label={t.total} results={results} value={(r) => exact(r.report.total)} testId="total" />
            <Row label="" results={results} value={(r) => short(r.report.total)} />
            <Row
              label={t.trainable}
              results={results}
              value={(r) => exact(r.report.trainable)}
              testId="trainable"
            />
            <Row label={t.active} results={results} value={(r) => exact(r.report.active)} testId="active" />
            <Row label={t.nonEmbedding} results={results} value={(r) => exact(r.report.nonEmbedding)} />
            <tr>
              <th scope="row">{t.published}</th>
              {models.map((m, i) => {
                const p = presets[m.preset];
                const r = results[i];
                return (
                  <td key={i}>
                    {p && r?.ok && !isModified(m) ? (
                      <span title={p.published.source}>
                        {p.published.label}
                        {p.estimate ? ` (${t.estimate})` : ""}
                      </span>
                    ) : (
                      "—"
                    )}
                  </td>
                );
              })}
            </tr>
          </tbody>
        </table>
      </div>
      {results.map((r, i) =>
        r.ok ? (
          <p key={i} class="calc-formula">
            <strong>{modelName(models[i] as ModelState, t)}</strong> — {t.closedForm}:{" "}
            <code>{r.report.closedForm.expression}</code>
          </p>
        ) : null,
      )}
    </section>
  );
}

function Breakdown({ t, result }: { t: CalculatorStrings; result: ModelResult }) {
  const entries = Object.entries(result.report.breakdown).sort((a, b) => b[1] - a[1]);
  const total = result.report.total;
  const max = entries[0]?.[1] ?? 1;
  return (
    <section aria-label={t.breakdown}>
      <h3>
        {t.breakdown}: {result.report.config.name}
      </h3>
      <div class="calc-table-wrap">
        <table data-testid="breakdown">
          <thead>
            <tr>
              <th scope="col">{t.component}</th>
              <th scope="col">{t.params}</th>
              <th scope="col">{t.share}</th>
              <th scope="col">
                <span class="sr-only">{t.chartBreakdown}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {entries.map(([key, value]) => (
              <tr key={key}>
                <td>
                  <code>{key}</code>
                </td>
                <td>{exact(value)}</td>
                <td>{((100 * value) / total).toFixed(2)}%</td>
                <td aria-hidden="true" class="calc-bar-cell">
                  <span class="calc-bar" style={{ width: `${Math.max(0.5, (100 * value) / max)}%` }} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <BreakdownChart t={t} entries={entries} />
    </section>
  );
}

function PerLayer({ t, result }: { t: CalculatorStrings; result: ModelResult }) {
  // Consecutive identical blocks are shown as one row ("0–11").
  const groups: { from: number; to: number; layer: ModelResult["report"]["perLayer"][number] }[] = [];
  for (const layer of result.report.perLayer) {
    const last = groups[groups.length - 1];
    if (
      last &&
      last.layer.total === layer.total &&
      last.layer.active === layer.active &&
      last.layer.attention === layer.attention &&
      last.layer.moe === layer.moe
    ) {
      last.to = layer.index;
    } else groups.push({ from: layer.index, to: layer.index, layer });
  }
  return (
    <section aria-label={t.perLayer}>
      <h3>{t.perLayer}</h3>
      <div class="calc-table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{t.layers}</th>
              <th scope="col">{t.attention}</th>
              <th scope="col">{t.mlp}</th>
              <th scope="col">{t.norms}</th>
              <th scope="col">{t.layerTotal}</th>
              <th scope="col">{t.layerActive}</th>
            </tr>
          </thead>
          <tbody>
            {groups.map((g) => (
              <tr key={g.from}>
                <td>
                  {g.from === g.to ? g.from : `${g.from}–${g.to}`}
                  {g.layer.moe ? " (MoE)" : ""}
                </td>
                <td>{exact(g.layer.attention)}</td>
                <td>{exact(g.layer.mlp)}</td>
                <td>{exact(g.layer.norms)}</td>
                <td>{exact(g.layer.total)}</td>
                <td>{exact(g.layer.active)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {groups.length > 1 && <PerLayerChart t={t} layers={result.report.perLayer} />}
    </section>
  );
}

/** A row of option-dependent values (compute, memory, scaling); "—" while a model or an option is invalid. */
function ExtrasRow(props: {
  label: string;
  results: Result[];
  value: (e: Extras) => string;
  testId?: string;
}) {
  return (
    <tr>
      <th scope="row">{props.label}</th>
      {props.results.map((r, i) => (
        <td key={i} data-testid={props.testId ? `${props.testId}-${i}` : undefined}>
          {r.ok && r.extras ? props.value(r.extras) : "—"}
        </td>
      ))}
    </tr>
  );
}

// ---------- option inputs ----------

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

function ComputeSection({ t, state, results, setOption }: SectionProps) {
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

function MemorySection({ t, state, results, setOption }: SectionProps) {
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

function TrainingSection({ t, state, results, setOption }: SectionProps) {
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

function FrontierSection({ t, state, results, setOption }: SectionProps) {
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
