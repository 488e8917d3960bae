// The two bilinear primitives behind conv2d's gradients, as recorded ops so that gradients of gradients
// work: conv2dInputGrad(dy, w) = ∂/∂x ⟨dy, conv2d(x, w)⟩ (this is also convTranspose2d) and
// conv2dWeightGrad(dy, x) = ∂/∂w ⟨dy, conv2d(x, w)⟩. Together with conv2dNoBias they are closed under
// differentiation. Not part of the public API; shapes are trusted (checked by the public ops).

import { record } from "../autograd/node";
import { backend } from "../backend/active";
import type { Conv2dGeometry } from "../kernels/conv-geometry";
import { Tensor } from "../tensor";
import { contiguous } from "./contiguous";
import { sum } from "./sum";

/** The elements of t in row-major order, without copying when t is already contiguous. */
export function flatFloat(t: Tensor): Float32Array {
  const c = contiguous(t.detach());
  return (c.data as Float32Array).subarray(c.offset, c.offset + c.size);
}

/** conv2d without bias. x [n, cIn, h, w], w [cOut, cIn/groups, kH, kW] → [n, cOut, outH, outW]. */
export function conv2dNoBias(x: Tensor, w: Tensor, g: Conv2dGeometry): Tensor {
  return conv2dWithBias(x, w, null, g);
}

/**
 * conv2d with the bias [cOut] added by the conv kernel itself (one pass over y, no broadcast add of a
 * [1, cOut, 1, 1] view afterwards). ∂bias = Σ dy over n, outH, outW.
 */
export function conv2dWithBias(x: Tensor, w: Tensor, bias: Tensor | null, g: Conv2dGeometry): Tensor {
  const y = new Tensor(
    backend().conv2dForward(flatFloat(x), flatFloat(w), bias ? flatFloat(bias) : null, g),
    [g.n, g.cOut, g.outH, g.outW],
  );
  // d conv2d(x, w) = conv2dInputGrad(dy, w) dx + conv2dWeightGrad(dy, x) dw (+ Σ dy dbias)
  if (bias === null) {
    return record(y, "conv2d", [x, w], (dy, needs) => [
      needs[0] ? conv2dInputGrad(dy, w, g) : null,
      needs[1] ? conv2dWeightGrad(dy, x, g) : null,
    ]);
  }
  return record(y, "conv2d", [x, w, bias], (dy, needs) => [
    needs[0] ? conv2dInputGrad(dy, w, g) : null,
    needs[1] ? conv2dWeightGrad(dy, x, g) : null,
    needs[2] ? sum(dy, [0, 2, 3]) : null,
  ]);
}

/** dy [n, cOut, outH, outW], w → [n, cIn, h, w]: col2im(Wᵀ · dy). */
export function conv2dInputGrad(dy: Tensor, w: Tensor, g: Conv2dGeometry): Tensor {
  const dx = new Tensor(backend().conv2dBackwardInput(flatFloat(dy), flatFloat(w), g), [
    g.n,
    g.cIn,
    g.h,
    g.w,
  ]);
  // bilinear: ⟨gx, A(dy, w)⟩ = ⟨conv2d(gx, w), dy⟩ = ⟨w, W(dy, gx)⟩
  return record(dx, "conv2dInputGrad", [dy, w], (gx, needs) => [
    needs[0] ? conv2dNoBias(gx, w, g) : null,
    needs[1] ? conv2dWeightGrad(dy, gx, g) : null,
  ]);
}

/** dy [n, cOut, outH, outW], x [n, cIn, h, w] → [cOut, cIn/groups, kH, kW]: Σ dy · im2col(x)ᵀ. */
export function conv2dWeightGrad(dy: Tensor, x: Tensor, g: Conv2dGeometry): Tensor {
  const dw = new Tensor(backend().conv2dBackwardWeight(flatFloat(dy), flatFloat(x), g), [
    g.cOut,
    g.cIn / g.groups,
    g.kH,
    g.kW,
  ]);
  // bilinear: ⟨gw, W(dy, x)⟩ = ⟨dy, conv2d(x, gw)⟩ = ⟨x, conv2dInputGrad(dy, gw)⟩
  return record(dw, "conv2dWeightGrad", [dy, x], (gw, needs) => [
    needs[0] ? conv2dNoBias(x, gw, g) : null,
    needs[1] ? conv2dInputGrad(dy, gw, g) : null,
  ]);
}
