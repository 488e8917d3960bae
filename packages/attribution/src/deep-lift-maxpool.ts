// DeepLIFT's multiplier for a MaxPool2d module, the rule Captum applies (`maxpool` in
// captum/attr/_core/deep_lift.py). With y = pool(x), y0 = pool(x0) and M = max(y, y0) per output cell:
//   U = unpool_x(g ⊙ (M − y0)) + unpool_x0(g ⊙ (y − M)),   multiplier-gradient = U / (x − x0)
// (the plain gradient where |x − x0| < eps); unpool_x scatters to the argmax of x's window, unpool_x0 to
// x0's. Exactly one term is non-zero per cell and it lands where x − x0 has the same sign, so each cell
// contributes y − y0 to Σ (x − x0) ⊙ gradient: summation-to-delta survives the max switching between the
// input and the reference. g (the gradient reaching the pool output) is the input pass's; Captum's ref half
// carries the same g. Overlapping windows (stride < kernel) accumulate with scatterAdd, where Captum's
// max_unpool would overwrite. Does not handle dilation or ceil mode (our MaxPool2d has neither).
import type { MaxPool2d } from "@paramlens/nn";
import {
  maximum,
  maxPool2dWithIndices,
  noGrad,
  scatterAdd,
  type Tensor,
  where,
  zeros,
} from "@paramlens/tensor";

/**
 * The gradient to hand back in place of MaxPool2d's: x, x0 [N, C, H, W] the module's inputs on the input and
 * reference passes, gIn [N, C, H, W] its plain gradient, gOut [N, C, H_out, W_out] the incoming gradient.
 */
export function maxPoolMultiplierGrad(
  mod: MaxPool2d,
  x: Tensor,
  x0: Tensor,
  gIn: Tensor,
  gOut: Tensor,
  eps: number,
): Tensor {
  return noGrad(() => {
    const opts = { kernelSize: mod.kernelSize, stride: mod.stride, padding: mod.padding };
    const px = maxPool2dWithIndices(x, opts); // values, indices [N, C, H_out, W_out]
    const p0 = maxPool2dWithIndices(x0, opts);
    const [n, c, h, w] = x.shape as [number, number, number, number];
    const cells = [n, c, px.values.shape[2]! * px.values.shape[3]!]; // [N, C, H_out·W_out]
    const top = maximum(px.values, p0.values); // the cross maximum M
    const fromX = gOut.mul(top.sub(p0.values)).reshape(cells); // y ≥ y0: the input's argmax carries y − y0
    const fromRef = gOut.mul(px.values.sub(top)).reshape(cells); // y0 > y: the reference's argmax does
    let u = scatterAdd(zeros([n, c, h * w]), 2, px.indices.reshape(cells), fromX); // [N, C, H·W]
    u = scatterAdd(u, 2, p0.indices.reshape(cells), fromRef).reshape([n, c, h, w]);
    const dx = x.sub(x0);
    const far = dx.abs().gt(eps); // 1 where the multiplier is defined
    return where(far, u.div(where(far, dx, 1)), gIn);
  });
}
