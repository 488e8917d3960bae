// Create tensors, look at their shape and read them back; views share memory with their base.
import { arange, tensor, zeros } from "@paramlens/tensor";

const x = tensor([
  [1, 2, 3],
  [4, 5, 6],
]); // [2, 3]
console.log(x.shape); // → 2,3
console.log(x.dtype); // → float32
console.log(x.sum().item()); // → 21
// transpose is a view: no copy, the strides change.
console.log(JSON.stringify(x.transpose(0, 1).toNested())); // → [[1,4],[2,5],[3,6]]
console.log(arange(0, 6).reshape([2, 3]).toArray()); // → 0,1,2,3,4,5
console.log(zeros([2], { dtype: "int32" }).dtype); // → int32
// Method chains read like PyTorch: mean over dim 1 of [2, 3] gives [2].
console.log(x.mean(1).toArray()); // → 2,5
