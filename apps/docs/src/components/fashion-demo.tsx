// The Fashion-MNIST demo island: loads the committed CNN, lets the reader pick a test image and (on the
// saliency view) an attribution method, and draws the heatmap and class probabilities — or (on the
// feature-maps view) every conv layer's activations as tiles. All maths is in lib/demos/ and the packages;
// this file holds state and puts pixels on canvases.
import type { RgbaImage } from "@paramlens/attribution";
import type { Tensor } from "@paramlens/tensor";
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import { demoStrings, fill } from "../lib/demo-strings";
import { fetchBytes, fetchJson, modelUrl } from "../lib/demos/assets";
import {
  attributionImage,
  attributionMap,
  featureMaps,
  SALIENCY_METHODS,
  type SaliencyMethod,
} from "../lib/demos/fashion-attribution";
import {
  type FashionModel,
  type FashionSamples,
  type FashionSidecar,
  loadFashionModel,
  predict,
  sampleTensor,
} from "../lib/demos/fashion-model";

type Locale = "en" | "zh-cn";

/** Draws RGBA pixels onto a canvas of the image's own size (CSS scales it up, pixelated). */
function Pixels({
  image,
  label,
  testId,
  cls,
}: {
  image: RgbaImage;
  label: string;
  testId?: string;
  cls?: string;
}) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const ctx = ref.current?.getContext("2d");
    if (!ctx) return;
    ctx.putImageData(new ImageData(new Uint8ClampedArray(image.data), image.width, image.height), 0, 0);
    ref.current?.setAttribute("data-drawn", String(Number(ref.current.dataset.drawn ?? 0) + 1));
  }, [image]);
  return (
    <canvas
      ref={ref}
      class={cls ?? "fd-pixels"}
      width={image.width}
      height={image.height}
      role="img"
      aria-label={label}
      data-testid={testId}
    />
  );
}

/** A [1, 1, 28, 28] image in [0, 1] as opaque grayscale pixels. */
function grayImage(x: Tensor): RgbaImage {
  const v = x.toTypedArray();
  const data = new Uint8ClampedArray(v.length * 4);
  for (let i = 0; i < v.length; i++) {
    const g = Math.round(255 * v[i]!);
    data.set([g, g, g, 255], 4 * i);
  }
  return { width: 28, height: 28, data };
}

function percent(p: number): string {
  return `${(100 * p).toFixed(1)} %`;
}

export function FashionDemo({
  locale = "en",
  view = "saliency",
}: {
  locale?: Locale;
  view?: "saliency" | "features";
}) {
  const t = demoStrings[locale];
  const [loaded, setLoaded] = useState<{ m: FashionModel; samples: FashionSamples } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [sample, setSample] = useState(0);
  const [method, setMethod] = useState<SaliencyMethod>("saliency");

  useEffect(() => {
    Promise.all([
      fetchJson<FashionSidecar>(modelUrl("fashion-cnn.json")),
      fetchBytes(modelUrl("fashion-cnn.safetensors")),
      fetchJson<FashionSamples>(modelUrl("fashion-samples.json")),
    ])
      .then(([sidecar, weights, samples]) => setLoaded({ m: loadFashionModel(sidecar, weights), samples }))
      .catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)));
  }, []);

  const inputs = useMemo(() => loaded?.samples.samples.map(sampleTensor) ?? [], [loaded]);
  const thumbs = useMemo(() => inputs.map(grayImage), [inputs]);
  const x = inputs[sample];
  const probs = useMemo(() => (loaded && x ? predict(loaded.m, x) : null), [loaded, x]);
  const top = probs ? probs.indexOf(Math.max(...probs)) : 0;
  const heatmap = useMemo(
    () =>
      loaded && x && view === "saliency"
        ? attributionImage(attributionMap(loaded.m, x, method, top), x)
        : null,
    [loaded, x, method, top, view],
  );
  const layers = useMemo(
    () => (loaded && x && view === "features" ? featureMaps(loaded.m, x) : null),
    [loaded, x, view],
  );

  if (error)
    return (
      <p class="fd-error" role="alert">
        {t.loadFailed} {error}
      </p>
    );
  if (!loaded || !x || !probs) return <p class="fd-loading">{t.loading}</p>;
  const { m, samples } = loaded;
  const truth = samples.samples[sample]!.label;

  return (
    <div class="fd-demo not-content" data-ready="true" data-view={view}>
      <fieldset class="fd-samples">
        <legend>{t.image}</legend>
        {samples.samples.map((s, i) => (
          <button
            key={s.index}
            type="button"
            class="fd-thumb"
            aria-pressed={i === sample}
            data-testid={`sample-${i}`}
            title={fill(t.sampleLabel, { n: i + 1, cls: t.classes[s.label] ?? "" })}
            onClick={() => setSample(i)}
          >
            <Pixels
              image={thumbs[i]!}
              label={fill(t.sampleLabel, { n: i + 1, cls: t.classes[s.label] ?? "" })}
            />
          </button>
        ))}
      </fieldset>
      {view === "saliency" && (
        <fieldset class="fd-methods">
          <legend>{t.method}</legend>
          {SALIENCY_METHODS.map((k) => (
            <label key={k}>
              <input
                type="radio"
                name="method"
                value={k}
                checked={method === k}
                onChange={() => setMethod(k)}
              />{" "}
              {t.methods[k]}
            </label>
          ))}
          <p class="fd-note">{t.methodNotes[method]}</p>
        </fieldset>
      )}
      <div class="fd-view">
        <figure class="fd-figure">
          <Pixels image={thumbs[sample]!} label={t.imageLabel} cls="fd-large" testId="input-canvas" />
          {heatmap && <Pixels image={heatmap} label={t.heatmapLabel} cls="fd-large" testId="heatmap" />}
        </figure>
        <div class="fd-probs">
          <h3>{t.probabilities}</h3>
          <p class="fd-note">
            {view === "saliency" ? t.predicted : t.predictedClass}{" "}
            <strong data-testid="predicted">{t.classes[top]}</strong>
          </p>
          <ol>
            {probs.map((p, i) => (
              <li key={m.sidecar.classes[i]} class={i === top ? "fd-top" : undefined}>
                <span class="fd-class">
                  {t.classes[i]}
                  {i === truth && <em> ({t.trueClass})</em>}
                </span>
                <span class="fd-bar" style={{ width: `${(100 * p).toFixed(1)}%` }} />
                <span class="fd-p" data-testid={`prob-${i}`} data-p={String(p)}>
                  {percent(p)}
                </span>
              </li>
            ))}
          </ol>
        </div>
      </div>
      {layers && (
        <div class="fd-features" data-testid="feature-maps">
          {layers.map((l, n) => (
            <section key={l.layer} data-testid={`feature-layer-${n}`}>
              <h3>{fill(t.featureLayer, { n: n + 1, c: l.shape[0], h: l.shape[1], w: l.shape[2] })}</h3>
              <div class="fd-tiles">
                {l.tiles.map((tile, c) => (
                  <Pixels
                    key={c}
                    image={tile}
                    cls="fd-tile"
                    label={fill(t.featureTileLabel, { n: n + 1, c: c + 1 })}
                  />
                ))}
              </div>
            </section>
          ))}
        </div>
      )}
      <p class="fd-note">
        {fill(t.modelNote, {
          params: m.sidecar.parameters.toLocaleString(locale === "zh-cn" ? "zh-CN" : "en-US"),
          acc: percent(m.sidecar.test.accuracy),
          n: m.sidecar.test.images.toLocaleString(locale === "zh-cn" ? "zh-CN" : "en-US"),
        })}
      </p>
    </div>
  );
}
