// @paramlens/attribution public API: attribution methods over any function from tensor to tensor,
// faithfulness and sanity metrics, heatmap/HTML/JSON output, and tensor-level parameter analysis.
// Layer methods run on @paramlens/nn modules through forward/backward hooks.

export {
  type ActivationMaximizationOptions,
  type ActivationMaximizationResult,
  activationMaximization,
} from "./activation-maximization";
// ---- layer methods (need @paramlens/nn modules: hooks) ----
export {
  type ActivationPatchingOptions,
  type ActivationPatchingResult,
  activationPatching,
  cacheActivations,
  type Patch,
  runWithPatches,
} from "./activation-patching";
export { attentionPatterns } from "./attention-patterns";
// ---- parameter analysis ----
export { biasRole, type LayerBiasRole } from "./bias-role";
// ---- output ----
export { DIVERGING_RDBU, divergingColor, SEQUENTIAL_REDS, sampleColormap, sequentialColor } from "./colormap";
export { DeepLift, type DeepLiftOptions } from "./deep-lift";
export { DeepLiftShap, type DeepLiftShapOptions } from "./deep-lift-shap";
// ---- faithfulness and sanity ----
export {
  deletionCurve,
  insertionCurve,
  type PerturbationCurve,
  type PerturbationCurveOptions,
  trapezoidAuc,
} from "./deletion-insertion";
// ---- errors and shared types ----
export {
  AttributionError,
  type AttributionErrorCode,
  ParameterAnalysisError,
  type ParameterAnalysisErrorCode,
} from "./errors";
// ---- perturbation family ----
export { FeatureAblation, type FeatureAblationOptions } from "./feature-ablation";
export { FeaturePermutation, type FeaturePermutationOptions } from "./feature-permutation";
export { type GradCamOptions, GuidedGradCam, type GuidedGradCamOptions, LayerGradCam } from "./grad-cam";
// ---- gradient family ----
export { GradientShap, type GradientShapOptions } from "./gradient-shap";
export { Deconvolution, GuidedBackprop } from "./guided-backprop";
export { type HeatmapOptions, heatmapPng, heatmapRgba, type RgbaImage } from "./heatmap";
export { type InfidelityOptions, infidelity, type Perturbation } from "./infidelity";
export { InputXGradient, type InputXGradientOptions } from "./input-x-gradient";
export { IntegratedGradients, type IntegratedGradientsOptions } from "./integrated-gradients";
export { InternalInfluence, type InternalInfluenceOptions } from "./internal-influence";
export { type InterpolateMode, interpolate } from "./interpolate";
export { KernelShap, type KernelShapOptions } from "./kernel-shap";
export type { LayerRef } from "./layer";
export { LayerActivation } from "./layer-activation";
export { LayerConductance, type LayerConductanceOptions } from "./layer-conductance";
export {
  LayerDeepLift,
  type LayerDeepLiftOptions,
  LayerDeepLiftShap,
  type LayerDeepLiftShapOptions,
} from "./layer-deep-lift";
export {
  LayerFeatureAblation,
  type LayerFeatureAblationOptions,
  LayerFeaturePermutation,
  type LayerFeaturePermutationOptions,
} from "./layer-feature-ablation";
export { LayerGradientShap, type LayerGradientShapOptions } from "./layer-gradient-shap";
export {
  LayerGradientXActivation,
  type LayerGradientXActivationOptions,
} from "./layer-gradient-x-activation";
export { LayerIntegratedGradients, type LayerIntegratedGradientsOptions } from "./layer-integrated-gradients";
export { Lime, type LimeOptions } from "./lime";
export { fitLinearSurrogate, type LinearSurrogate, type LinearSurrogateOptions } from "./linear-surrogate";
export { type LogitLensLayer, type LogitLensOptions, logitLens } from "./logit-lens";
export { LRP, type LrpOptions } from "./lrp";
export {
  alphaBetaRule,
  boxRule,
  epsilonGammaBoxComposite,
  epsilonPlusComposite,
  epsilonRule,
  gammaRule,
  identityRule,
  type LrpLayerInfo,
  type LrpLayerRules,
  type LrpRule,
  LrpRuleError,
  type LrpRuleFn,
  zPlusRule,
} from "./lrp-rules";
export type { ModelLike } from "./model";
export { NeuronConductance, type NeuronConductanceOptions } from "./neuron-conductance";
export {
  NeuronIntegratedGradients,
  type NeuronIntegratedGradientsOptions,
} from "./neuron-integrated-gradients";
export {
  NeuronDeconvolution,
  NeuronDeepLift,
  NeuronDeepLiftShap,
  NeuronFeatureAblation,
  NeuronGradient,
  NeuronGradientShap,
  NeuronGuidedBackprop,
  type NeuronOptions,
} from "./neuron-methods";
export {
  NoiseTunnel,
  type NoiseTunnelAttributeOptions,
  type NoiseTunnelOptions,
  type NoiseTunnelType,
} from "./noise-tunnel";
export { Occlusion, type OcclusionOptions, windowStarts } from "./occlusion";
export {
  ablationImportance,
  type TensorImportance,
  taylorImportance,
  withZeroed,
  type ZeroBiasEffect,
  zeroBiasEffect,
} from "./parameter-importance";
export { MAX_COUNT_OPTION } from "./prepare";
// ---- prompt attribution (Captum LLMAttribution / LLMGradientAttribution) ----
export {
  type AttrTarget,
  type LLMAttributeOptions,
  LLMAttribution,
  type LLMAttributionOptions,
  type PerturbationMethodClass,
  type PromptAttributionResult,
} from "./prompt/llm-attribution";
export {
  type GradientPromptMethod,
  type LLMGradientAttributeOptions,
  LLMGradientAttribution,
  type LLMGradientAttributionOptions,
} from "./prompt/llm-gradient-attribution";
export {
  formatTemplate,
  type InterpretablePrompt,
  type PromptTokenizer,
  TemplatePrompt,
  type TemplatePromptOptions,
  TokenPrompt,
  type TokenPromptOptions,
} from "./prompt/prompt-input";
export { formatPromptAttribution, type PromptRenderOptions, promptAttributionHtml } from "./prompt/render";
export {
  type GaussLegendreRule,
  gaussLegendre,
  INTEGRATION_METHODS,
  type IntegrationMethod,
  MAX_PATH_STEPS,
  type PathRule,
  pathRule,
} from "./quadrature";
export { cascadingRandomization, type RandomizationStep } from "./randomization";
export {
  type MapSimilarityOptions,
  mapSimilarity,
  pearsonCorrelation,
  rankData,
  spearmanCorrelation,
} from "./rank-correlation";
export { Saliency, type SaliencyOptions } from "./saliency";
export { type SensitivityOptions, sensitivityMax } from "./sensitivity";
export {
  ShapleyValueSampling,
  type ShapleyValueSamplingOptions,
  ShapleyValues,
  type ShapleyValuesOptions,
  shapleyFromCoalitionValues,
} from "./shapley-values";
export {
  effectiveRank,
  parameterSpectra,
  type SpectraReport,
  stableRank,
  type WeightSpectrum,
  weightSpectrum,
} from "./spectrum";
export {
  type Histogram,
  type ParameterStatsEntry,
  type ParameterStatsReport,
  parameterStats,
  type TensorStats,
  type TensorStatsOptions,
  tensorStats,
} from "./tensor-stats";
export { escapeHtml, type TextHtmlOptions, textAttributionHtml } from "./text-html";
export { type AttributionJson, attributionToJson } from "./to-json";
export {
  ActivationCache,
  type ActivationHook,
  type HookNames,
  type ResidStack,
  type RunWithCacheOptions,
  runWithCache,
  runWithHooks,
} from "./transformer/activation-cache";
// ---- inside transformers: weight-based circuits and head detectors (GPT layout) ----
export {
  type CircuitOptions,
  type CompositionMode,
  compositionScore,
  compositionScores,
  embeddingMatrix,
  fullOvCircuit,
  fullQkCircuit,
  type HeadWeights,
  headWeights,
  type ModelGeometry,
  modelGeometry,
  ovCircuit,
  qkCircuit,
  type ScoredToken,
  type SingularDirection,
  type SingularTokensOptions,
  singularTokens,
  unembeddingMatrix,
} from "./transformer/circuits";
export {
  type DirectLogitAttribution,
  type DirectLogitAttributionOptions,
  directLogitAttribution,
  type LogitTarget,
} from "./transformer/direct-logit-attribution";
export { FactoredMatrix, type FactoredSvd } from "./transformer/factored-matrix";
export {
  detectionPattern,
  HEAD_KINDS,
  type HeadKind,
  type HeadScoreOptions,
  headPatternScore,
  headScores,
  type RepeatedTokensOptions,
  repeatedRandomTokens,
} from "./transformer/head-detectors";
export {
  type LogitMetric,
  logitDiffMetric,
  meanAblation,
  type PatchingScan,
  type PatchKind,
  patchFrom,
  patchingScan,
  zeroAblation,
} from "./transformer/hook-patching";
export {
  type HeadRef,
  type PathPatchingResult,
  type PathReceiver,
  pathPatching,
  pathPatchingScan,
} from "./transformer/path-patching";
export type {
  AttributionResult,
  Attributor,
  Baselines,
  CommonAttributeOptions,
  ForwardFn,
  Target,
} from "./types";
export { type LayerUnitActivity, type UnitActivityOptions, unitActivity } from "./unit-activity";
