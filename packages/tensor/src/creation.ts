// Tensor constructors: from nested arrays / typed arrays, constant fills, ranges, identity and random
// tensors. Random ones draw from the global seeded generator (see random.ts).
import { allocate, type DType, isDType, type Storage } from "./dtype";
import { checkTensorSize, DTypeError, ShapeError } from "./errors";
import { flattenNested, inferShape, type NestedArray } from "./nested";
import { defaultGenerator } from "./random";
import { checkShape, type Shape, shapeSize } from "./shape";
import { Tensor } from "./tensor";

export interface CreateOptions {
  dtype?: DType;
  requiresGrad?: boolean;
}

function dtypeOption(op: string, options: CreateOptions | undefined, fallback: DType): DType {
  const d = options?.dtype ?? fallback;
  if (!isDType(d)) throw new TypeError(`${op}: dtype must be "float32" or "int32", got ${String(d)}`);
  return d;
}

function make(data: Storage, shape: Shape, options: CreateOptions | undefined): Tensor {
  return new Tensor(data, shape, { requiresGrad: options?.requiresGrad ?? false });
}

function checkIntData(op: string, values: ArrayLike<number>): void {
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isInteger(v) || v < -2147483648 || v > 2147483647) {
      throw new RangeError(`${op}: value ${v} at flat index ${i} is not an int32`);
    }
  }
}

/**
 * Creates a tensor from a number, a nested array or a typed/plain flat array (then `shape` is required
 * unless the data is 1-d). Float32Array and Int32Array are copied; dtype defaults to int32 for an
 * Int32Array and float32 otherwise.
 */
export function tensor(
  data: NestedArray | ArrayLike<number>,
  shapeOrOptions?: Shape | CreateOptions,
  maybeOptions?: CreateOptions,
): Tensor {
  const shapeArg = Array.isArray(shapeOrOptions) ? (shapeOrOptions as Shape) : undefined;
  const options = Array.isArray(shapeOrOptions)
    ? maybeOptions
    : (shapeOrOptions as CreateOptions | undefined);
  const isTyped = ArrayBuffer.isView(data);
  const dtype = dtypeOption("tensor", options, data instanceof Int32Array ? "int32" : "float32");
  if (
    isTyped ||
    (shapeArg !== undefined && Array.isArray(data) && data.every((x) => typeof x === "number"))
  ) {
    const flat = data as ArrayLike<number>;
    if (
      isTyped &&
      !(
        data instanceof Float32Array ||
        data instanceof Int32Array ||
        data instanceof Float64Array ||
        data instanceof Uint8Array ||
        data instanceof Int8Array ||
        data instanceof Uint16Array ||
        data instanceof Int16Array ||
        data instanceof Uint32Array ||
        data instanceof Uint8ClampedArray
      )
    ) {
      throw new TypeError(
        "tensor: unsupported typed array (BigInt arrays are not accepted; convert to Int32Array)",
      );
    }
    const shape = shapeArg === undefined ? [flat.length] : checkShape("tensor", shapeArg);
    if (shapeSize(shape) !== flat.length) {
      throw new ShapeError(
        "DATA_LENGTH",
        "tensor",
        [shape],
        `shape needs ${shapeSize(shape)} elements but the data has ${flat.length}`,
      );
    }
    if (dtype === "int32") checkIntData("tensor", flat);
    const out = allocate(dtype, flat.length);
    out.set(flat);
    return make(out, shape, options);
  }
  const shape = inferShape("tensor", data as NestedArray);
  const out = allocate(dtype, shapeSize(shape));
  if (dtype === "int32") {
    const tmp = new Float64Array(out.length);
    flattenNested(data as NestedArray, tmp);
    checkIntData("tensor", tmp);
    out.set(tmp);
  } else flattenNested(data as NestedArray, out);
  if (shapeArg !== undefined) {
    const want = checkShape("tensor", shapeArg);
    if (shapeSize(want) !== out.length) {
      throw new ShapeError("DATA_LENGTH", "tensor", [shape, want], `cannot reshape ${out.length} elements`);
    }
    return make(out, want, options);
  }
  return make(out, shape, options);
}

/** A 0-d tensor holding one value. */
export function scalar(value: number, options?: CreateOptions): Tensor {
  return tensor(value, options);
}

export function full(shape: Shape, value: number, options?: CreateOptions): Tensor {
  const s = checkShape("full", shape);
  const dtype = dtypeOption("full", options, "float32");
  if (dtype === "int32") checkIntData("full", [value]);
  const data = allocate(dtype, shapeSize(s), "full");
  if (value !== 0) data.fill(value);
  return make(data, s, options);
}

export function zeros(shape: Shape, options?: CreateOptions): Tensor {
  return full(shape, 0, options);
}

export function ones(shape: Shape, options?: CreateOptions): Tensor {
  return full(shape, 1, options);
}

export function zerosLike(t: Tensor, options?: CreateOptions): Tensor {
  return full(t.shape, 0, { dtype: t.dtype, ...options });
}

