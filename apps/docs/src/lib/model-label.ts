// How the calculator names a model column: its own label, the custom config, or the preset's name, and
// whether its fields differ from what it started from (an import's own config, else its preset). Naming only.
import { presets } from "@paramlens/gpt-params";
import type { CalculatorStrings } from "./calculator-strings";
import { CUSTOM, changedFields, presetForm } from "./form";
import type { ModelState } from "./url-state";

export function modelName(m: ModelState, t: CalculatorStrings): string {
  if (m.label) return m.label;
  if (m.preset === CUSTOM) return t.custom;
  return presets[m.preset]?.name ?? m.preset;
}

export function isModified(m: ModelState): boolean {
  const base = m.base ?? presetForm(m.preset);
  return base ? changedFields(m.form, base).length > 0 : false;
}
