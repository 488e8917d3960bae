// The data behind `paramlens explain`: the model's prediction for one image, an attribution map for the
// predicted class by the chosen method, and its faithfulness as the deletion AUC (RISE, Petsiuk et al.
// 2018) of the predicted-class probability, beside the same AUC for random pixel orders (a faithful map
// deletes the evidence first, so its curve falls faster: lower is better). No file I/O here.
import {
  deletionCurve,
  IntegratedGradients,
  KernelShap,
  LayerGradCam,
  NoiseTunnel,
  Occlusion,
  Saliency,
} from "@paramlens/attribution";
import { Conv2d, type Module } from "@paramlens/nn";
import { Generator, noGrad, type Tensor, Tensor as TensorClass } from "@paramlens/tensor";
import { InvalidValueError } from "../errors";

export const EXPLAIN_METHODS = ["ig", "saliency", "smoothgrad", "gradcam", "occlusion", "shap"] as const;
export type ExplainMethod = (typeof EXPLAIN_METHODS)[number];

/** Other spellings each method answers to (and is suggested for). */
export const METHOD_ALIASES: Record<string, ExplainMethod> = {
  "integrated-gradients": "ig",
  integratedgradients: "ig",
  gradients: "saliency",
  "smooth-grad": "smoothgrad",
  "grad-cam": "gradcam",
  kernelshap: "shap",
  "kernel-shap": "shap",
};

/** The method a --method value names, exactly or by alias. */
export function resolveMethod(name: string): ExplainMethod | undefined {
  const lower = name.toLowerCase();
  if ((EXPLAIN_METHODS as readonly string[]).includes(lower)) return lower as ExplainMethod;
  return METHOD_ALIASES[lower];
}

/** What each method id runs, with the settings used (reported in the output). */
export const METHOD_INFO: Record<ExplainMethod, { name: string; settings: string }> = {
  ig: {
    name: "Integrated Gradients (Sundararajan et al. 2017)",
    settings: "black baseline, 50 Gauss–Legendre steps",
  },
  saliency: { name: "Saliency |∂y/∂x| (Simonyan et al. 2014)", settings: "absolute gradient" },
  smoothgrad: {
    name: "SmoothGrad (Smilkov et al. 2017)",
    settings: "|gradient| averaged over 25 copies with noise σ 0.15, seed 0",
  },
  gradcam: {
    name: "Grad-CAM (Selvaraju et al. 2017)",
    settings: "last conv layer, ReLU, bilinear upsampling",
  },
  occlusion: { name: "Occlusion (Zeiler & Fergus 2014)", settings: "4×4 black patches, stride 2" },
  shap: {
    name: "KernelSHAP (Lundberg & Lee 2017)",
    settings: "49 superpixels of 4×4, 2,146 coalitions, seed 0",
  },
};

/** Random pixel orders the deletion AUC is compared with (seeds 1…RANDOM_ORDERS). */
const RANDOM_ORDERS = 5;
/** Points on the deletion curve after the start: 16 pixels deleted per point for a 28×28 image. */
const DELETION_STEPS = 49;

export interface ExplainResult {
  prediction: { index: number; label: string; probability: number };
  /** All classes, most probable first. */
  probabilities: { index: number; label: string; probability: number }[];
  method: { id: ExplainMethod; name: string; settings: string };
  /** [1, 1, H, W] attribution for the predicted class. */
  attributions: Tensor;
  attributionStats: { min: number; max: number; sum: number };
  /** IG only: Σ attributions − (f(x) − f(baseline)) for the predicted logit. */
  convergenceDelta?: number;
  faithfulness: {
    metric: string;
    steps: number;
    deletionAuc: number;
    randomAuc: { mean: number; min: number; max: number; orders: number };
  };
}

function lastConvPath(model: Module): string | undefined {
  let found: string | undefined;
  for (const [name, m] of model.namedModules()) if (m instanceof Conv2d) found = name;
  return found;
}