export function onesLike(t: Tensor, options?: CreateOptions): Tensor {
  return full(t.shape, 1, { dtype: t.dtype, ...options });
}

export function fullLike(t: Tensor, value: number, options?: CreateOptions): Tensor {
  return full(t.shape, value, { dtype: t.dtype, ...options });
}

/**
 * Values start, start+step, … below end (above end for a negative step). `arange(end)` starts at 0.
 * Defaults to float32 (pass `{ dtype: "int32" }` for indices), unlike PyTorch's int64 default.
 */
export function arange(end: number, options?: CreateOptions): Tensor;
export function arange(start: number, end: number, step?: number, options?: CreateOptions): Tensor;
export function arange(a: number, b?: number | CreateOptions, c?: number, d?: CreateOptions): Tensor {
  const twoArg = typeof b === "number";
  const start = twoArg ? a : 0;
  const end = twoArg ? b : a;
  const step = twoArg ? (c ?? 1) : 1;
  const options = twoArg ? d : (b as CreateOptions | undefined);
  for (const [k, v] of [
    ["start", start],
    ["end", end],
    ["step", step],
  ] as const) {
    if (!Number.isFinite(v)) throw new RangeError(`arange: ${k} must be finite, got ${v}`);
  }
  if (step === 0) throw new RangeError("arange: step must not be 0");
  if ((end - start) * step < 0) {
    throw new RangeError(`arange: step ${step} moves away from end (start ${start}, end ${end})`);
  }
  const n = Math.ceil((end - start) / step);
  const dtype = dtypeOption("arange", options, "float32");
  if (dtype === "int32") checkIntData("arange", [start, step, start + (n - 1) * step]);
  const data = allocate(dtype, n, "arange");
  for (let i = 0; i < n; i++) data[i] = start + i * step;
  return make(data, [n], options);
}

/** `steps` evenly spaced values from start to end inclusive. */
export function linspace(start: number, end: number, steps: number, options?: CreateOptions): Tensor {
  if (!Number.isInteger(steps) || steps < 0)
    throw new RangeError(`linspace: steps must be a non-negative integer, got ${steps}`);
  checkTensorSize("linspace", steps);
  const data = new Float32Array(steps);
  const step = steps > 1 ? (end - start) / (steps - 1) : 0;
  // Fill from both ends so the last value is exactly `end`, as in PyTorch.
  const half = steps === 1 ? 1 : Math.floor(steps / 2);
  for (let i = 0; i < steps; i++) data[i] = i < half ? start + i * step : end - (steps - 1 - i) * step;
  if (options?.dtype === "int32") throw new DTypeError("linspace", "int32", "linspace produces float32 only");
  return make(data, [steps], options);
}

/** Identity matrix n×m (m defaults to n). */
export function eye(n: number, m = n, options?: CreateOptions): Tensor {
  const t = zeros(checkShape("eye", [n, m]), options);
  for (let i = 0; i < Math.min(n, m); i++) t.data[i * m + i] = 1;
  return t;
}

/** Uniform samples in [0, 1). */
export function rand(shape: Shape, options?: CreateOptions): Tensor {
  const s = checkShape("rand", shape);
  if (options?.dtype === "int32")
    throw new DTypeError("rand", "int32", "rand produces float32; use randint for integers");
  const data = new Float32Array(shapeSize(s));
  for (let i = 0; i < data.length; i++) data[i] = defaultGenerator.nextFloat();
  return make(data, s, options);
}

/** Standard normal samples (Box-Muller). */
export function randn(shape: Shape, options?: CreateOptions): Tensor {
  const s = checkShape("randn", shape);
  if (options?.dtype === "int32") throw new DTypeError("randn", "int32", "randn produces float32");
  const data = new Float32Array(shapeSize(s));
  for (let i = 0; i < data.length; i++) data[i] = defaultGenerator.nextNormal();
  return make(data, s, options);
}

/** Uniform int32 samples in [low, high). */
export function randint(low: number, high: number, shape: Shape): Tensor {
  const s = checkShape("randint", shape);
  if (!Number.isInteger(low) || !Number.isInteger(high)) {
    throw new TypeError(`randint: low and high must be integers, got ${low} and ${high}`);
  }
  checkIntData("randint", [low, high - 1]);
  const data = new Int32Array(shapeSize(s));
  for (let i = 0; i < data.length; i++) data[i] = defaultGenerator.nextInt(low, high);
  return new Tensor(data, s);
}

/** A random permutation of 0..n-1 (int32), by Fisher-Yates. */
export function randperm(n: number): Tensor {
  if (!Number.isInteger(n) || n < 0)
    throw new RangeError(`randperm: n must be a non-negative integer, got ${n}`);
  checkTensorSize("randperm", n);
  const data = new Int32Array(n);
  for (let i = 0; i < n; i++) data[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = defaultGenerator.nextInt(0, i + 1);
    const t = data[i]!;
    data[i] = data[j]!;
    data[j] = t;
  }
  return new Tensor(data, [n]);
}
