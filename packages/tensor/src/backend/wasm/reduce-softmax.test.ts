// Reductions and softmax along the last axis against float64 JavaScript.
// Tolerances: sums within the rigorous f32 bound γ_n·Σ|x| (any summation order); max is exact;
// softmax within 1e-6·(value) + cols·2^-24·(value) (exp approximation + the sum's rounding);
// log-softmax within 2e-6·(1 + |value|); backward passes within 1e-6 absolute for |dy| ≤ 1.
import { beforeAll, describe, expect, it } from "vitest";
import { WasmSizeError } from "./errors";
import { initWasmBackend } from "./init";
import { expectClose, randomF32, U } from "./test-utils";
import type { WasmBackend } from "./wasm-backend";

let wasm: WasmBackend;
beforeAll(async () => {
  wasm = await initWasmBackend();
});

const SHAPES: [number, number][] = [
  [0, 5],
  [3, 0],
  [1, 1],
  [1, 17],
  [17, 1],
  [3, 3],
  [4, 4],
  [5, 16],
  [2, 19],
  [3, 1000],
];

const gamma = (n: number) => (n * U) / (1 - n * U);

function rowsOf(x: Float32Array, rows: number, cols: number): Float32Array[] {
  return Array.from({ length: rows }, (_, r) => x.subarray(r * cols, (r + 1) * cols));
}

describe("wasm reductions", () => {
  for (const [rows, cols] of SHAPES) {
    it(`sum/max along the last axis and sum along the first axis, ${rows}×${cols}`, () => {
      const x = randomF32(rows * cols, rows * 13 + cols, -2, 2);
      const rs = rowsOf(x, rows, cols);
      const sums = rs.map((r) => r.reduce((s, v) => s + v, 0));
      const sumBounds = rs.map((r) => gamma(cols) * r.reduce((s, v) => s + Math.abs(v), 0));
      expectClose(wasm.sumLastAxis(x, rows, cols), sums, { atol: sumBounds }, "sumLastAxis");
      if (cols > 0) {
        expect(Array.from(wasm.maxLastAxis(x, rows, cols))).toEqual(rs.map((r) => Math.max(...r)));
      }
      const colSums = Array.from({ length: cols }, (_, c) => rs.reduce((s, r) => s + r[c]!, 0));
      const colBounds = Array.from(
        { length: cols },
        (_, c) => gamma(rows) * rs.reduce((s, r) => s + Math.abs(r[c]!), 0),
      );
      expectClose(wasm.sumFirstAxis(x, rows, cols), colSums, { atol: colBounds }, "sumFirstAxis");
    });
  }

  it("max propagates NaN and handles ±Infinity", () => {
    const x = new Float32Array([
      1,
      Number.NaN,
      3,
      4,
      5,
      -Infinity,
      -Infinity,
      -Infinity,
      -Infinity,
      -Infinity,
    ]);
    const m = wasm.maxLastAxis(x, 2, 5);
    expect(Number.isNaN(m[0])).toBe(true);
    expect(m[1]).toBe(-Infinity);
  });

  it("refuses the max of an empty row and wrong lengths, by name", () => {
    expect(() => wasm.maxLastAxis(new Float32Array(0), 2, 0)).toThrow(
      new WasmSizeError("maxLastAxis: rows = 2 of cols = 0: max of an empty row"),
    );
    expect(() => wasm.sumLastAxis(new Float32Array(5), 2, 3)).toThrow(
      /sumLastAxis: x has 5 elements, expected 6/,
    );
  });
});

