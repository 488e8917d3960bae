// The "Why did it say that?" island: a sentence box, the tiny sentiment classifier's prediction, and each
// token coloured by its Integrated-Gradients score (red pushes positive, blue negative, as the attribution
// package's diverging map). The model and the maths are in lib/demos/sentiment-model.ts and the packages.
import { divergingColor } from "@paramlens/attribution";
import { useEffect, useMemo, useState } from "preact/hooks";
import { demoStrings, fill } from "../lib/demo-strings";
import { fetchBytes, fetchJson, modelUrl } from "../lib/demos/assets";
import {
  explainSentence,
  loadSentimentModel,
  type SentimentModel,
  type SentimentSidecar,
} from "../lib/demos/sentiment-model";

const EXAMPLES = {
  en: [
    "I am so happy with this gift",
    "The ending made me sad and angry",
    "The food was great but the room was dirty",
  ],
  "zh-cn": ["今天我很快乐", "这件事让我非常愤怒", "风景很美但是服务太差"],
};

function rgb([r, g, b]: [number, number, number]): string {
  return `rgb(${Math.round(r)}, ${Math.round(g)}, ${Math.round(b)})`;
}

export function SentimentDemo({ locale = "en" }: { locale?: "en" | "zh-cn" }) {
  const t = demoStrings[locale];
  const [m, setM] = useState<SentimentModel | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [text, setText] = useState(EXAMPLES[locale][0]!);

  useEffect(() => {
    Promise.all([
      fetchJson<SentimentSidecar>(modelUrl("sentiment-bag.json")),
      fetchBytes(modelUrl("sentiment-bag.safetensors")),
    ])
      .then(([sidecar, weights]) => setM(loadSentimentModel(sidecar, weights)))
      .catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)));
  }, []);

  const result = useMemo(() => (m ? explainSentence(m, text) : null), [m, text]);

  if (error)
    return (
      <p class="fd-error" role="alert">
        {t.loadFailed} {error}
      </p>
    );
  if (!m || !result) return <p class="fd-loading">{t.loading}</p>;
  // Colour scale: the largest |score| of this sentence is full colour, so weak sentences still show.
  const vmax = Math.max(1e-9, ...result.tokens.map((x) => Math.abs(x.score)));
  const fmt = (p: number) => `${(100 * p).toFixed(1)} %`;
  const locale_ = locale === "zh-cn" ? "zh-CN" : "en-US";

  return (
    <div class="sd-demo not-content" data-ready="true">
      <label class="sd-input">
        {t.sentence}
        <textarea
          name="sentence"
          rows={2}
          placeholder={t.sentencePlaceholder}
          value={text}
          onInput={(e) => setText((e.target as HTMLTextAreaElement).value)}
        />
      </label>
      <p class="sd-examples">
        {t.examples}{" "}
        {[...EXAMPLES.en, ...EXAMPLES["zh-cn"]].map((ex) => (
          <button key={ex} type="button" onClick={() => setText(ex)}>
            {ex}
          </button>
        ))}
      </p>
      {result.status === "empty" && (
        <p class="sd-prediction" data-testid="sentiment-status" data-status="empty">
          {t.typeSomething}
        </p>
      )}
      {result.status === "unknown" && (
        <p class="sd-prediction" data-testid="sentiment-status" data-status="unknown">
          {t.allUnknown}
        </p>
      )}
      {result.status === "ok" && (
        <p class="sd-prediction">
          {t.prediction}:{" "}
          <strong data-testid="sentiment-label" data-label={result.label}>
            {t.labels[result.label]}
          </strong>{" "}
          ({t.labels.positive} <span data-testid="p-positive">{fmt(result.probabilities[1])}</span>,{" "}
          {t.labels.negative} <span data-testid="p-negative">{fmt(result.probabilities[0])}</span>)
        </p>
      )}
      <p class="sd-caption">{t.tokens}</p>
      <p class="sd-tokens" data-testid="tokens">
        {result.tokens.length === 0 && <em>{t.noTokens}</em>}
        {result.tokens.map((tok, i) => {
          const c = divergingColor(tok.score / vmax);
          const dark = Math.abs(tok.score / vmax) > 0.6;
          return (
            <span
              key={`${i}-${tok.token}`}
              class={tok.known ? "sd-token" : "sd-token sd-unk"}
              data-testid="token"
              data-token={tok.token}
              data-score={String(tok.score)}
              style={{ background: rgb(c), color: dark ? "#fff" : "#111" }}
              title={`${tok.score >= 0 ? "+" : ""}${tok.score.toFixed(3)}${tok.known ? "" : ` — ${t.unknownToken}`}`}
            >
              {tok.token}
            </span>
          );
        })}
      </p>
      <p class="sd-legend">
        <span class="sd-swatch" style={{ background: rgb(divergingColor(-1)) }} /> {t.legendNegative}{" "}
        <span class="sd-swatch" style={{ background: rgb(divergingColor(1)) }} /> {t.legendPositive}{" "}
        <span class="sd-delta">{fill(t.completeness, { delta: result.delta.toExponential(1) })}</span>
      </p>
      <p class="fd-note" data-testid="bag-limits">
        {t.bagLimits}
      </p>
      <p class="fd-note">
        {fill(t.sentimentNote, {
          params: m.model
            .parameters()
            .reduce((n, p) => n + p.size, 0)
            .toLocaleString(locale_),
          acc: fmt(m.sidecar.test.accuracy),
          n: m.sidecar.test.sentences,
        })}
      </p>
    </div>
  );
}
