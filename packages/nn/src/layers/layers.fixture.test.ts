// Every layer against PyTorch: load the fixture's state dict (strict, so our parameter and buffer names
// must be PyTorch's), run forward on the same input, backward with the same upstream gradient, and
// compare output, input gradient, parameter gradients and buffers to 1e-5.
// Fixtures: fixtures/layers.json from scripts/torch-fixtures-layers.py.
import { readFileSync } from "node:fs";
import { noGrad, type Tensor } from "@paramlens/tensor";
import { describe, expect, it } from "vitest";
import type { AnyModule } from "../module";
import { expectClose, type FixtureTensor, fromFixture } from "../test-util";
import { GELU, LeakyReLU, ReLU, Sigmoid, SiLU, Softmax, Tanh } from "./activations";
import { BatchNorm1d, BatchNorm2d } from "./batch-norm";
import { Sequential } from "./containers";
import { Conv2d } from "./conv2d";
import { Embedding } from "./embedding";
import { Linear } from "./linear";
import { LayerNorm, RMSNorm } from "./norms";
import { AvgPool2d, MaxPool2d } from "./pooling";
import { Dropout, Flatten, Identity } from "./shape-layers";

interface Case {
  name: string;
  layer: string;
  // biome-ignore lint/suspicious/noExplicitAny: constructor arguments straight from JSON
  args: any[];
  training: boolean;
  state: Record<string, FixtureTensor>;
  input: FixtureTensor;
  upstream: FixtureTensor;
  output: FixtureTensor;
  gradInput: FixtureTensor | null;
  gradParams: Record<string, FixtureTensor>;
  stateAfter: Record<string, FixtureTensor>;
  second?: {
    training: boolean;
    input: FixtureTensor;
    output: FixtureTensor;
    stateAfter: Record<string, FixtureTensor>;
  };
}

const fixture = JSON.parse(readFileSync(new URL("../../fixtures/layers.json", import.meta.url), "utf8")) as {
  cases: Case[];
};

// biome-ignore lint/suspicious/noExplicitAny: constructor arguments straight from JSON
const build: Record<string, (...a: any[]) => AnyModule> = {
  Linear: (i, o, opts) => new Linear(i, o, opts),
  Conv2d: (i, o, k, opts) => new Conv2d(i, o, k, opts),
  MaxPool2d: (k, opts) => new MaxPool2d(k, opts),
  AvgPool2d: (k, opts) => new AvgPool2d(k, opts),
  Flatten: (opts) => new Flatten(opts),
  BatchNorm1d: (n, opts) => new BatchNorm1d(n, opts),
  BatchNorm2d: (n, opts) => new BatchNorm2d(n, opts),
  LayerNorm: (s, opts) => new LayerNorm(s, opts),
  RMSNorm: (s, opts) => new RMSNorm(s, opts),
  Embedding: (n, d, opts) => new Embedding(n, d, opts),
  ReLU: () => new ReLU(),
  LeakyReLU: (s) => new LeakyReLU(s),
  Sigmoid: () => new Sigmoid(),
  Tanh: () => new Tanh(),
  GELU: (opts) => new GELU(opts),
  SiLU: () => new SiLU(),
  Softmax: (d) => new Softmax(d),
  Identity: () => new Identity(),
  Dropout: (p) => new Dropout(p),
  Sequential: () => new Sequential(new Linear(4, 5), new ReLU(), new Linear(5, 2)),
};

const states = (sd: Record<string, FixtureTensor>) =>
  Object.fromEntries(Object.entries(sd).map(([k, v]) => [k, fromFixture(v)]));

describe("layers match PyTorch (fixtures/layers.json)", () => {
  it("covers every layer of part A", () => {
    expect(new Set(fixture.cases.map((c) => c.layer))).toEqual(new Set(Object.keys(build)));
  });

  for (const c of fixture.cases) {
    it(c.name, () => {
      const m = build[c.layer]!(...c.args);
      m.loadStateDict(states(c.state));
      m.train(c.training);
      const x = fromFixture(c.input);
      if (x.dtype === "float32") x.requiresGrad = true;
      const y = m.call(x) as Tensor;
      expectClose(y, c.output, "output");
      y.backward(fromFixture(c.upstream));
      if (c.gradInput) expectClose(x.grad!, c.gradInput, "grad input");
      const params = Object.fromEntries(m.namedParameters());
      expect(Object.keys(params).sort()).toEqual(Object.keys(c.gradParams).sort());
      for (const [k, g] of Object.entries(c.gradParams)) expectClose(params[k]!.grad!, g, `grad ${k}`);
      const after = m.stateDict();
      expect(Object.keys(after)).toEqual(Object.keys(c.stateAfter));
      for (const [k, v] of Object.entries(c.stateAfter)) expectClose(after[k]!, v, `state ${k}`);
      if (c.second) {
        const s = c.second;
        m.train(s.training);
        const y2 = noGrad(() => m.call(fromFixture(s.input)) as Tensor);
        expectClose(y2, s.output, "second output");
        const after2 = m.stateDict();
        for (const [k, v] of Object.entries(s.stateAfter)) expectClose(after2[k]!, v, `second state ${k}`);
      }
    });
  }
});
