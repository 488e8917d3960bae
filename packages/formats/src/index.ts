// @paramlens/formats: the safetensors and GGUF header readers every paramlens package uses, with the
// reference implementations' validation rules, typed errors, and helpers for untrusted input (capped JSON
// nesting, cut messages). No dependencies and no Node built-ins: it runs in browsers too.

export { type ByteSource, bytesSource, isByteSource } from "./byte-source";
export {
  jsonNestingDepth,
  jsonValueDepth,
  MAX_JSON_DEPTH,
  type ParseJsonOptions,
  parseJsonCapped,
} from "./capped-json";
export {
  FormatError,
  type FormatErrorCode,
  type FormatErrorDetails,
  type FormatName,
  GGUFError,
  JsonFormatError,
  SafetensorsError,
  type SafetensorsErrorCode,
} from "./errors";
export { GGML_TYPES, GGUF_VALUE_TYPES } from "./ggml-types";
export {
  GGML_MAX_DIMS,
  GGML_MAX_NAME,
  GGUF_DEFAULT_ALIGNMENT,
  GGUF_MAX_ARRAY_DEPTH,
  type GGUFHeader,
  type GGUFTensorInfo,
  type GGUFValue,
  type ReadGGUFHeaderOptions,
  readGGUFHeader,
} from "./gguf-header";
export {
  dtypeBits,
  dtypeRank,
  isSafetensorsDtype,
  SAFETENSORS_DTYPE_BITS,
  SAFETENSORS_DTYPES,
  type SafetensorsDtype,
} from "./safetensors-dtype";
export {
  type ReadSafetensorsHeaderOptions,
  readSafetensorsHeader,
  SAFETENSORS_MAX_HEADER_SIZE,
  SAFETENSORS_PREFIX_SIZE,
  type SafetensorsHeader,
  type SafetensorsTensorInfo,
  safetensorsHeaderSize,
} from "./safetensors-header";
export { cutText, MAX_SHOWN_CHARS, showName, showShape, showValue } from "./untrusted-text";
