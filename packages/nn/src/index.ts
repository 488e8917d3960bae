// @paramlens/nn public API. Part A (module system, layers, init, summary, state dicts) first; other
// sections are appended below with small targeted insertions.

export { ModuleError, type ModuleErrorCode, type ShapeMismatch, StateDictError } from "./errors";
export { type BatchNormOptions as BatchNormFunctionalOptions, batchNorm } from "./functional/batch-norm";
export { embedding } from "./functional/embedding";
export { FLOAT32_EPS, layerNorm, rmsNorm } from "./functional/layer-norm";
export { linear } from "./functional/linear";
export type { RemovableHandle } from "./hooks";
export * as init from "./init/index";
export {
  GELU,
  type GELUOptions,
  LeakyReLU,
  ReLU,
  Sigmoid,
  SiLU,
  Softmax,
  Tanh,
} from "./layers/activations";
export { BatchNorm1d, BatchNorm2d, type BatchNormOptions } from "./layers/batch-norm";
export { ModuleDict, ModuleList, Sequential } from "./layers/containers";
export { Conv2d, type Conv2dLayerOptions } from "./layers/conv2d";
export { Embedding, type EmbeddingOptions } from "./layers/embedding";
export { Linear, type LinearOptions } from "./layers/linear";
export { LayerNorm, type LayerNormOptions, RMSNorm, type RMSNormOptions } from "./layers/norms";
export { AvgPool2d, type AvgPool2dLayerOptions, MaxPool2d, type Pool2dLayerOptions } from "./layers/pooling";
export { Dropout, Flatten, type FlattenOptions, Identity } from "./layers/shape-layers";
export {
  type AnyModule,
  type ForwardHook,
  type ForwardPreHook,
  type FullBackwardHook,
  type FullBackwardPreHook,
  type LoadStateDictOptions,
  type LoadStateDictResult,
  Module,
  type NamedOptions,
  type RegisterParameterOptions,
  type StateDict,
} from "./module";
export { parameter } from "./parameter";
export { type CountParametersOptions, countParameters } from "./parameter-count";
export { loadStateDictFromSafetensors, saveStateDict } from "./state-dict";
export { type ModelSummary, type SummaryOptions, type SummaryRow, summary } from "./summary";
export { formatBytes, formatSummary } from "./summary-format";
// ---- end of part A exports ----
