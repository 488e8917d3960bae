// Conversion between nested JS arrays and flat row-major data. Validates raggedness and element types.
import { ShapeError } from "./errors";
import type { Shape } from "./shape";

export type NestedArray = number | boolean | readonly NestedArray[];

/** What toNested() returns: a number for 0-d tensors, nested arrays of numbers otherwise. */
export type NestedNumbers = number | NestedNumbers[];

/** Infers the shape of a nested array, throwing on ragged input or non-numeric leaves. */
export function inferShape(op: string, data: NestedArray): number[] {
  const shape: number[] = [];
  let cur: NestedArray = data;
  while (Array.isArray(cur)) {
    shape.push(cur.length);
    if (cur.length === 0) break;
    cur = cur[0] as NestedArray;
  }
  checkNested(op, data, shape, 0, []);
  return shape;
}

function checkNested(op: string, data: NestedArray, shape: number[], depth: number, path: number[]): void {
  const where = path.length ? `at [${path.join("][")}]` : "at the top level";
  if (depth === shape.length) {
    if (typeof data !== "number" && typeof data !== "boolean") {
      throw new TypeError(
        `${op}: expected a number ${where}, got ${Array.isArray(data) ? "an array (ragged nesting)" : typeof data}`,
      );
    }
    return;
  }
  if (!Array.isArray(data) || data.length !== shape[depth]) {
    throw new ShapeError(
      "SHAPE_MISMATCH",
      op,
      [shape],
      `ragged nested array: expected ${shape[depth]} elements ${where}, got ${Array.isArray(data) ? data.length : "a scalar"}`,
    );
  }
  for (let i = 0; i < data.length; i++)
    checkNested(op, data[i] as NestedArray, shape, depth + 1, [...path, i]);
}

/** Writes the leaves of a (validated) nested array into `out` in row-major order. */
export function flattenNested(data: NestedArray, out: { [i: number]: number }): void {
  let i = 0;
  const walk = (d: NestedArray): void => {
    if (Array.isArray(d)) for (const x of d) walk(x as NestedArray);
    else out[i++] = Number(d);
  };
  walk(data);
}

/** Rebuilds nested arrays from flat row-major values. */
export function toNestedArray(values: ArrayLike<number>, shape: Shape): NestedNumbers {
  if (shape.length === 0) return values[0]!;
  let i = 0;
  const build = (d: number): NestedNumbers[] => {
    const n = shape[d]!;
    const out = new Array<NestedNumbers>(n);
    for (let k = 0; k < n; k++) out[k] = d === shape.length - 1 ? values[i++]! : build(d + 1);
    return out;
  };
  return build(0);
}
