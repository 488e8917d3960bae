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
export { type FitOptions, fitScalingLaw, type ScalingFit, type ScalingRun } from "./fit-scaling-law";
export { type FlopsOptions, type FlopsReport, flops, trainingCompute, trainingTime } from "./flops";
export { type FormatCountOptions, formatBytes, formatCount, formatFlops } from "./format";
export { GGML_TYPES, type GGUFHeader, type GGUFTensor, type GGUFValue, readGGUFHeader } from "./gguf";
export { configFromGGUF } from "./gguf-config";
export { fromHuggingFaceConfig, HF_FAMILIES } from "./hf-config";
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
