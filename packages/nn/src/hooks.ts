// Hook plumbing for Module.call: removable handles, and the identity "packing" that lets one tensor
// gradient hook see the gradients of all of a module's inputs (or outputs) at once, which is how
// full backward hooks get (gradInput, gradOutput) without an autograd node of their own.
// It does not decide when hooks run; module.ts does.
import { concat, reshape, slice, type Tensor } from "@paramlens/tensor";

/** Returned by every register…Hook; `remove()` unregisters (idempotent). */
export interface RemovableHandle {
  remove(): void;
}

/** Pushes fn onto list and returns a handle that takes it off again. */
export function addHook<F>(list: F[], fn: F): RemovableHandle {
  list.push(fn);
  return {
    remove: () => {
      const i = list.indexOf(fn);
      if (i >= 0) list.splice(i, 1);
    },
  };
}

/**
 * Routes tensors through one packed tensor: returns new tensors equal to `ts` (which must all require
 * grad) that are views of `packed`, so a hook on `packed` receives every tensor's gradient in one call.
 * One tensor: packed = reshape(t) (an identity op). Several: packed = concat of their flattenings.
 */
export function packTensors(ts: readonly Tensor[]): { packed: Tensor; unpacked: Tensor[] } {
  if (ts.length === 1) {
    const t = ts[0]!;
    const packed = reshape(t, t.shape);
    return { packed, unpacked: [packed] };
  }
  const packed = concat(
    ts.map((t) => reshape(t, [t.size])),
    0,
  );
  let at = 0;
  const unpacked = ts.map((t) => {
    const part = reshape(slice(packed, 0, at, at + t.size), t.shape);
    at += t.size;
    return part;
  });
  return { packed, unpacked };
}

/** Splits a packed gradient [Σ sizes] (or the one tensor's shape) back into per-tensor gradients. */
export function unpackGrad(g: Tensor, ts: readonly Tensor[]): Tensor[] {
  if (ts.length === 1) return [g];
  let at = 0;
  return ts.map((t) => {
    const part = reshape(slice(g, 0, at, at + t.size), t.shape);
    at += t.size;
    return part;
  });
}

/** Inverse of unpackGrad: per-tensor gradients (null = zeros) into one packed gradient. */
export function packGrads(
  gs: readonly (Tensor | null)[],
  ts: readonly Tensor[],
  zerosLike: (t: Tensor) => Tensor,
): Tensor {
  const parts = ts.map((t, i) => gs[i] ?? zerosLike(t));
  if (ts.length === 1) return parts[0]!;
  return concat(
    parts.map((p) => reshape(p, [p.size])),
    0,
  );
}
