// @paramlens/attribution public API. Attribution methods over any function from tensor to tensor,
// faithfulness metrics, renderers and tensor-level parameter analysis. Layer/neuron methods that need
// module hooks are not here yet (see README, "Next").

export {
  AttributionError,
  type AttributionErrorCode,
  ParameterAnalysisError,
  type ParameterAnalysisErrorCode,
} from "./errors";
export { FeatureAblation, type FeatureAblationOptions } from "./feature-ablation";
export { GradientShap, type GradientShapOptions } from "./gradient-shap";
export { InputXGradient, type InputXGradientOptions } from "./input-x-gradient";
export { IntegratedGradients, type IntegratedGradientsOptions } from "./integrated-gradients";
export { KernelShap, type KernelShapOptions } from "./kernel-shap";
export { Lime, type LimeOptions } from "./lime";
export { fitLinearSurrogate, type LinearSurrogate, type LinearSurrogateOptions } from "./linear-surrogate";
export type { ModelLike } from "./model";
export {
  NoiseTunnel,
  type NoiseTunnelAttributeOptions,
  type NoiseTunnelOptions,
  type NoiseTunnelType,
} from "./noise-tunnel";
export { Occlusion, type OcclusionOptions } from "./occlusion";
export {
  type GaussLegendreRule,
  gaussLegendre,
  INTEGRATION_METHODS,
  type IntegrationMethod,
  type PathRule,
  pathRule,
} from "./quadrature";
export { Saliency, type SaliencyOptions } from "./saliency";
export {
  ShapleyValueSampling,
  type ShapleyValueSamplingOptions,
  ShapleyValues,
  type ShapleyValuesOptions,
  shapleyFromCoalitionValues,
} from "./shapley-values";
export type {
  AttributionResult,
  Attributor,
  Baselines,
  CommonAttributeOptions,
  ForwardFn,
  Target,
} from "./types";
