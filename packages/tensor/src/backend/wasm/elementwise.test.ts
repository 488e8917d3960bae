// Elementwise kernels against float64 JavaScript. Tolerances: add/sub/mul/div, relu, neg, abs, square and
// sqrt are correctly rounded in f32, so they must equal Math.fround of the float64 result exactly; the
// polynomial ops (exp, log, tanh, sigmoid, gelu) must be within 2e-7 relative error plus a tiny absolute
// floor (values below ~1e-30 and, for gelu's cancelling left tail, 1e-7 absolute).
import { beforeAll, describe, expect, it } from "vitest";
import { WasmArgumentError, WasmSizeError } from "./errors";
import { initWasmBackend } from "./init";
import { BINARY_OPS, UNARY_OPS, type WasmBinaryOp, type WasmUnaryOp } from "./op-codes";
import { expectClose, randomF32 } from "./test-utils";
import type { WasmBackend } from "./wasm-backend";

let wasm: WasmBackend;
beforeAll(async () => {
  wasm = await initWasmBackend();
});

const LENGTHS = [0, 1, 2, 3, 4, 5, 7, 8, 9, 31, 1000];

const BINARY: Record<WasmBinaryOp, (x: number, y: number) => number> = {
  add: (x, y) => x + y,
  sub: (x, y) => x - y,
  mul: (x, y) => x * y,
  div: (x, y) => x / y,
};

const gelu = (x: number) => 0.5 * x * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x ** 3)));
const UNARY: Record<WasmUnaryOp, (x: number) => number> = {
  identity: (x) => x,
  relu: (x) => (Number.isNaN(x) ? x : Math.max(x, 0)),
  neg: (x) => -x,
  abs: Math.abs,
  sqrt: Math.sqrt,
  square: (x) => x * x,
  exp: Math.exp,
  log: Math.log,
  tanh: Math.tanh,
  sigmoid: (x) => 1 / (1 + Math.exp(-x)),
  gelu,
};

// Derivatives in float64: (x, y = f(x)) → f'(x).
const GRAD: Record<WasmUnaryOp, (x: number, y: number) => number> = {
  identity: () => 1,
  relu: (x) => (x > 0 ? 1 : 0),
  neg: () => -1,
  abs: (x) => Math.sign(x),
  sqrt: (_x, y) => 0.5 / y,
  square: (x) => 2 * x,
  exp: (_x, y) => y,
  log: (x) => 1 / x,
  tanh: (_x, y) => 1 - y * y,
  sigmoid: (_x, y) => y * (1 - y),
  gelu: (x) => {
    const c = Math.sqrt(2 / Math.PI);
    const t = Math.tanh(c * (x + 0.044715 * x ** 3));
    return 0.5 * (1 + t) + 0.5 * x * (1 - t * t) * c * (1 + 3 * 0.044715 * x * x);
  },
};

const EXACT = new Set<WasmUnaryOp>(["identity", "relu", "neg", "abs", "sqrt", "square"]);

function inputsFor(op: WasmUnaryOp, n: number, seed: number): Float32Array {
  switch (op) {
    case "exp":
      return randomF32(n, seed, -87, 88);
    case "log":
    case "sqrt": {
      // Magnitudes from 1e-44 (subnormal) to 1e38.
      const e = randomF32(n, seed, -44, 38);
      return Float32Array.from(e, (v, i) => 10 ** v * (1 + (i % 7) / 7));
    }
    case "tanh":
    case "sigmoid":
    case "gelu":
      return randomF32(n, seed, -12, 12);
    default:
      return randomF32(n, seed, -5, 5);
  }
}

function tolerance(op: WasmUnaryOp): { rtol: number; atol: number } {
  if (EXACT.has(op)) return { rtol: 0, atol: 0 };
  return { rtol: 2e-7, atol: op === "gelu" ? 1e-7 : 1e-30 };
}

