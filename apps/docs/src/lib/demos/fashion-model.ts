// The saliency demo's model: builds nn's smallCnn from the committed sidecar, loads the committed
// safetensors weights, decodes the sample images and predicts class probabilities. It does not attribute
// (fashion-attribution.ts) or draw (the island).
import { loadStateDictFromSafetensors, type Sequential, type SmallCnnOptions, smallCnn } from "@paramlens/nn";
import { noGrad, softmax, Tensor } from "@paramlens/tensor";
import { DemoError } from "./errors";

export interface FashionSidecar {
  name: string;
  architecture: { options: SmallCnnOptions; convLayers: string[] };
  classes: readonly string[];
  parameters: number;
  test: { accuracy: number; images: number };
}

export interface FashionSample {
  index: number;
  label: number;
  /** base64 of 784 bytes, row-major, 0 = black */
  pixels: string;
}

export interface FashionSamples {
  width: number;
  height: number;
  samples: FashionSample[];
}

export interface FashionModel {
  model: Sequential;
  sidecar: FashionSidecar;
}

/** Builds the CNN the sidecar describes and loads the weights strictly (every name and shape must match). */
export function loadFashionModel(sidecar: FashionSidecar, weights: Uint8Array): FashionModel {
  if (!sidecar?.architecture?.options || !Array.isArray(sidecar.classes)) {
    throw new DemoError("BAD_ASSET", "loadFashionModel: the sidecar has no architecture.options or classes");
  }
  const model = smallCnn(sidecar.architecture.options);
  loadStateDictFromSafetensors(model, weights);
  model.eval();
  return { model, sidecar };
}

/** One sample as a [1, 1, 28, 28] float32 tensor with pixels in [0, 1] (the model's input). */
export function sampleTensor(sample: FashionSample): Tensor {
  const bin = atob(sample.pixels);
  if (bin.length !== 784) {
    throw new DemoError(
      "BAD_ASSET",
      `sampleTensor: sample ${sample.index} has ${bin.length} bytes, expected 784`,
    );
  }
  const x = new Float32Array(784);
  for (let i = 0; i < 784; i++) x[i] = bin.charCodeAt(i) / 255;
  return new Tensor(x, [1, 1, 28, 28]);
}

/** Class probabilities for one image: softmax of the logits, [classes]. */
export function predict(m: FashionModel, x: Tensor): number[] {
  return noGrad(() => Array.from(softmax(m.model.call(x), -1).toTypedArray()));
}
