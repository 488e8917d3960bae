// Ops with PyTorch's names and semantics: einsum, sort/topk, cumsum, tril/triu, maskedFill, scatter and
// interpolate. Each is differentiable (sort and topk through their values) and checked against PyTorch.
import {
  cumsum,
  einsum,
  interpolate,
  maskedFill,
  ones,
  scatter,
  sort,
  tensor,
  topk,
  triu,
  zeros,
} from "@paramlens/tensor";

const a = tensor([
  [1, 2],
  [3, 4],
]);
console.log(JSON.stringify(einsum("ij,jk->ik", a, a).toNested())); // → [[7,10],[15,22]]
console.log(einsum("ii", a).item()); // → 5

// stable: among equal values the earlier position comes first; indices are int32
const { values, indices } = topk(tensor([1, 3, 3, 2, 3]), 2);
console.log(`${values.toArray()} at ${indices.toArray()} (${indices.dtype})`); // → 3,3 at 1,2 (int32)

const running = cumsum(tensor([1, 2, 3, 4]), 0);
console.log(running.toArray().join(" ")); // → 1 3 6 10

// a causal attention mask: −∞ above the diagonal
const mask = maskedFill(zeros([3, 3]), triu(ones([3, 3]), 1), Number.NEGATIVE_INFINITY);
console.log(mask.toArray().join(" ")); // → 0 -Infinity -Infinity 0 0 -Infinity 0 0 0

const hot = scatter(zeros([2, 4]), 1, tensor([[1], [3]], { dtype: "int32" }), 1);
console.log(JSON.stringify(hot.toNested())); // → [[0,1,0,0],[0,0,0,1]]

const line = tensor([[[0, 10, 20]]]); // [N, C, L]
const stretched = interpolate(line, { size: 5, mode: "linear", alignCorners: true });
console.log(stretched.toArray().join(" ")); // → 0 5 10 15 20

// gradients flow back through the sort to where each value came from
const x = tensor([3, 1, 2], { requiresGrad: true });
sort(x)
  .values.mul(tensor([1, 10, 100]))
  .sum()
  .backward();
console.log(x.grad!.toArray().join(" ")); // → 100 1 10
