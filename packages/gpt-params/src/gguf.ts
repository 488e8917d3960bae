// Reads a GGUF header (llama.cpp's format: magic, version, metadata key/values, tensor infos) with
// @paramlens/formats' reader and counts the tensors' elements. It reads no tensor data and does not dequantise.
//
// Why our own parser and not @huggingface/gguf (0.4.6): that library parses only from a URL through `fetch`
// Range requests (2 MB chunks), is async, and its package `exports` resolve to a build that imports
// node:fs, so esbuild cannot bundle it for the browser. The header format is small and fully specified
// (ggml docs/gguf.md), so @paramlens/formats parses it synchronously; the tests cross-check the result
// against @huggingface/gguf on the same bytes.
import {
  type ByteSource,
  GGML_TYPES as FORMATS_GGML_TYPES,
  type GGUFValue,
  isByteSource,
  type ReadGGUFHeaderOptions,
  readGGUFHeader as readHeader,
} from "@paramlens/formats";
import { HeaderError, toHeaderError } from "./errors";

export type { ByteSource, GGUFValue, ReadGGUFHeaderOptions };

/** One tensor info entry. */
export interface GGUFTensor {
  name: string;
  /** Dimensions as stored (ggml order: fastest-varying first). */
  shape: number[];
  /** ggml type id. */
  type: number;
  /** ggml type name (e.g. "Q4_K"), or `type_<id>` if unknown. */
  typeName: string;
  numel: number;
  /** Bytes of the tensor's data (always known: unknown types are rejected). */
  bytes: number | undefined;
  /** Offset of the data relative to the start of the data section. */
  offset: bigint;
}

/** A parsed GGUF header. */
export interface GGUFHeader {
  version: number;
  littleEndian: boolean;
  metadata: Record<string, GGUFValue>;
  tensors: GGUFTensor[];
  /** `general.alignment` or the default 32. */
  alignment: number;
  /** Bytes read up to the end of the tensor infos. */
  headerBytes: number;
  /** Where tensor data starts: headerBytes rounded up to the alignment. */
  dataStart: number;
  /** Sum of tensor elements, buffers (`rope_freqs`) excluded. */
  parameterCount: number;
  /** Elements of tensors recognised as buffers (`rope_freqs.weight`). */
  bufferCount: number;
  /** `general.architecture`, if present. */
  architecture: string | undefined;
}

/** ggml tensor types: id → [name, elements per block, bytes per block] (the table lives in @paramlens/formats). */
export const GGML_TYPES: Readonly<Record<number, readonly [string, number, number]>> = FORMATS_GGML_TYPES;

/**
 * Parses a GGUF header (versions 2 and 3, either byte order) from the first bytes of a file, or from a
 * ByteSource (`{ size, read(offset, length) }`, e.g. an open file) read once front to back — so a header with
 * a 64 MB vocabulary is parsed once, not again for every longer prefix. Validation is llama.cpp's
 * (@paramlens/formats): at most 4 dims, known ggml types, whole blocks per row, sequential aligned offsets,
 * no duplicate keys, `general.alignment` a u32 power of two. Parameter count excludes `rope_freqs` (a
 * rotary-frequency buffer that Llama 3.1 conversions store).
 * @throws {HeaderError} `HEADER_TRUNCATED` with the byte count needed when the prefix ends inside the
 *   header, `HEADER_INVALID` for anything else (`formatCode` says which rule).
 * @example readGGUFHeader(firstMegabytes).parameterCount
 */
export function readGGUFHeader(
  input: Uint8Array | ArrayBuffer | ByteSource,
  options: ReadGGUFHeaderOptions = {},
): GGUFHeader {
  const source = input instanceof ArrayBuffer ? new Uint8Array(input) : input;
  if (!(source instanceof Uint8Array) && !isByteSource(source)) {
    throw new HeaderError(
      "gguf",
      "HEADER_INPUT",
      `expected a Uint8Array, ArrayBuffer or ByteSource, got ${input === null ? "null" : typeof input}`,
    );
  }
  let h: ReturnType<typeof readHeader>;
  try {
    h = readHeader(source, options);
  } catch (e) {
    throw toHeaderError("gguf", e, source instanceof Uint8Array ? source.length : undefined);
  }
  let parameterCount = 0;
  let bufferCount = 0;
  const tensors: GGUFTensor[] = h.tensors.map((t) => {
    if (/^rope_freqs(\.|$)/.test(t.name)) bufferCount += t.numel;
    else parameterCount += t.numel;
    return {
      name: t.name,
      shape: t.shape,
      type: t.type,
      typeName: t.typeName,
      numel: t.numel,
      bytes: t.byteLength,
      offset: BigInt(t.offset),
    };
  });
  const arch = h.metadata["general.architecture"];
  return {
    version: h.version,
    littleEndian: h.littleEndian,
    metadata: h.metadata,
    tensors,
    alignment: h.alignment,
    headerBytes: h.headerBytes,
    dataStart: h.dataStart,
    parameterCount,
    bufferCount,
    architecture: typeof arch === "string" ? arch : undefined,
  };
}
