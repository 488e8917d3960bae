// SafetensorsError: the one error type the safetensors reader and writer throw, with a stable `code`, the
// tensor it concerns and the byte range involved. It is @paramlens/formats' class (re-exported), so an
// error from the header reader there and one from this package's decoder or writer are the same type.
export { SafetensorsError, type SafetensorsErrorCode } from "@paramlens/formats";
