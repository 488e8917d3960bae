// @paramlens/nn public API. Part A (module system, layers, init, summary, state dicts) first; other
// sections are appended below with small targeted insertions.

export { ModuleError, type ModuleErrorCode, type ShapeMismatch, StateDictError } from "./errors";
export { type BatchNormOptions as BatchNormFunctionalOptions, batchNorm } from "./functional/batch-norm";
export { embedding } from "./functional/embedding";
export { groupNorm } from "./functional/group-norm";
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
export { Conv1d, type Conv1dLayerOptions } from "./layers/conv1d";
export { Conv2d, type Conv2dLayerOptions } from "./layers/conv2d";
export { Embedding, type EmbeddingOptions } from "./layers/embedding";
export { GroupNorm, type GroupNormOptions } from "./layers/group-norm";
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

// ---- part B: attention, GPT, losses, optimizers, training ----
export { causalSoftmax } from "./functional-b/causal-softmax";
export { applyRotary, type RotaryTables, rotaryTables } from "./functional-b/rotary";
export {
  type AttentionPosition,
  alibiSlopes,
  CausalSelfAttention,
  type CausalSelfAttentionOptions,
} from "./layers/attention";
export { Block, type BlockOptions, type BlockResidual } from "./layers/block";
export type { HookSink } from "./layers/hook-sink";
export {
  applyActivation,
  MLP,
  MLP_ACTIVATIONS,
  type MLPActivation,
  type MLPKind,
  type MLPOptions,
} from "./layers/mlp";
export { MoE, type MoEGating, type MoEOptions } from "./layers/moe";
export { type RopeScaling, RotaryEmbedding, type RotaryOptions } from "./layers/rotary-embedding";
export { initSkipped, withoutInit } from "./layers/skip-init";
export { type BceWithLogitsOptions, binaryCrossEntropyWithLogits } from "./losses/bce-with-logits";
export { type CrossEntropyOptions, crossEntropy } from "./losses/cross-entropy";
export { LossError, type LossErrorCode } from "./losses/errors";
export { type NllLossOptions, nllLoss } from "./losses/nll";
export type { Reduction } from "./losses/reduction";
export { l1Loss, mseLoss, type RegressionLossOptions } from "./losses/regression";
export {
  BagOfEmbeddings,
  charGptConfig,
  mlpClassifier,
  type SmallCnnOptions,
  smallCnn,
} from "./models/builders";
export { ModelError, type ModelErrorCode } from "./models/errors";
export type { GPTForwardOptions } from "./models/gpt";
export { type GenerateOptions, GPT, type GPTArchitecture, type GPTOptions, sampleToken } from "./models/gpt";
export { type HookPointFn, hookPointNames, withHookPoints } from "./models/hook-points";
export { KVCache, KVCacheLayer, type KVCacheShape } from "./models/kv-cache";
export { type LoadedGPT2, type LoadGPT2Options, loadGPT2 } from "./models/load-gpt2";
export type { AdamParamGroup } from "./optim/adam";
export { Adam, type AdamOptions, AdamW } from "./optim/adam";
export { type ClipGradNormOptions, clipGradNorm } from "./optim/clip-grad-norm";
export { OptimizerError, type OptimizerErrorCode } from "./optim/errors";
export {
  CosineWarmupLR,
  LRScheduler,
  OneCycleLR,
  type OneCycleOptions,
  type SchedulerState,
  StepLR,
} from "./optim/lr-scheduler";
export type {
  GroupMaker,
  OptimizerGroupState,
  ParamGroup,
  ParamGroupSpec,
  Params,
} from "./optim/optimizer";
export { Optimizer, type OptimizerState } from "./optim/optimizer";
export type { RMSpropParamGroup } from "./optim/rmsprop";
export { RMSprop, type RMSpropOptions } from "./optim/rmsprop";
export type { SGDParamGroup } from "./optim/sgd";
export { SGD, type SGDOptions } from "./optim/sgd";
// ---- pretrained Hugging Face checkpoints ----
export { PretrainedError, type PretrainedErrorCode } from "./pretrained/errors";
export {
  type CheckpointSource,
  type OpenedFile,
  type PretrainedFileMap,
  type PretrainedFileValue,
  sourceFromFiles,
} from "./pretrained/files";
export {
  type Architecture,
  architectureFromConfig,
  PRETRAINED_FAMILIES,
  type PretrainedFamily,
} from "./pretrained/hf-architecture";
export {
  type LoadedPretrained,
  type LoadPretrainedOptions,
  loadFromSource as loadPretrainedFromSource,
  loadPretrained,
} from "./pretrained/load-pretrained";
// ---- end of part B exports ----
// ---- tokenizers (Hugging Face tokenizer.json) ----
export {
  type DecodeOptions,
  type EncodeOptions,
  type LoadTokenizerOptions,
  loadTokenizer,
  type Tokenizer,
} from "./pretrained/tokenizer";
export { TokenizerError, type TokenizerErrorCode } from "./pretrained/tokenizer-errors";
export { createStreamDecoder, type StreamDecoder } from "./pretrained/tokenizer-stream";
export { type WeightLayout, type WeightTarget, weightLayout } from "./pretrained/weight-layout";
export {
  type CheckpointMeta,
  type RestoredCheckpoint,
  restoreCheckpoint,
  type SaveCheckpointOptions,
  saveCheckpoint,
} from "./train/checkpoint";
export { epochOrder, type TensorDataset, takeRows, toTensorDataset } from "./train/data";
export { TrainingError, type TrainingErrorCode } from "./train/errors";
export { firstNonFinite, type NonFinite } from "./train/finite";
export {
  type EarlyStoppingOptions,
  type EpochRecord,
  evaluate,
  type FitCallback,
  type FitEvent,
  type FitOptions,
  type FitResult,
  fit,
  type LossFn,
  type StopReason,
} from "./train/fit";
export { languageModelLoss, windowDataset } from "./train/language-model";
export { accuracy, correctCount } from "./train/metrics";
