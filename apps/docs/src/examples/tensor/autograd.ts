// Reverse-mode autograd: mark leaves, call backward(), read .grad; grad() for gradients without .grad.
import { grad, noGrad, tensor } from "@paramlens/tensor";

// loss = Σ w·x² = 0.5·1 − 1·4 + 2·9 = 14.5, so ∂loss/∂x = 2·w·x and ∂loss/∂w = x².
const x = tensor([1, 2, 3]).requiresGrad_();
const w = tensor([0.5, -1, 2]).requiresGrad_();
const loss = w.mul(x.square()).sum();
console.log(loss.item()); // → 14.5
loss.backward();
console.log(x.grad?.toArray()); // → 1,-4,12
console.log(w.grad?.toArray()); // → 1,4,9

// grad() returns the gradient of y = tanh(z) at z = 0 (1 − tanh² = 1) without filling .grad.
const z = tensor([0]).requiresGrad_();
const [dz] = grad(z.tanh().sum(), [z]);
console.log(dz?.toArray(), z.grad); // → 1 null

// Inside noGrad nothing is recorded, e.g. for an optimizer step.
const y = noGrad(() => x.mul(2));
console.log(y.requiresGrad); // → false