describe("wasm softmax and log-softmax", () => {
  for (const [rows, cols] of SHAPES) {
    it(`forward and backward, ${rows}×${cols}`, () => {
      const x = randomF32(rows * cols, rows * 7 + cols, -20, 20);
      const dy = randomF32(rows * cols, 5);
      const sm: number[] = [];
      const lsm: number[] = [];
      for (const r of rowsOf(x, rows, cols)) {
        const mx = Math.max(...r);
        const z = r.reduce((s, v) => s + Math.exp(v - mx), 0);
        for (const v of r) {
          sm.push(Math.exp(v - mx) / z);
          lsm.push(v - mx - Math.log(z));
        }
      }
      expectClose(wasm.softmax(x, rows, cols), sm, { rtol: 1e-6 + cols * U, atol: 1e-30 }, "softmax");
      expectClose(wasm.logSoftmax(x, rows, cols), lsm, { rtol: 2e-6, atol: 2e-6 }, "logSoftmax");

      // Backward from f32 outputs: softmax dx = y(dy − Σ dy·y); log-softmax dx = dy − exp(y)·Σ dy.
      const y = Float32Array.from(sm);
      const ly = Float32Array.from(lsm);
      const dxs: number[] = [];
      const dxl: number[] = [];
      for (let r = 0; r < rows; r++) {
        let dot = 0;
        let sum = 0;
        for (let c = 0; c < cols; c++) {
          dot += dy[r * cols + c]! * y[r * cols + c]!;
          sum += dy[r * cols + c]!;
        }
        for (let c = 0; c < cols; c++) {
          const i = r * cols + c;
          dxs.push(y[i]! * (dy[i]! - dot));
          dxl.push(dy[i]! - Math.exp(ly[i]!) * sum);
        }
      }
      expectClose(wasm.softmaxBackward(y, dy, rows, cols), dxs, { atol: 1e-6 }, "softmaxBackward");
      expectClose(
        wasm.logSoftmaxBackward(ly, dy, rows, cols),
        dxl,
        { rtol: 1e-6, atol: 1e-6 },
        "logSoftmaxBackward",
      );
    });
  }

  it("is stable for large logits and exact for a single column", () => {
    const x = new Float32Array([1000, 1001, 1002, -1000, 0, 1000]);
    expectClose(
      wasm.softmax(x, 2, 3),
      [0.09003057, 0.24472847, 0.66524096, 0, 0, 1],
      { atol: 1e-7 },
      "softmax",
    );
    expect(Array.from(wasm.softmax(new Float32Array([3, -7]), 2, 1))).toEqual([1, 1]);
    expect(Array.from(wasm.logSoftmax(new Float32Array([3, -7]), 2, 1))).toEqual([0, 0]);
  });

  it("checks the gradient length", () => {
    expect(() => wasm.softmaxBackward(new Float32Array(6), new Float32Array(5), 2, 3)).toThrow(
      /softmaxBackward: dy has 5 elements, expected 6/,
    );
  });
});

describe("wasm softmaxCrossEntropy (fused)", () => {
  for (const [rows, cols] of [
    [1, 1],
    [1, 10],
    [7, 3],
    [16, 10],
    [5, 1000],
    [0, 4],
  ] as const) {
    it(`losses and gradient of the mean loss, ${rows}×${cols}, with an ignored row`, () => {
      const x = randomF32(rows * cols, rows * 3 + cols, -15, 15);
      const targets = Array.from({ length: rows }, (_, r) => (r === 2 ? -100 : (r * 7 + 3) % cols));
      const scale = rows > 0 ? 1 / rows : 1;
      const losses: number[] = [];
      const grad: number[] = [];
      for (let r = 0; r < rows; r++) {
        const row = Array.from(x.subarray(r * cols, (r + 1) * cols));
        const t = targets[r]!;
        if (t === -100) {
          losses.push(0);
          grad.push(...row.map(() => 0));
          continue;
        }
        const mx = Math.max(...row);
        const z = row.reduce((s, v) => s + Math.exp(v - mx), 0);
        losses.push(mx + Math.log(z) - row[t]!);
        grad.push(...row.map((v, c) => scale * (Math.exp(v - mx) / z - (c === t ? 1 : 0))));
      }
      const res = wasm.softmaxCrossEntropy(x, targets, rows, cols, { gradScale: scale });
      // Losses of order 1..30: 2e-6 relative plus 2e-6 absolute (logsumexp of f32 logits).
      expectClose(res.losses, losses, { rtol: 2e-6, atol: 2e-6 }, "losses");
      expectClose(res.dlogits as Float32Array, grad, { rtol: 1e-6 + cols * U, atol: 1e-7 }, "dlogits");
      expect(wasm.softmaxCrossEntropy(x, targets, rows, cols, { grad: false }).dlogits).toBeUndefined();
    });
  }

  it("checks targets by row and value", () => {
    const x = new Float32Array(6);
    expect(() => wasm.softmaxCrossEntropy(x, [0, 3], 2, 3)).toThrow(
      /softmaxCrossEntropy: targets\[1\] = 3 is not a class index in \[0, 3\)/,
    );
    expect(() => wasm.softmaxCrossEntropy(x, [0, 1.5], 2, 3)).toThrow(/targets\[1\] = 1.5/);
    expect(() => wasm.softmaxCrossEntropy(x, [0], 2, 3)).toThrow(
      /softmaxCrossEntropy: targets has 1 elements, expected 2/,
    );
    expect(() => wasm.softmaxCrossEntropy(x, [0, 1], 2, 3, { gradScale: Number.POSITIVE_INFINITY })).toThrow(
      /gradScale = Infinity must be a finite number/,
    );
  });
});