export function attribute(
  model: Module,
  kind: string,
  method: ExplainMethod,
  x: Tensor,
  target: number,
): { attributions: Tensor; delta?: number } {
  switch (method) {
    case "ig": {
      const r = new IntegratedGradients(model).attribute(x, {
        target,
        nSteps: 50,
        returnConvergenceDelta: true,
      });
      const delta = r.delta?.[0];
      return delta === undefined ? { attributions: r.attributions } : { attributions: r.attributions, delta };
    }
    case "saliency":
      return { attributions: new Saliency(model).attribute(x, { target }).attributions };
    case "smoothgrad":
      return {
        attributions: new NoiseTunnel(new Saliency(model)).attribute(x, {
          target,
          ntType: "smoothgrad",
          nSamples: 25,
          stdevs: 0.15,
          seed: 0,
        }).attributions,
      };
    case "gradcam": {
      const layer = lastConvPath(model);
      if (layer === undefined) {
        throw new InvalidValueError(
          `--method gradcam needs a convolutional layer, and this ${kind} has none; use a cnn checkpoint or another method (ig, saliency, smoothgrad, occlusion, shap)`,
        );
      }
      return { attributions: new LayerGradCam(model, layer).attribute(x, { target }).attributions };
    }
    case "occlusion": {
      const r = new Occlusion(model).attribute(x, {
        target,
        slidingWindowShapes: [1, 4, 4],
        strides: [1, 2, 2],
      });
      return { attributions: r.attributions };
    }
    case "shap": {
      const [, c, h, w] = x.shape as [number, number, number, number];
      const mask = new Int32Array(c * h * w);
      const perRow = Math.ceil(w / 4);
      for (let i = 0; i < h; i++)
        for (let j = 0; j < w; j++) mask[i * w + j] = Math.floor(i / 4) * perRow + Math.floor(j / 4);
      for (let k = 1; k < c; k++) mask.copyWithin(k * h * w, 0, h * w);
      const featureMask = new TensorClass(mask, [1, c, h, w]);
      return {
        attributions: new KernelShap(model).attribute(x, { target, featureMask, seed: 0 }).attributions,
      };
    }
  }
}

/** Explains `x` [1, C, H, W] under `model` (logits over `classes`) with `method`. */
export function explainImage(
  model: Module,
  kind: string,
  classes: readonly string[],
  x: Tensor,
  method: ExplainMethod,
): ExplainResult {
  model.eval();
  const probs = noGrad(() => model.call(x).softmax(-1)).toArray();
  const ranked = probs
    .map((probability, index) => ({ index, label: classes[index] ?? String(index), probability }))
    .sort((a, b) => b.probability - a.probability);
  const top = ranked[0]!;
  const { attributions, delta } = attribute(model, kind, method, x, top.index);
  const values = attributions.toArray();
  const stats = {
    min: Math.min(...values),
    max: Math.max(...values),
    sum: values.reduce((s, v) => s + v, 0),
  };
  const probModel = (t: Tensor) => model.call(t).softmax(-1);
  const options = { target: top.index, nSteps: DELETION_STEPS };
  const deletionAuc = noGrad(() => deletionCurve(probModel, x, attributions, options)).auc[0]!;
  const randomAucs: number[] = [];
  for (let seed = 1; seed <= RANDOM_ORDERS; seed++) {
    const g = new Generator(seed);
    const random = new TensorClass(
      Float32Array.from(values, () => g.nextFloat()),
      [...x.shape],
    );
    randomAucs.push(noGrad(() => deletionCurve(probModel, x, random, options)).auc[0]!);
  }
  return {
    prediction: top,
    probabilities: ranked,
    method: { id: method, ...METHOD_INFO[method] },
    attributions,
    attributionStats: stats,
    ...(delta === undefined ? {} : { convergenceDelta: delta }),
    faithfulness: {
      metric: "deletion AUC of the predicted-class probability (lower is better)",
      steps: DELETION_STEPS,
      deletionAuc,
      randomAuc: {
        mean: randomAucs.reduce((s, v) => s + v, 0) / randomAucs.length,
        min: Math.min(...randomAucs),
        max: Math.max(...randomAucs),
        orders: RANDOM_ORDERS,
      },
    },
  };
}
