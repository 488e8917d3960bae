import { randn, type Tensor, tensor } from "@paramlens/tensor";
import { describe, expect, it } from "vitest";
import { ReLU } from "./layers/activations";
import { BatchNorm2d } from "./layers/batch-norm";
import { Sequential } from "./layers/containers";
import { Conv2d } from "./layers/conv2d";
import { Embedding } from "./layers/embedding";
import { Linear } from "./layers/linear";
import { LayerNorm } from "./layers/norms";
import { MaxPool2d } from "./layers/pooling";
import { Dropout, Flatten } from "./layers/shape-layers";
import { Module } from "./module";
import { countParameters } from "./parameter-count";
import { summary } from "./summary";
import { formatSummary } from "./summary-format";

function cnn(): Sequential {
  return Sequential.named({
    features: new Sequential(
      new Conv2d(1, 4, 3, { padding: 1 }),
      new BatchNorm2d(4),
      new ReLU(),
      new MaxPool2d(2),
    ),
    flatten: new Flatten(),
    head: new Linear(4 * 4 * 4, 10),
  });
}

class TinyLM extends Module {
  emb: Embedding;
  norm: LayerNorm;
  head: Linear;
  constructor() {
    super();
    this.emb = this.registerModule("emb", new Embedding(7, 3));
    this.norm = this.registerModule("norm", new LayerNorm(3));
    this.head = this.registerModule("head", new Linear(3, 7, { bias: false }));
    this.head.registerParameter("weight", this.emb.weight); // tied, as GPT-2's LM head
  }
  override forward(ids: Tensor) {
    return this.head.call(this.norm.call(this.emb.call(ids)));
  }
}

describe("summary", () => {
  it("gives each module's output shape and own weight/bias counts (hand-computed)", () => {
    const s = summary(cnn(), [2, 1, 8, 8]);
    expect(
      s.rows.map((r) => [r.path, r.type, r.depth, r.outputShape, r.weightParams, r.biasParams, r.trainable]),
    ).toEqual([
      ["", "Sequential", 0, [2, 10], 0, 0, "--"],
      ["features", "Sequential", 1, [2, 4, 4, 4], 0, 0, "--"],
      ["features.0", "Conv2d", 2, [2, 4, 8, 8], 4 * 1 * 3 * 3, 4, "yes"],
      ["features.1", "BatchNorm2d", 2, [2, 4, 8, 8], 4, 4, "yes"],
      ["features.2", "ReLU", 2, [2, 4, 8, 8], 0, 0, "--"],
      ["features.3", "MaxPool2d", 2, [2, 4, 4, 4], 0, 0, "--"],
      ["flatten", "Flatten", 1, [2, 64], 0, 0, "--"],
      ["head", "Linear", 1, [2, 10], 640, 10, "yes"],
    ]);
    // 36 + 4 + 8 + 650
    expect(s.totalParams).toBe(698);
    expect(s.paramBytes).toBe(698 * 4);
    // running_mean, running_var (4 floats each) and num_batches_tracked (one int32)
    expect(s.bufferBytes).toBe(9 * 4);
    expect(s.inputBytes).toBe(2 * 64 * 4);
    // leaf outputs: conv, bn, relu 3 × 512; pool 128; flatten 128; linear 20 floats
    expect(s.outputBytes).toBe((3 * 512 + 128 + 128 + 20) * 4);
    expect(s.totalBytes).toBe(s.inputBytes + s.paramBytes + s.bufferBytes + s.outputBytes);
  });

  it("totals equal countParameters, with frozen parts and tied weights", () => {
    const m = cnn();
    m.getSubmodule("features").requiresGrad_(false);
    m.getParameter("head.bias").requiresGrad = false;
    const s = summary(m, [1, 1, 8, 8]);
    expect(s.totalParams).toBe(countParameters(m));
    expect(s.trainableParams).toBe(countParameters(m, { trainableOnly: true }));
    expect(s.trainableParams).toBe(640);
    expect(s.frozenParams).toBe(58);
    expect(s.rows.find((r) => r.path === "head")!.trainable).toBe("partial");
    expect(s.rows.find((r) => r.path === "features.0")!.trainable).toBe("no");

    const lm = new TinyLM();
    const t = summary(lm, [2, 5], { dtype: "int32" });
    expect(t.totalParams).toBe(countParameters(lm));
    expect(t.totalParams).toBe(7 * 3 + 3 + 3);
    expect(t.rows.find((r) => r.path === "head")!.weightParams).toBe(0); // counted under emb
    expect(t.rows.find((r) => r.path === "head")!.outputShape).toEqual([2, 5, 7]);
  });

  it("runs in eval mode without grad, then restores modes and removes its hooks", () => {
    const m = new Sequential(new Linear(3, 3), new Dropout(0.5));
    m.getSubmodule("1").eval();
    const x = randn([4, 3]);
    const s = summary(m, x);
    expect(s.rows[2]!.calls).toBe(1);
    expect(m.training).toBe(true);
    expect(m.at(1).training).toBe(false);
    let extra = 0;
    m.at(0).registerForwardHook(() => {
      extra++;
    });
    summary(m, x);
    expect(extra).toBe(1); // only the user's own hook ran, once
    expect(() => summary(m, "x" as never)).toThrow("summary: input must be a shape");
  });

  it("formats a torchinfo-like table", () => {
    const text = formatSummary(summary(cnn(), [2, 1, 8, 8]));
    const lines = text.split("\n");
    expect(lines[1]).toMatch(/^Layer \(type: path\)\s+Output Shape\s+Weights\s+Bias\s+Other\s+Trainable$/);
    expect(lines[3]).toMatch(/^Sequential\s+\[2, 10\]\s+--\s+--\s+--\s+--$/);
    expect(lines[4]).toMatch(/^├─Sequential: features\s+\[2, 4, 4, 4\]/);
    expect(lines[5]).toMatch(/^│ {4}├─Conv2d: features\.0\s+\[2, 4, 8, 8\]\s+36\s+4\s+--\s+yes$/);
    expect(lines[8]).toMatch(/^│ {4}└─MaxPool2d: features\.3/);
    expect(lines[10]).toMatch(/^└─Linear: head\s+\[2, 10\]\s+640\s+10\s+--\s+yes$/);
    expect(text).toContain("Total params: 698\n");
    expect(text).toContain("Params size: 2,792 B (2.73 KiB)\n");
    expect(text).toContain("Buffers size: 36 B\n");
  });

  it("reports a tuple output as a list of shapes", () => {
    class Two extends Module<[Tensor], Tensor[]> {
      override forward(x: Tensor) {
        return [x, x.sum(1)];
      }
    }
    const s = summary(new Two(), tensor([[1, 2]]));
    expect(s.rows[0]!.outputShape).toEqual([[1, 2], [1]]);
  });
});
