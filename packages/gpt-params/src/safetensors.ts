// Reads safetensors headers (through @paramlens/formats, Hugging Face's rules) and counts what a checkpoint stores:
// parameters and non-parameter buffers separately, bytes per dtype, grouped by layer, merged over shards,
// optionally cross-checked against a config. It never reads tensor data, so a header prefix is enough.

import {
  SAFETENSORS_DTYPE_BITS as FORMATS_DTYPE_BITS,
  readSafetensorsHeader as readHeader,
} from "@paramlens/formats";
import type { GPTConfig, GPTConfigInput } from "./config";
import { countParameters } from "./count";
import { HeaderError, toHeaderError } from "./errors";

/**
 * Bits per element of each safetensors dtype (spec: huggingface/safetensors, `Dtype` in
 * safetensors/src/tensor.rs); the table lives in @paramlens/formats.
 */
export const SAFETENSORS_DTYPE_BITS: Readonly<Record<string, number>> = FORMATS_DTYPE_BITS;

/** One tensor entry of a header. */
export interface SafetensorsTensor {
  name: string;
  dtype: string;
  shape: number[];
  /** Product of the shape (1 for a scalar). */
  numel: number;
  /** end − start of `data_offsets`. */
  bytes: number;
  /** [start, end) byte offsets relative to the end of the header. */
  dataOffsets: [number, number];
}

/** A parsed header. */
export interface SafetensorsHeader {
  /** The JSON header's length N (the file's data starts at byte 8 + N). */
  headerLength: number;
  /** The optional `__metadata__` string map. */
  metadata: Record<string, string>;
  tensors: SafetensorsTensor[];
  /** Bytes of tensor data the header describes. */
  dataBytes: number;
}

function toBytes(input: Uint8Array | ArrayBuffer): Uint8Array {
  if (input instanceof Uint8Array) return input;
  if (input instanceof ArrayBuffer) return new Uint8Array(input);
  throw new HeaderError(
    "safetensors",
    "HEADER_INPUT",
    `expected a Uint8Array or ArrayBuffer, got ${typeof input}`,
  );
}

/**
 * Parses the header of a safetensors file from its first bytes (the whole file works too), with
 * @paramlens/formats' reader — Hugging Face's rules, the same reader `@paramlens/tensor` loads with.
 * Pass `fileLength` (the whole file's size) to also check that the tensors cover the data section exactly,
 * with no trailing bytes; without it only the header is validated.
 * @throws {HeaderError} `HEADER_TRUNCATED` (the message says how many bytes to pass), `HEADER_INVALID`
 *   for anything else; `formatCode` holds the reader's precise code (`INVALID_UTF8`, `SIZE_MISMATCH` …).
 * @example readSafetensorsHeader(firstBytes).tensors.length
 */
export function readSafetensorsHeader(
  input: Uint8Array | ArrayBuffer,
  options: { fileLength?: number } = {},
): SafetensorsHeader {
  const bytes = toBytes(input);
  let h: ReturnType<typeof readHeader>;
  try {
    h =
      options.fileLength === undefined
        ? readHeader(bytes, { headerOnly: true })
        : readHeader(bytes, { fileLength: options.fileLength });
  } catch (e) {
    throw toHeaderError("safetensors", e, bytes.length);
  }
  const metadata = Object.create(null) as Record<string, string>;
  if (h.metadata) for (const k of Object.keys(h.metadata)) metadata[k] = h.metadata[k]!;
  return {
    headerLength: h.headerLength,
    metadata,
    tensors: h.tensors.map((t) => ({
      name: t.name,
      dtype: t.dtype,
      shape: t.shape,
      numel: t.numel,
      bytes: t.byteLength,
      dataOffsets: t.dataOffsets,
    })),
    dataBytes: h.dataLength,
  };
}

/**
 * Tensor names that are buffers, not parameters: GPT-2/GPT-J causal masks (`attn.bias`, `attn.masked_bias`),
 * GPT-NeoX's (`attention.bias`, `attention.masked_bias`), rotary `inv_freq` tables, and `position_ids`.
 * Sources: transformers modeling_gpt2.py / modeling_gptj.py / modeling_gpt_neox.py `register_buffer` calls.
 */
export const BUFFER_PATTERNS: readonly RegExp[] = [
  /(^|\.)attn\.(bias|masked_bias)$/,
  /(^|\.)attention\.(bias|masked_bias)$/,
  /(^|\.)inv_freq$/,
  /(^|\.)position_ids$/,
];

