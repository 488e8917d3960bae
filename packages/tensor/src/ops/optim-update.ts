// In-place optimizer steps on parameter tensors through the active backend's fused kernels: one pass
// over p, its gradient and its state buffers, no temporaries (torch.optim.SGD / Adam / AdamW update
// rules, https://pytorch.org/docs/stable/optim.html). For optimizers in @paramlens/nn: they own the state
// tensors and the step count. Not recorded by autograd; refuses to run on a parameter that requires grad
// while recording (wrap the step in noGrad, as for copy_).
import { isGradEnabled } from "../autograd/grad-mode";
import { bumpVersion } from "../autograd/version";
import { backend } from "../backend/active";
import { AutogradError, ShapeError } from "../errors";
import { formatShape, sameShape } from "../shape";
import type { Tensor } from "../tensor";
import { requireFloat } from "./elementwise-op";

export interface SgdStepOptions {
  lr: number;
  momentum?: number;
  dampening?: number;
  weightDecay?: number;
  nesterov?: boolean;
  /** True on the first step with momentum: the velocity becomes the gradient (PyTorch's buffer init). */
  firstStep?: boolean;
}

export interface AdamStepOptions {
  lr: number;
  /** Default 0.9. */
  beta1?: number;
  /** Default 0.999. */
  beta2?: number;
  /** Default 1e-8. */
  eps?: number;
  weightDecay?: number;
  /** AdamW: decay the parameter by lr·wd instead of adding wd·p to the gradient. */
  decoupled?: boolean;
  /** 1-based step count (bias correction). */
  step: number;
}

/** The dense float32 elements of t, checked to be contiguous and shaped like p. */
function buffer(op: string, name: string, p: Tensor, t: Tensor): Float32Array {
  requireFloat(op, t);
  if (!sameShape(t.shape, p.shape)) {
    throw new ShapeError("SHAPE_MISMATCH", op, [p.shape, t.shape], `${name} must have the parameter's shape`);
  }
  if (!t.isContiguous) throw new RangeError(`${op}: ${name} ${formatShape(t.shape)} must be contiguous`);
  return (t.data as Float32Array).subarray(t.offset, t.offset + t.size);
}

function checkParam(op: string, p: Tensor): Float32Array {
  if (isGradEnabled() && p.requiresGrad) {
    throw new AutogradError(
      "IN_PLACE",
      op,
      "in-place update of a parameter that requires grad while recording; wrap it in noGrad(() => …)",
    );
  }
  const data = buffer(op, "param", p, p);
  bumpVersion(p.data);
  return data;
}

function finite(op: string, name: string, v: number): number {
  if (typeof v !== "number" || !Number.isFinite(v))
    throw new RangeError(`${op}: ${name} must be finite, got ${v}`);
  return v;
}

/**
 * p ← SGD step(p, grad, velocity) in place; velocity (same shape) is required when momentum ≠ 0 and is
 * updated in place too.
 */
export function sgdStep_(
  param: Tensor,
  grad: Tensor,
  velocity: Tensor | null,
  options: SgdStepOptions,
): Tensor {
  const op = "sgdStep_";
  const p = checkParam(op, param);
  const g = buffer(op, "grad", param, grad);
  const momentum = finite(op, "momentum", options.momentum ?? 0);
  if (momentum !== 0 && !velocity)
    throw new RangeError(`${op}: momentum = ${momentum} needs a velocity tensor`);
  const v = momentum !== 0 && velocity ? buffer(op, "velocity", param, velocity) : null;
  if (v) bumpVersion(velocity!.data);
  backend().sgdUpdate(p, g, v, {
    lr: finite(op, "lr", options.lr),
    momentum,
    dampening: finite(op, "dampening", options.dampening ?? 0),
    weightDecay: finite(op, "weightDecay", options.weightDecay ?? 0),
    nesterov: options.nesterov === true,
    firstStep: options.firstStep === true,
  });
  return param;
}

/** p ← Adam/AdamW step(p, grad, m, v) in place; m and v (same shape, zeros before step 1) updated in place. */
export function adamStep_(
  param: Tensor,
  grad: Tensor,
  m: Tensor,
  v: Tensor,
  options: AdamStepOptions,
): Tensor {
  const op = "adamStep_";
  const p = checkParam(op, param);
  const g = buffer(op, "grad", param, grad);
  const md = buffer(op, "m", param, m);
  const vd = buffer(op, "v", param, v);
  if (md.buffer === vd.buffer && md.byteOffset === vd.byteOffset)
    throw new RangeError(`${op}: m and v must be different tensors`);
  if (!Number.isInteger(options.step) || options.step < 1)
    throw new RangeError(`${op}: step must be an integer ≥ 1 (1-based), got ${options.step}`);
  bumpVersion(m.data);
  bumpVersion(v.data);
  backend().adamUpdate(p, g, md, vd, {
    lr: finite(op, "lr", options.lr),
    beta1: finite(op, "beta1", options.beta1 ?? 0.9),
    beta2: finite(op, "beta2", options.beta2 ?? 0.999),
    eps: finite(op, "eps", options.eps ?? 1e-8),
    weightDecay: finite(op, "weightDecay", options.weightDecay ?? 0),
    decoupled: options.decoupled === true,
    step: options.step,
  });
  return param;
}
