import { readFileSync } from "node:fs";
import { manualSeed, noGrad, randn, readSafetensorsHeader, type Tensor, tensor } from "@paramlens/tensor";
import { describe, expect, it } from "vitest";
import { StateDictError } from "./errors";
import { ReLU } from "./layers/activations";
import { BatchNorm2d } from "./layers/batch-norm";
import { Sequential } from "./layers/containers";
import { Conv2d } from "./layers/conv2d";
import { Linear } from "./layers/linear";
import { MaxPool2d } from "./layers/pooling";
import { Flatten } from "./layers/shape-layers";
import { loadStateDictFromSafetensors, saveStateDict } from "./state-dict";
import { expectClose, type FixtureTensor, fromFixture } from "./test-util";

function net(): Sequential {
  return new Sequential(
    new Conv2d(1, 3, 3),
    new BatchNorm2d(3),
    new ReLU(),
    new Flatten(),
    new Linear(3 * 4 * 4, 5),
  );
}

/** The raw bit patterns, so -0, NaN payloads and denormals must survive too. */
function bits(t: { toTypedArray(): Float32Array | Int32Array }): number[] {
  const a = t.toTypedArray();
  return Array.from(new Uint32Array(a.buffer, a.byteOffset, a.length));
}

describe("saveStateDict / loadStateDictFromSafetensors", () => {
  it("round-trips every parameter and buffer bit-exactly (awkward float values included)", () => {
    manualSeed(3);
    const a = net();
    a.call(randn([4, 1, 6, 6])); // a training step: running stats and num_batches_tracked change
    const w = a.getParameter("4.weight");
    w.data[0] = -0;
    w.data[1] = 1e-40; // a float32 denormal
    w.data[2] = Number.NaN;
    w.data[3] = Number.POSITIVE_INFINITY;
    w.data[4] = 3.4028234663852886e38;
    const bytes = saveStateDict(a, { format: "pt", note: "test" });
    const header = readSafetensorsHeader(bytes);
    expect(header.metadata).toEqual({ format: "pt", note: "test" });
    expect(header.tensors.map((t) => t.name).sort()).toEqual(Object.keys(a.stateDict()).sort());
    expect(header.tensors.find((t) => t.name === "1.num_batches_tracked")!.dtype).toBe("I32");

    const b = net();
    expect(loadStateDictFromSafetensors(b, bytes)).toEqual({ missingKeys: [], unexpectedKeys: [] });
    const sa = a.stateDict();
    const sb = b.stateDict();
    for (const k of Object.keys(sa)) expect(bits(sb[k]!), k).toEqual(bits(sa[k]!));
    expect(b.getBuffer("1.num_batches_tracked").item()).toBe(1);
  });

  it("applies the strict name and shape checks", () => {
    const small = new Sequential(new Linear(2, 3));
    const other = new Sequential(new Linear(2, 4), new Linear(4, 1));
    const bytes = saveStateDict(other);
    let err: unknown;
    try {
      loadStateDictFromSafetensors(small, bytes);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(StateDictError);
    expect((err as Error).message).toBe(
      [
        "loadStateDict: error(s) in loading state dict for Sequential:",
        // (in the file's order: the safetensors writer sorts names)
        '  unexpected keys: "1.bias", "1.weight"',
        '  size mismatch for "0.weight": checkpoint [4,2], model [3,2]',
        '  size mismatch for "0.bias": checkpoint [4], model [3]',
      ].join("\n"),
    );
  });

  it("loadStateDict rejects values that are not tensors", () => {
    const m = new Linear(1, 1);
    expect(() => m.loadStateDict({ weight: [[1]], bias: tensor([0]) } as never)).toThrow(
      'loadStateDict: "weight" must be a Tensor, got object',
    );
  });

  it("loads a PyTorch state dict saved as safetensors (int64 num_batches_tracked) and matches its outputs", () => {
    // fixtures/cnn-torch.* from scripts/torch-fixtures-layers.py: a trained-for-3-steps CNN in eval mode
    const bytes = new Uint8Array(readFileSync(new URL("../fixtures/cnn-torch.safetensors", import.meta.url)));
    const io = JSON.parse(readFileSync(new URL("../fixtures/cnn-torch.json", import.meta.url), "utf8")) as {
      input: FixtureTensor;
      output: FixtureTensor;
    };
    const net = new Sequential(
      new Conv2d(1, 2, 3, { padding: 1 }),
      new BatchNorm2d(2),
      new ReLU(),
      new MaxPool2d(2),
      new Flatten(),
      new Linear(2 * 3 * 3, 3),
    );
    expect(loadStateDictFromSafetensors(net, bytes)).toEqual({ missingKeys: [], unexpectedKeys: [] });
    expect(net.getBuffer("1.num_batches_tracked").item()).toBe(3);
    net.eval();
    const y = noGrad(() => net.call(fromFixture(io.input)) as Tensor);
    expectClose(y, io.output, "CNN output");
  });
});
