// safetensors I/O (plain records; Tensor glue in io/safetensors-tensor.ts)
export { SAFETENSORS_DTYPES, type SafetensorsDtype } from "./io/safetensors-dtype";
export { SafetensorsError, type SafetensorsErrorCode } from "./io/safetensors-error";
export {
  readSafetensorsHeader,
  SAFETENSORS_MAX_HEADER_SIZE,
  type SafetensorsHeader,
  type SafetensorsTensorInfo,
  safetensorsHeaderSize,
} from "./io/safetensors-header";
export { type DecodedSafetensors, decodeSafetensors, type SafetensorsRecord } from "./io/safetensors-read";
export { encodeSafetensors, type SafetensorsWriteRecord } from "./io/safetensors-write";
