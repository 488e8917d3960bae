// NumPy broadcasting: shapes align on the right, a size-1 dim stretches, anything else is a ShapeError.
import { broadcastShapes, ShapeError, tensor } from "@paramlens/tensor";

const row = tensor([1, 2, 3]); // [3]
const col = tensor([[10], [20]]); // [2, 1]
const sum = col.add(row); // [2, 1] + [3] → [2, 3]
console.log(sum.shape); // → 2,3
console.log(JSON.stringify(sum.toNested())); // → [[11,12,13],[21,22,23]]
// broadcastShapes takes the op name for its error message, then the shapes.
console.log(broadcastShapes("add", [2, 3, 4], [3, 1])); // → 2,3,4

try {
  tensor([
    [1, 2, 3],
    [4, 5, 6],
  ]).add(tensor([1, 2])); // [2, 3] + [2]: 3 and 2 do not fit
} catch (e) {
  console.log(e instanceof ShapeError, (e as ShapeError).code); // → true BROADCAST
}
