// Occlusion: slide a baseline patch over the input and record how much the output drops.
import { Occlusion } from "@paramlens/attribution";
import { type Tensor, zeros } from "@paramlens/tensor";

// A 1×4×4 "image", dark except a bright 2×2 patch at the top left.
const image = zeros([1, 1, 4, 4]); // [N, C, H, W]
image.slice(2, 0, 2).slice(3, 0, 2).fill_(1);
// The "model" scores an image by its total brightness: [N, 1, 4, 4] → [N].
const brightness = (x: Tensor) => x.sum([1, 2, 3]);
console.log(brightness(image).item()); // → 4

// 2×2 windows with stride 2 tile the image; covering the bright patch removes all 4 of the score.
const { attributions } = new Occlusion(brightness).attribute(image, {
  slidingWindowShapes: [1, 2, 2], // over one example's [C, H, W]
  strides: [1, 2, 2],
  baselines: 0,
});
const map = attributions.reshape([4, 4]); // [H, W]
console.log(map.select(0, 0).toArray()); // → 4,4,0,0
console.log(map.select(0, 3).toArray()); // → 0,0,0,0
