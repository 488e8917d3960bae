// Seeded synthetic sets: plain typed arrays with their shape, classes interleaved, the same for the same seed.
import { makeBlobs, makeMoons, makeSpirals, trainTestSplit } from "@paramlens/datasets";

const moons = makeMoons({ n: 200, noise: 0.1, seed: 0 });
console.log(moons.xShape, moons.numClasses); // → 200,2 2
// Two classes of equal size: 100 ones among the 200 labels.
console.log(moons.y.reduce((sum, label) => sum + label, 0)); // → 100
// The same seed gives the same points, in Node and in browsers.
const again = makeMoons({ n: 200, noise: 0.1, seed: 0 });
console.log(again.x.every((v, i) => v === moons.x[i])); // → true

const spirals = makeSpirals({ n: 300, classes: 3 }); // three arms, one turn each
console.log(spirals.xShape, spirals.numClasses); // → 300,2 3

// Explicit centres: two 3-d Gaussians, far apart.
const blobs = makeBlobs({
  n: 10,
  centers: [
    [0, 0, 0],
    [9, 9, 9],
  ],
  std: 0.5,
});
console.log(blobs.xShape); // → 10,3

const { train, test } = trainTestSplit(moons, { testFraction: 0.25, seed: 1 });
console.log(train.xShape, test.xShape); // → 150,2 50,2
