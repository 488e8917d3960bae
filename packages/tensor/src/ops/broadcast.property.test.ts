// Property tests: elementwise ops, reductions and copies over random shapes, random strided views
// (permuted, stepped slices, expanded) and random broadcasting, against a naive per-element reference
// that reads `data` through the strides directly (independent of the row walker used by the kernels).
import fc from "fast-check";
import { describe, it } from "vitest";
import { add, manualSeed, max, mul, randn, sum, type Tensor, where } from "../index";
import { expectClose } from "../test-util";

/** Element at a logical index, straight from the strides. */
function at(t: Tensor, idx: readonly number[]): number {
  let p = t.offset;
  for (let d = 0; d < t.ndim; d++) p += idx[d]! * t.strides[d]!;
  return t.data[p]!;
}

/** Every logical index of `shape` in row-major order. */
function* indices(shape: readonly number[]): Generator<number[]> {
  const n = shape.reduce((a, b) => a * b, 1);
  const idx = new Array<number>(shape.length).fill(0);
  for (let e = 0; e < n; e++) {
    yield [...idx];
    for (let d = shape.length - 1; d >= 0; d--) {
      idx[d] = idx[d]! + 1;
      if (idx[d]! < shape[d]!) break;
      idx[d] = 0;
    }
  }
}

/** Reads t as if broadcast to `shape` (size-1 and missing leading dims repeat). */
function atBroadcast(t: Tensor, idx: readonly number[]): number {
  const lead = idx.length - t.ndim;
  return at(
    t,
    t.shape.map((s, i) => (s === 1 ? 0 : idx[lead + i]!)),
  );
}

interface ViewSpec {
  shape: number[];
  perm: number[];
  step: number;
  seed: number;
}

const viewSpec = fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 4 }).chain((shape) =>
  fc.record({
    shape: fc.constant(shape),
    perm: fc.shuffledSubarray(
      shape.map((_, i) => i),
      { minLength: shape.length, maxLength: shape.length },
    ),
    step: fc.integer({ min: 1, max: 2 }),
    seed: fc.integer({ min: 0, max: 1000 }),
  }),
);

/** A random strided view whose logical shape is spec.shape permuted; the last dim may be a stepped slice. */
function makeView(spec: ViewSpec): Tensor {
  manualSeed(spec.seed);
  const base = randn(spec.shape.map((s, i) => (i === spec.shape.length - 1 ? s * spec.step : s)));
  const sliced = base.slice(-1, 0, undefined, spec.step);
  return sliced.permute(spec.perm);
}

/** Random partner shape that broadcasts against `shape`: drops leading dims and sets some dims to 1. */
const partner = (shape: number[], drop: number, ones: boolean[]) =>
  shape.slice(Math.min(drop, shape.length)).map((s, i) => (ones[i] ? 1 : s));

describe("broadcasting and strided views (property)", () => {
  it("add/mul/where match the naive reference", () => {
    fc.assert(
      fc.property(
        viewSpec,
        fc.integer({ min: 0, max: 2 }),
        fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }),
        fc.boolean(),
        (spec, drop, ones, expandIt) => {
          const a = makeView(spec);
          const bShape = partner([...a.shape], drop, ones);
          manualSeed(spec.seed + 1);
          // Either a plain tensor or an expanded (stride-0) view of the same logical values.
          const b = expandIt ? randn(bShape.map(() => 1)).expand(bShape) : randn(bShape);
          const shape = a.shape;
          const sumRef: number[] = [];
          const mulRef: number[] = [];
          const whereRef: number[] = [];
          for (const idx of indices(shape)) {
            const x = atBroadcast(a, idx);
            const y = atBroadcast(b, idx);
            sumRef.push(Math.fround(x + y));
            mulRef.push(Math.fround(x * y));
            whereRef.push(x > 0 ? x : y);
          }
          expectClose(add(a, b).toArray(), sumRef, 0, 0);
          expectClose(mul(b, a).toArray(), mulRef, 0, 0);
          expectClose(where(a.gt(0), a, b).toArray(), whereRef, 0, 0);
        },
      ),
      { numRuns: 150 },
    );
  });

  it("sum/max over random axes match the naive reference", () => {
    fc.assert(
      fc.property(
        viewSpec,
        fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }),
        fc.boolean(),
        (spec, pick, keep) => {
          const x = makeView(spec);
          const dims = x.shape.map((_, i) => i).filter((i) => pick[i]);
          const outShape = x.shape.map((s, i) => (dims.includes(i) ? 1 : s));
          const sums = new Map<string, number>();
          const maxes = new Map<string, number>();
          for (const idx of indices(x.shape)) {
            const key = idx.map((v, i) => (dims.includes(i) ? 0 : v)).join(",");
            const v = at(x, idx);
            sums.set(key, (sums.get(key) ?? 0) + v);
            maxes.set(key, Math.max(maxes.get(key) ?? -Infinity, v));
          }
          const keys = [...indices(outShape)].map((i) => i.join(","));
          const s = sum(x, dims, keep);
          const m = max(x, dims, keep);
          expectClose(
            s.toArray(),
            keys.map((k) => sums.get(k)!),
            1e-5,
            1e-5,
          );
          expectClose(
            m.toArray(),
            keys.map((k) => maxes.get(k)!),
            0,
            0,
          );
          const wantShape = keep ? outShape : x.shape.filter((_, i) => !dims.includes(i));
          if (s.shape.join() !== wantShape.join()) throw new Error(`shape ${s.shape} vs ${wantShape}`);
        },
      ),
      { numRuns: 150 },
    );
  });

  it("contiguous() and reshape of a strided view preserve logical order", () => {
    fc.assert(
      fc.property(viewSpec, (spec) => {
        const x = makeView(spec);
        const want = [...indices(x.shape)].map((i) => at(x, i));
        expectClose(x.contiguous().toArray(), want, 0, 0);
        expectClose(x.reshape([-1]).toArray(), want, 0, 0);
      }),
      { numRuns: 150 },
    );
  });
});