/** Whether a stored tensor is a buffer (see {@link BUFFER_PATTERNS}). */
export function isBufferName(name: string): boolean {
  return BUFFER_PATTERNS.some((re) => re.test(name));
}

/** Totals for a group of tensors. */
export interface TensorGroup {
  parameters: number;
  buffers: number;
  bytes: number;
}

/** What {@link countSafetensors} returns. */
export interface SafetensorsCount {
  /** Elements of parameter tensors. */
  parameters: number;
  /** Elements of buffers (causal masks, inv_freq …) — stored, but not parameters. */
  buffers: number;
  /** parameters + buffers: every stored value. */
  storedValues: number;
  /** Bytes of tensor data. */
  bytes: number;
  /** Parameter elements and bytes per dtype. */
  byDtype: Record<string, { parameters: number; buffers: number; bytes: number }>;
  /** Per layer index (taken from `.h.N.`, `.layers.N.`, `.blocks.N.` or `.layer.N.` in the name). */
  layers: Record<number, TensorGroup>;
  /** Tensors outside any numbered layer (embeddings, final norm, LM head). */
  outsideLayers: TensorGroup;
  /** Names recognised as buffers. */
  bufferNames: string[];
  tensorCount: number;
  shardCount: number;
  /** Present when a config was given: its count and the difference file − config. */
  crossCheck?: { configTotal: number; difference: number; matches: boolean };
}

const LAYER_RE = /(?:^|\.)(?:h|layers|layer|blocks)\.(\d+)\./;

/**
 * Counts parameters and buffers over one header or several shards (a tensor may appear in only one shard).
 * Pass `config` to compare the file's parameter count with the config's exact count.
 * @throws {HeaderError} `HEADER_DUPLICATE` when a tensor name appears in two shards.
 * @example countSafetensors(readSafetensorsHeader(bytes)).parameters // 124439808 for GPT-2
 */
export function countSafetensors(
  headers: SafetensorsHeader | readonly SafetensorsHeader[],
  options: { config?: GPTConfig | GPTConfigInput } = {},
): SafetensorsCount {
  const list = Array.isArray(headers)
    ? (headers as readonly SafetensorsHeader[])
    : [headers as SafetensorsHeader];
  if (list.length === 0)
    throw new HeaderError("safetensors", "HEADER_INPUT", "countSafetensors needs at least one header");
  const seen = new Map<string, number>();
  const out: SafetensorsCount = {
    parameters: 0,
    buffers: 0,
    storedValues: 0,
    bytes: 0,
    byDtype: {},
    layers: {},
    outsideLayers: { parameters: 0, buffers: 0, bytes: 0 },
    bufferNames: [],
    tensorCount: 0,
    shardCount: list.length,
  };
  list.forEach((header, shard) => {
    for (const t of header.tensors) {
      const prev = seen.get(t.name);
      if (prev !== undefined) {
        throw new HeaderError(
          "safetensors",
          "HEADER_DUPLICATE",
          `tensor "${t.name}" appears in shard ${prev} and shard ${shard}`,
        );
      }
      seen.set(t.name, shard);
      const buffer = isBufferName(t.name);
      const m = LAYER_RE.exec(t.name);
      let group: TensorGroup;
      if (m) {
        const idx = Number(m[1]);
        group = out.layers[idx] ?? { parameters: 0, buffers: 0, bytes: 0 };
        out.layers[idx] = group;
      } else group = out.outsideLayers;
      const dt = out.byDtype[t.dtype] ?? { parameters: 0, buffers: 0, bytes: 0 };
      out.byDtype[t.dtype] = dt;
      if (buffer) {
        out.buffers += t.numel;
        group.buffers += t.numel;
        dt.buffers += t.numel;
        out.bufferNames.push(t.name);
      } else {
        out.parameters += t.numel;
        group.parameters += t.numel;
        dt.parameters += t.numel;
      }
      group.bytes += t.bytes;
      dt.bytes += t.bytes;
      out.bytes += t.bytes;
      out.tensorCount++;
    }
  });
  out.storedValues = out.parameters + out.buffers;
  if (options.config) {
    const configTotal = countParameters(options.config).total;
    const difference = out.parameters - configTotal;
    out.crossCheck = { configTotal, difference, matches: difference === 0 };
  }
  return out;
}
