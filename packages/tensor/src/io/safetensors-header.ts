// Header-only safetensors reading, re-exported from @paramlens/formats: the one reader every paramlens
// package uses (Hugging Face's rules: length prefix, UTF-8, `{` first, nesting ≤ 128, string metadata,
// dtype sizes, contiguous offsets covering the data exactly). This package adds the data decoding only.
export {
  type ReadSafetensorsHeaderOptions,
  readSafetensorsHeader,
  SAFETENSORS_MAX_HEADER_SIZE,
  SAFETENSORS_PREFIX_SIZE,
  type SafetensorsHeader,
  type SafetensorsTensorInfo,
  safetensorsHeaderSize,
} from "@paramlens/formats";
