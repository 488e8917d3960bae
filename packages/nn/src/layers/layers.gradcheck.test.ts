// gradcheck through every layer, w.r.t. the input and every parameter (small shapes; float64 central
// differences of the float32 function, as tensor's gradcheck does). Inputs are kept away from kinks
// (ReLU at 0, max-pool ties).
import { manualSeed, randn, type Tensor, tensor } from "@paramlens/tensor";
import { describe, it } from "vitest";
import type { AnyModule } from "../module";
import { expectModuleGradcheck } from "../test-util";
import { GELU, LeakyReLU, ReLU, Sigmoid, SiLU, Softmax, Tanh } from "./activations";
import { BatchNorm1d, BatchNorm2d } from "./batch-norm";
import { ModuleDict, ModuleList, Sequential } from "./containers";
import { Conv2d } from "./conv2d";
import { Embedding } from "./embedding";
import { Linear } from "./linear";
import { LayerNorm, RMSNorm } from "./norms";
import { AvgPool2d, MaxPool2d } from "./pooling";
import { Dropout, Flatten, Identity } from "./shape-layers";

/** randn with every |value| ≥ 0.1 so no element sits on a kink. */
function awayFromZero(shape: number[]): Tensor {
  const t = randn(shape);
  const d = t.data;
  for (let i = 0; i < d.length; i++) if (Math.abs(d[i]!) < 0.1) d[i] = d[i]! < 0 ? -0.1 : 0.1;
  return t;
}

/** distinct, well-separated values so a max-pool window never has a near tie */
function distinct(shape: number[]): Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  const perm = randn([n])
    .toArray()
    .map((v, i) => [v, i] as const)
    .sort((a, b) => a[0] - b[0]);
  const data = new Float32Array(n);
  perm.forEach(([, i], rank) => {
    data[i] = rank * 0.1;
  });
  return tensor(Array.from(data)).reshape(shape);
}

const cases: [string, () => AnyModule, () => Tensor[]][] = [
  ["Linear", () => new Linear(3, 2), () => [randn([2, 3])]],
  ["Linear (3-d input, no bias)", () => new Linear(3, 2, { bias: false }), () => [randn([2, 2, 3])]],
  ["Conv2d", () => new Conv2d(2, 2, 3, { padding: 1 }), () => [randn([1, 2, 4, 4])]],
  [
    "Conv2d (stride, dilation, groups)",
    () => new Conv2d(4, 2, 2, { stride: 2, dilation: 2, padding: 1, groups: 2 }),
    () => [randn([1, 4, 5, 5])],
  ],
  ["MaxPool2d", () => new MaxPool2d(2), () => [distinct([1, 2, 4, 4])]],
  [
    "MaxPool2d (stride 1, padding)",
    () => new MaxPool2d(3, { stride: 1, padding: 1 }),
    () => [distinct([1, 1, 4, 4])],
  ],
  ["AvgPool2d", () => new AvgPool2d(3, { stride: 2, padding: 1 }), () => [randn([1, 2, 5, 5])]],
  [
    "AvgPool2d (countIncludePad false)",
    () => new AvgPool2d(2, { padding: 1, countIncludePad: false }),
    () => [randn([1, 1, 3, 3])],
  ],
  ["Flatten", () => new Flatten(), () => [randn([2, 2, 3])]],
  ["Identity", () => new Identity(), () => [randn([2, 3])]],
  ["BatchNorm1d (train)", () => new BatchNorm1d(3), () => [randn([4, 3])]],
  ["BatchNorm1d (train, 3-d)", () => new BatchNorm1d(2), () => [randn([3, 2, 3])]],
  ["BatchNorm2d (train)", () => new BatchNorm2d(2), () => [randn([2, 2, 3, 3])]],
  ["BatchNorm2d (eval)", () => new BatchNorm2d(2).eval(), () => [randn([2, 2, 2, 2])]],
  ["LayerNorm", () => new LayerNorm(4), () => [randn([3, 4])]],
  ["LayerNorm (2 dims)", () => new LayerNorm([2, 3]), () => [randn([2, 2, 3])]],
  ["RMSNorm", () => new RMSNorm(4), () => [randn([3, 4])]],
  ["ReLU", () => new ReLU(), () => [awayFromZero([3, 4])]],
  ["LeakyReLU", () => new LeakyReLU(0.3), () => [awayFromZero([3, 4])]],
  ["Sigmoid", () => new Sigmoid(), () => [randn([3, 4])]],
  ["Tanh", () => new Tanh(), () => [randn([3, 4])]],
  ["GELU", () => new GELU(), () => [randn([3, 4])]],
  ["GELU (tanh)", () => new GELU({ approximate: "tanh" }), () => [randn([3, 4])]],
  ["SiLU", () => new SiLU(), () => [randn([3, 4])]],
  ["Softmax", () => new Softmax(0), () => [randn([3, 4])]],
  ["Sequential", () => new Sequential(new Linear(3, 4), new Tanh(), new Linear(4, 2)), () => [randn([2, 3])]],
];

describe("gradcheck through every layer (input and parameters)", () => {
  for (const [name, make, inputs] of cases) {
    it(name, () => {
      manualSeed(11);
      expectModuleGradcheck(make(), inputs());
    });
  }

  // With paddingIdx the padding row is deliberately given no gradient (it is not trained), so finite
  // differences disagree there by design; layers.test.ts checks that row's zero gradient instead.
  it("Embedding (w.r.t. the weight, repeated ids accumulate)", () => {
    manualSeed(12);
    expectModuleGradcheck(new Embedding(4, 3), [
      tensor(
        [
          [3, 1],
          [3, 0],
        ],
        { dtype: "int32" },
      ),
    ]);
  });

  it("Dropout (train mode, the same mask for every evaluation)", () => {
    manualSeed(13);
    expectModuleGradcheck(new Dropout(0.4), [randn([4, 5])], { before: () => manualSeed(99) });
  });

  it("modules inside ModuleList / ModuleDict", () => {
    manualSeed(14);
    const list = new ModuleList([new Linear(2, 2), new Linear(2, 1)]);
    expectModuleGradcheck(list.at(-1), [randn([3, 2])]);
    const dict = new ModuleDict({ norm: new LayerNorm(3) });
    expectModuleGradcheck(dict.get("norm"), [randn([2, 3])]);
  });
});
