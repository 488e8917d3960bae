// Conv1d and GroupNorm against PyTorch, as layers.fixture.test.ts does for the other layers: load the
// fixture's state dict (strict, so parameter names are PyTorch's), run forward on the same input,
// backward with the same upstream gradient, compare output, input and parameter gradients.
// Fixtures: fixtures/layers-extra.json from scripts/torch-fixtures-layers-extra.py.
import { readFileSync } from "node:fs";
import type { Tensor } from "@paramlens/tensor";
import { describe, expect, it } from "vitest";
import type { AnyModule } from "../module";
import { expectClose, type FixtureTensor, fromFixture } from "../test-util";
import { Conv1d } from "./conv1d";
import { GroupNorm } from "./group-norm";

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
  gradInput: FixtureTensor;
  gradParams: Record<string, FixtureTensor>;
  stateAfter: Record<string, FixtureTensor>;
}

const fixture = JSON.parse(
  readFileSync(new URL("../../fixtures/layers-extra.json", import.meta.url), "utf8"),
) as { cases: Case[] };

// biome-ignore lint/suspicious/noExplicitAny: constructor arguments straight from JSON
const build: Record<string, (...a: any[]) => AnyModule> = {
  Conv1d: (i, o, k, opts) => new Conv1d(i, o, k, opts),
  GroupNorm: (g, c, opts) => new GroupNorm(g, c, opts),
};

const states = (sd: Record<string, FixtureTensor>) =>
  Object.fromEntries(Object.entries(sd).map(([k, v]) => [k, fromFixture(v)]));

describe("Conv1d and GroupNorm match PyTorch (fixtures/layers-extra.json)", () => {
  it("covers both layers", () => {
    expect(new Set(fixture.cases.map((c) => c.layer))).toEqual(new Set(Object.keys(build)));
  });

  for (const c of fixture.cases) {
    it(c.name, () => {
      const m = build[c.layer]!(...c.args);
      m.loadStateDict(states(c.state));
      m.train(c.training);
      const x = fromFixture(c.input);
      x.requiresGrad = true;
      const y = m.call(x) as Tensor;
      expectClose(y, c.output, "output");
      y.backward(fromFixture(c.upstream));
      expectClose(x.grad!, c.gradInput, "grad input");
      const params = Object.fromEntries(m.namedParameters());
      expect(Object.keys(params).sort()).toEqual(Object.keys(c.gradParams).sort());
      for (const [k, g] of Object.entries(c.gradParams)) expectClose(params[k]!.grad!, g, `grad ${k}`);
      expect(Object.keys(m.stateDict())).toEqual(Object.keys(c.stateAfter));
    });
  }
});