describe("wasm binary ops (exact: equal to the correctly rounded f32 result)", () => {
  for (const op of Object.keys(BINARY_OPS) as WasmBinaryOp[]) {
    const f = BINARY[op];
    it(`${op}: same shape, scalar (both sides), every length`, () => {
      for (const n of LENGTHS) {
        const a = randomF32(n, n + 1, -3, 3);
        const b = randomF32(n, n + 2, -3, 3);
        const ref = Float32Array.from(a, (x, i) => Math.fround(f(x, b[i]!)));
        expect(Array.from(wasm.binary(op, a, b)), `n=${n}`).toEqual(Array.from(ref));
        const s = Math.fround(-1.75);
        expect(Array.from(wasm.binaryScalar(op, a, s))).toEqual(Array.from(a, (x) => Math.fround(f(x, s))));
        expect(Array.from(wasm.binaryScalar(op, a, s, true))).toEqual(
          Array.from(a, (x) => Math.fround(f(s, x))),
        );
      }
    });

    it(`${op}: row and column broadcast, both operand orders`, () => {
      for (const [rows, cols] of [
        [0, 3],
        [3, 0],
        [1, 1],
        [1, 7],
        [7, 1],
        [5, 6],
        [4, 9],
      ] as const) {
        const a = randomF32(rows * cols, rows * 31 + cols, -3, 3);
        const row = randomF32(cols, 77, 0.5, 2);
        const col = randomF32(rows, 78, 0.5, 2);
        for (const reversed of [false, true]) {
          const g = (x: number, y: number) => Math.fround(reversed ? f(y, x) : f(x, y));
          const refRow = Array.from(a, (x, i) => g(x, row[i % cols]!));
          const refCol = Array.from(a, (x, i) => g(x, col[Math.floor(i / cols)]!));
          expect(Array.from(wasm.binaryRow(op, a, row, rows, cols, reversed)), `row ${rows}×${cols}`).toEqual(
            refRow,
          );
          expect(Array.from(wasm.binaryCol(op, a, col, rows, cols, reversed)), `col ${rows}×${cols}`).toEqual(
            refCol,
          );
        }
      }
    });
  }

  it("follows IEEE on division by zero and NaN", () => {
    const out = wasm.binary("div", new Float32Array([1, -1, 0, Number.NaN]), new Float32Array([0, 0, 0, 1]));
    expect(Array.from(out)).toEqual([Infinity, -Infinity, Number.NaN, Number.NaN]);
  });

  it("may write in place (out = a)", () => {
    const a = wasm.upload([1, 2, 3, 4, 5]);
    wasm.binaryScalar("mul", a, 2, false, a);
    expect(Array.from(a.array)).toEqual([2, 4, 6, 8, 10]);
    a.free();
  });

  it("rejects unknown ops and mismatched lengths by name", () => {
    const a = new Float32Array(3);
    expect(() => wasm.binary("pow" as WasmBinaryOp, a, a)).toThrow(
      new WasmArgumentError('binary(pow): unknown binary op "pow" (known: add, sub, mul, div)'),
    );
    expect(() => wasm.binary("add", a, new Float32Array(4))).toThrow(
      new WasmSizeError("binary(add): b has 4 elements, expected 3"),
    );
    expect(() => wasm.binaryRow("add", a, new Float32Array(2), 1, 3)).toThrow(
      /binaryRow\(add\): row has 2 elements, expected 3/,
    );
    expect(() => wasm.binaryCol("add", a, new Float32Array(2), 3, 1)).toThrow(
      /binaryCol\(add\): col has 2 elements, expected 3/,
    );
  });
});

