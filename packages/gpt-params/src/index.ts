// Public API of @paramlens/gpt-params: exact parameter counts, FLOPs, memory and scaling laws for
// decoder-only transformers. Pure functions on plain objects; no tensors, no I/O, safe in browsers.
export { type ActivationMemory, type ActivationMemoryOptions, activationMemory } from "./activation-memory";
export { type ClosedForm, closedForm } from "./closed-form";
export {
  type BiasConfig,
  type GPTConfig,
  type GPTConfigInput,
  type MLPKind,
  type MoEConfig,
  type NormKind,
  type PositionKind,
  validateConfig,
} from "./config";
export { countParameters, type LayerCount, type ParameterReport } from "./count";
export {
  ArgumentError,
  ConfigError,
  FitError,
  GptParamsError,
  HeaderError,
  ImportError,
  PresetError,
} from "./errors";
export {
  type FineTuneMemory,
  type FineTuneOptions,
  fineTuneMemory,
  type LoraCount,
  type LoraTarget,
  loraParameters,
} from "./fine-tune";
export { type FitOptions, fitScalingLaw, type ScalingFit, type ScalingRun } from "./fit-scaling-law";
export { type FlopsOptions, type FlopsReport, flops, trainingCompute, trainingTime } from "./flops";
export { type FormatCountOptions, formatBytes, formatCount, formatFlops } from "./format";
export { GGML_TYPES, type GGUFHeader, type GGUFTensor, type GGUFValue, readGGUFHeader } from "./gguf";
export { configFromGGUF } from "./gguf-config";
export {
  type GGMLTypeName,
  type GGMLTypeSize,
  GGUF_FILE_TYPES,
  type GGUFFileType,
  type GGUFQuantizeOptions,
  type GGUFQuantReport,
  type GGUFTensorCategory,
  type GGUFTensorQuant,
  type GGUFTensorShape,
  ggmlTypeSize,
  ggufQuantize,
  ggufTensorLayout,
} from "./gguf-quantize";
export { type Device, defineDevice, deviceIds, devices, getDevice, type PeakFlops } from "./hardware";
export { fromHuggingFaceConfig, HF_FAMILIES } from "./hf-config";
export {
  type InferenceEstimate,
  type InferenceEstimateOptions,
  inferenceEstimate,
} from "./inference-estimate";
export {
  BYTES_PER_VALUE,
  type DType,
  type InferenceMemory,
  type InferenceMemoryOptions,
  inferenceMemory,
  type KVCacheOptions,
  kvCacheBytes,
  type TrainingMemory,
  type TrainingMemoryOptions,
  trainingMemory,
} from "./memory";
export { type OperationFlops, type OperationFlopsOptions, operationFlops } from "./operation-flops";
export { type Preset, type PublishedCount, presetIds, presets } from "./presets";
export {
  BUFFER_PATTERNS,
  countSafetensors,
  isBufferName,
  readSafetensorsHeader,
  SAFETENSORS_DTYPE_BITS,
  type SafetensorsCount,
  type SafetensorsHeader,
  type SafetensorsTensor,
  type TensorGroup,
} from "./safetensors";
export {
  CHINCHILLA_FITS,
  type ChinchillaConstants,
  type ChinchillaFit,
  type ComputeOptimal,
  type ComputeOptimalOptions,
  chinchilla,
  computeOptimal,
  KAPLAN,
  kaplan,
  PF_DAY,
  tokensPerParameter,
} from "./scaling-laws";
export { editDistance, getPreset, suggestPreset } from "./suggest";
export {
  devicesNeeded,
  mfuFromThroughput,
  OPTIMIZER_BYTES,
  type OptimizerKind,
  type TrainingEstimate,
  type TrainingEstimateOptions,
  trainingEstimate,
} from "./training-estimate";
export { TRAINING_TOKENS, type TrainingTokens } from "./training-tokens";
export {
  KV_CACHE_TYPES,
  type QuantizedKVCacheOptions,
  type QuantizedWeights,
  quantizedKVCacheBytes,
  quantizedWeightBytes,
  type WeightQuant,
} from "./weight-quant";
