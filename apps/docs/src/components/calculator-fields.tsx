// The calculator's config editor: every GPTConfig field of the model being edited, grouped, with the
// library's error shown under the field it names and derived ("auto") values as placeholders. It never
// validates anything itself.
import type { CalculatorStrings } from "../lib/calculator-strings";
import type { ModelResult } from "../lib/compute";
import { FIELDS, type FieldDef } from "../lib/form";
import { isModified, modelName } from "../lib/model-label";
import type { ModelState } from "../lib/url-state";
import type { Result } from "./calculator-table";

export function FieldsEditor(props: {
  t: CalculatorStrings;
  model: ModelState;
  result: Result;
  onField: (key: string, value: string) => void;
  onReset: () => void;
}) {
  const { t, model, result } = props;
  const error = result.ok ? null : result;
  const errorShownInline = error !== null && FIELDS.some((f) => f.key === error.field);
  const groups: FieldDef["group"][] = ["shape", "block", "bias", "moe", "mla"];
  const moeOn = model.form.moe === "true";
  const mlaOn = model.form.mla === "true";
  return (
    <section aria-label={t.config}>
      <h3>
        {t.config}: {modelName(model, t)}{" "}
        {isModified(model) && (
          <button type="button" data-testid="reset" onClick={props.onReset}>
            {props.model.base ? t.resetImport : t.resetPreset}
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
            {FIELDS.filter(
              (f) =>
                f.group === g &&
                (g !== "moe" || f.key === "moe" || moeOn) &&
                (g !== "mla" || f.key === "mla" || mlaOn),
            ).map((f) => (
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
