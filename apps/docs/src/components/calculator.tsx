// The parameter calculator island: models (presets or custom) side by side, every config field of the
// model being edited, and the counts, FLOPs, memory and scaling results of @paramlens/gpt-params. This file
// holds the state (kept in the URL) and composes the sections; all arithmetic is the library's (see
// lib/compute.ts) and each section's markup is in its own calculator-*.tsx file.
import { presets } from "@paramlens/gpt-params";
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import { calculatorStrings, type Locale } from "../lib/calculator-strings";
import { computeModel } from "../lib/compute";
import { isModified, modelName } from "../lib/model-label";
import {
  type CalcOptions,
  type CalcState,
  decodeState,
  defaultState,
  encodeState,
  MAX_MODELS,
  type ModelState,
  modelFromPreset,
  resetModel,
  unknownPresets,
} from "../lib/url-state";
import { Breakdown, PerLayer, Summary } from "./calculator-counts";
import { FieldsEditor } from "./calculator-fields";
import { FitSection } from "./calculator-fit";
import { ModelBar } from "./calculator-models";
import { ComputeSection, FrontierSection, MemorySection, TrainingSection } from "./calculator-options";
import type { Result } from "./calculator-table";
import { ImportPanel } from "./import-panel";

export function Calculator({ locale = "en" }: { locale?: Locale }) {
  const t = calculatorStrings[locale];
  const [state, setState] = useState<CalcState>(defaultState);
  const [ready, setReady] = useState(false);
  // Model ids in the link that are not presets: shown as a message, and the link is not rewritten
  // until the reader changes something (the decoded state object is kept to tell).
  const [unknown, setUnknown] = useState<{ id: string; column: number }[]>([]);
  const decoded = useRef<CalcState | null>(null);

  // The URL is read after hydration, so the server-rendered HTML (the GPT-2 default) hydrates cleanly.
  useEffect(() => {
    const first = decodeState(window.location.search);
    decoded.current = first;
    setUnknown(unknownPresets(window.location.search));
    setState(first);
    setReady(true);
  }, []);
  useEffect(() => {
    if (!ready) return;
    if (state === decoded.current && unknown.length > 0) return;
    const query = encodeState(state);
    const url = `${window.location.pathname}${query ? `?${query}` : ""}${window.location.hash}`;
    window.history.replaceState(null, "", url);
  }, [state, ready, unknown]);

  const results: Result[] = useMemo(
    () =>
      state.models.map((m) =>
        computeModel(
          m.form,
          modelName(m, t),
          state.options,
          isModified(m) ? undefined : presets[m.preset]?.trainingTokens?.tokens,
        ),
      ),
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
      {unknown.map((u) => (
        <p key={u.column} class="calc-error" role="alert" data-testid="unknown-preset">
          {t.unknownPreset.replace("{id}", () => u.id).replace("{n}", () => String(u.column))}
        </p>
      ))}
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
        onReset={() => setModel(focus, resetModel(focused))}
      />
      <Summary t={t} models={state.models} results={results} />
      {focusedResult.ok && <Breakdown t={t} result={focusedResult} />}
      {focusedResult.ok && <PerLayer t={t} result={focusedResult} />}
      <ComputeSection t={t} state={state} results={results} setOption={setOption} />
      <MemorySection t={t} state={state} results={results} setOption={setOption} />
      <FitSection t={t} state={state} results={results} setOption={setOption} />
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
