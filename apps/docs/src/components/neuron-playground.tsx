// The neuron playground island: sliders for two inputs, two weights and a bias, an activation choice, and a
// canvas that shades the output over the input square with the decision boundary. The maths is in
// lib/neuron.ts; this file only holds state and draws.
import { useEffect, useRef, useState } from "preact/hooks";
import {
  ACTIVATIONS,
  type Activation,
  boundaryOutput,
  decisionBoundary,
  isDeadRelu,
  neuronOutput,
  preActivation,
} from "../lib/neuron";
import { playgroundStrings } from "../lib/playground-strings";

const R = 2; // the input square is [-R, R]²
const SIZE = 280; // canvas pixels per side
const CELLS = 56; // shading resolution per side

interface State {
  x1: number;
  x2: number;
  w1: number;
  w2: number;
  b: number;
  activation: Activation;
}

const INITIAL: State = { x1: 0.5, x2: -0.5, w1: 1, w2: 1, b: 0, activation: "sigmoid" };

function fmt(v: number): string {
  return (Math.round(v * 1000) / 1000).toFixed(3);
}

/**
 * The colour of one input: the side of the boundary picks the hue (blue z > 0, orange z < 0), the distance
 * of the output from its value on the boundary the intensity — so a flat region (a dead ReLU) is flat.
 */
function colour(z: number, y: number, mid: number): string {
  const a = Math.min(1, Math.abs(y - mid) / 1.5);
  return z >= 0 ? `rgba(37, 99, 235, ${0.08 + 0.62 * a})` : `rgba(234, 88, 12, ${0.08 + 0.62 * a})`;
}

export function NeuronPlayground({ locale = "en" }: { locale?: "en" | "zh-cn" }) {
  const t = playgroundStrings[locale];
  const [s, setS] = useState<State>(INITIAL);
  const canvas = useRef<HTMLCanvasElement>(null);
  const z = preActivation(s, s.x1, s.x2);
  const y = neuronOutput(s, s.x1, s.x2);
  const segment = decisionBoundary(s, R);
  const dead = isDeadRelu(s, R);

  useEffect(() => {
    const ctx = canvas.current?.getContext("2d");
    if (!ctx) return;
    const mid = boundaryOutput(s.activation);
    const cell = SIZE / CELLS;
    const toPx = (v: number) => ((v + R) / (2 * R)) * SIZE;
    ctx.clearRect(0, 0, SIZE, SIZE);
    for (let i = 0; i < CELLS; i++) {
      for (let j = 0; j < CELLS; j++) {
        const x1 = -R + ((i + 0.5) / CELLS) * 2 * R;
        const x2 = R - ((j + 0.5) / CELLS) * 2 * R; // screen y grows downwards
        ctx.fillStyle = colour(preActivation(s, x1, x2), neuronOutput(s, x1, x2), mid);
        ctx.fillRect(i * cell, j * cell, cell + 0.5, cell + 0.5);
      }
    }
    ctx.strokeStyle = "rgba(128,128,128,0.6)";
    ctx.lineWidth = 1;
    ctx.beginPath();
    ctx.moveTo(SIZE / 2, 0);
    ctx.lineTo(SIZE / 2, SIZE);
    ctx.moveTo(0, SIZE / 2);
    ctx.lineTo(SIZE, SIZE / 2);
    ctx.stroke();
    if (segment) {
      ctx.strokeStyle = "#111";
      ctx.lineWidth = 2.5;
      ctx.beginPath();
      ctx.moveTo(toPx(segment[0][0]), SIZE - toPx(segment[0][1]));
      ctx.lineTo(toPx(segment[1][0]), SIZE - toPx(segment[1][1]));
      ctx.stroke();
    }
    ctx.fillStyle = "#fff";
    ctx.strokeStyle = "#111";
    ctx.lineWidth = 2;
    ctx.beginPath();
    ctx.arc(toPx(s.x1), SIZE - toPx(s.x2), 6, 0, 2 * Math.PI);
    ctx.fill();
    ctx.stroke();
  }, [s, segment]);

  const slider = (key: "x1" | "x2" | "w1" | "w2" | "b", label: string, min: number, max: number) => (
    <label class="pl-slider">
      <span>
        {label} = <output>{fmt(s[key])}</output>
      </span>
      <input
        type="range"
        name={key}
        min={min}
        max={max}
        step={0.01}
        value={s[key]}
        onInput={(e) => setS({ ...s, [key]: Number((e.target as HTMLInputElement).value) })}
      />
    </label>
  );

  return (
    <div class="pl-playground not-content">
      <div class="pl-controls">
        <fieldset>
          <legend>{t.inputs}</legend>
          {slider("x1", "x1", -R, R)}
          {slider("x2", "x2", -R, R)}
        </fieldset>
        <fieldset>
          <legend>{t.parameters}</legend>
          {slider("w1", "w1", -3, 3)}
          {slider("w2", "w2", -3, 3)}
          {slider("b", "b", -5, 5)}
        </fieldset>
        <label class="pl-select">
          {t.activation}{" "}
          <select
            name="activation"
            value={s.activation}
            onChange={(e) => setS({ ...s, activation: (e.target as HTMLSelectElement).value as Activation })}
          >
            {ACTIVATIONS.map((a) => (
              <option key={a} value={a}>
                {t.activations[a]}
              </option>
            ))}
          </select>
        </label>
        <button type="button" onClick={() => setS(INITIAL)}>
          {t.reset}
        </button>
      </div>
      <div class="pl-view">
        <canvas ref={canvas} width={SIZE} height={SIZE} role="img" aria-label={t.plotLabel} />
        <dl class="pl-readout">
          <dt>{t.weightedSum}</dt>
          <dd data-testid="neuron-z">{fmt(z)}</dd>
          <dt>{t.output}</dt>
          <dd data-testid="neuron-y">{fmt(y)}</dd>
        </dl>
        <p class="pl-note">{segment ? t.boundary : t.noBoundary}</p>
        {s.activation === "relu" && <p class={dead ? "pl-dead" : "pl-note"}>{dead ? t.dead : t.alive}</p>}
        {s.activation === "leaky-relu" && (
          <p class="pl-note" data-testid="leaky-note">
            {t.leaky}
          </p>
        )}
      </div>
    </div>
  );
}
