// parameter(): the tensor a layer registers as a trainable weight — a leaf cut from any graph with
// requiresGrad on, like torch.nn.Parameter. It is a plain Tensor, not a subclass.
import type { Tensor } from "@paramlens/tensor";

/** A leaf copy-free view of t (detached) with requiresGrad set (default true). */
export function parameter(t: Tensor, requiresGrad = true): Tensor {
  const p = t.isLeaf ? t : t.detach();
  p.requiresGrad = requiresGrad;
  return p;
}