describe("wasm unary ops", () => {
  for (const op of Object.keys(UNARY_OPS) as WasmUnaryOp[]) {
    it(`${op} matches float64 (${EXACT.has(op) ? "exactly" : "rtol 2e-7"}) at every length`, () => {
      for (const n of [...LENGTHS, 4099]) {
        const x = inputsFor(op, n, n + 5);
        const ref = Array.from(x, (v) => (EXACT.has(op) ? Math.fround(UNARY[op](v)) : UNARY[op](v)));
        expectClose(wasm.unary(op, x), ref, tolerance(op), `${op} n=${n}`);
      }
    });

    // atol 5e-7 (|dy| ≤ 1): gelu's derivative cancels in its left tail, 0.5·(1 + t) with t → −1.
    it(`${op} backward matches f'(x)·dy in float64 (rtol 1e-6, atol 5e-7)`, () => {
      const n = 37;
      const x = inputsFor(op, n, 99);
      if (op === "log" || op === "sqrt") for (let i = 0; i < n; i++) x[i] = 0.1 + (i % 10);
      const y = Float32Array.from(x, UNARY[op]);
      const dy = randomF32(n, 100);
      const ref = Array.from(x, (v, i) => GRAD[op](v, y[i]!) * dy[i]!);
      expectClose(wasm.unaryBackward(op, x, y, dy), ref, { rtol: 1e-6, atol: 5e-7 }, `d${op}`);
    });
  }

  // Expected values rounded to f32, so results beyond f32's range are ±Infinity.
  it("gives IEEE special values", () => {
    const x = new Float32Array([Infinity, -Infinity, Number.NaN, 0, -0, 89, -104, 88.7, -87.5]);
    expectClose(
      wasm.unary("exp", x),
      Array.from(x, (v) => Math.fround(Math.exp(v))),
      { rtol: 2e-7, atol: 1e-44 },
      "exp",
    );
    const l = new Float32Array([0, -0, -1, Infinity, Number.NaN, 1, 1e-45, 3.4e38]);
    expectClose(
      wasm.unary("log", l),
      Array.from(l, (v) => Math.fround(Math.log(v))),
      { rtol: 2e-7, atol: 0 },
      "log",
    );
    const t = new Float32Array([Infinity, -Infinity, Number.NaN, 0, 0.625, -0.625, 20, -20]);
    expectClose(
      wasm.unary("tanh", t),
      Array.from(t, (v) => Math.fround(Math.tanh(v))),
      { rtol: 2e-7, atol: 0 },
      "tanh",
    );
    const s = new Float32Array([Infinity, -Infinity, 90, -90, 0]);
    expectClose(
      wasm.unary("sigmoid", s),
      Array.from(s, (v) => Math.fround(UNARY.sigmoid(v))),
      { rtol: 2e-7, atol: 0 },
      "sigmoid",
    );
    expect(Number.isNaN(wasm.unary("relu", new Float32Array([Number.NaN]))[0])).toBe(true);
  });

  it("rejects unknown ops by name", () => {
    expect(() => wasm.unary("softplus" as WasmUnaryOp, new Float32Array(1))).toThrow(
      /unary\(softplus\): unknown unary op "softplus"/,
    );
  });
});

describe("wasm biasActivation", () => {
  for (const act of Object.keys(UNARY_OPS) as WasmUnaryOp[]) {
    it(`act(x + bias) with ${act}`, () => {
      for (const [rows, cols] of [
        [0, 4],
        [1, 1],
        [3, 5],
        [6, 8],
        [2, 13],
      ] as const) {
        const x = randomF32(rows * cols, rows + cols, act === "log" || act === "sqrt" ? 0.5 : -3, 3);
        const bias = randomF32(cols, 3, act === "log" || act === "sqrt" ? 0 : -1, 1);
        const sum = Array.from(x, (v, i) => Math.fround(v + bias[i % cols]!));
        const ref = sum.map((v) => (EXACT.has(act) ? Math.fround(UNARY[act](v)) : UNARY[act](v)));
        expectClose(
          wasm.biasActivation(x, bias, rows, cols, act),
          ref,
          tolerance(act),
          `${act} ${rows}×${cols}`,
        );
      }
    });
  }

  it("checks the bias length", () => {
    expect(() => wasm.biasActivation(new Float32Array(6), new Float32Array(2), 2, 3, "relu")).toThrow(
      /biasActivation\(relu\): bias has 2 elements, expected 3/,
    );
  });
});
