// The calculator's model bar: one button and preset picker per compared model, add and remove. Markup and
// callbacks only; the state lives in calculator.tsx.
import { presetIds, presets } from "@paramlens/gpt-params";
import type { CalculatorStrings } from "../lib/calculator-strings";
import { CUSTOM } from "../lib/form";
import { isModified, modelName } from "../lib/model-label";
import { type CalcState, MAX_MODELS } from "../lib/url-state";

export function ModelBar(props: {
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
