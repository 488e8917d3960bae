// Table pieces shared by the calculator's result sections: number formats, the model header row, and rows
// with one value per model ("—" where a model or an option is invalid). Markup only.
import { formatCount } from "@paramlens/gpt-params";
import type { CalculatorStrings } from "../lib/calculator-strings";
import type { Extras, ModelFailure, ModelResult } from "../lib/compute";
import { modelName } from "../lib/model-label";
import type { ModelState } from "../lib/url-state";

export type Result = ModelResult | ModelFailure;

export const exact = (n: number) => formatCount(n, { style: "exact" });
export const short = (n: number) => formatCount(n);

export function ModelHeaders({ t, models }: { t: CalculatorStrings; models: ModelState[] }) {
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
export function Row(props: {
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

/** A row of option-dependent values (compute, memory, scaling); "—" while a model or an option is invalid. */
export function ExtrasRow(props: {
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
