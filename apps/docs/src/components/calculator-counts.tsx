// The calculator's parameter results: the summary table (total, trainable, active, non-embedding,
// published, closed form), the component breakdown table and chart, and the per-layer table and chart.
// Values come from the library's ParameterReport; this file only lays them out.
import { presets } from "@paramlens/gpt-params";
import type { CalculatorStrings } from "../lib/calculator-strings";
import type { ModelResult } from "../lib/compute";
import { isModified, modelName } from "../lib/model-label";
import type { ModelState } from "../lib/url-state";
import { BreakdownChart, PerLayerChart } from "./calculator-charts";
import { exact, ModelHeaders, type Result, Row, short } from "./calculator-table";

export function Summary({
  t,
  models,
  results,
}: {
  t: CalculatorStrings;
  models: ModelState[];
  results: Result[];
}) {
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
      {models.map((m, i) => {
        const p = presets[m.preset];
        return p?.estimate ? (
          <div key={`e${i}`} class="calc-estimate" data-testid={`estimate-note-${i}`}>
            <p>
              <strong>{p.name}</strong> {t.estimateNote}
            </p>
            <ul>
              {p.notes.map((n) => (
                <li key={n}>{n}</li>
              ))}
            </ul>
          </div>
        ) : null;
      })}
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

export function Breakdown({ t, result }: { t: CalculatorStrings; result: ModelResult }) {
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

export function PerLayer({ t, result }: { t: CalculatorStrings; result: ModelResult }) {
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
