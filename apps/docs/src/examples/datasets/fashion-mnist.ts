// Fashion-MNIST in Node from @paramlens/datasets/node: here the subset shipped inside the package.
import { FASHION_MNIST_CLASSES } from "@paramlens/datasets";
import { loadShippedFashionMNIST } from "@paramlens/datasets/node";

// The shipped test subset: the first 100 images of each class, in the original file's order.
const test = loadShippedFashionMNIST({ split: "test" });
console.log(test.source, test.xShape); // → shipped-subset 1000,1,28,28
// The first test image of Fashion-MNIST is an ankle boot (class 9).
console.log(test.y[0], FASHION_MNIST_CLASSES[test.y[0] ?? -1]); // → 9 Ankle boot
const perClass = new Array<number>(10).fill(0);
for (const label of test.y) perClass[label] = (perClass[label] ?? 0) + 1;
console.log(perClass.every((count) => count === 100)); // → true
// Grey levels scaled to [0, 1]; `normalize: true` subtracts the training mean and divides by the std.
const lo = test.x.reduce((a, b) => Math.min(a, b));
const hi = test.x.reduce((a, b) => Math.max(a, b));
console.log(lo, hi); // → 0 1
