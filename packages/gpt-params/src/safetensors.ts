// Reads safetensors headers (8-byte little-endian length, then JSON) and counts what a checkpoint stores:
// parameters and non-parameter buffers separately, bytes per dtype, grouped by layer, merged over shards,
// optionally cross-checked against a config. It never reads tensor data, so a header prefix is enough.
import type { GPTConfig, GPTConfigInput } from "./config";
import { countParameters } from "./count";
import { HeaderError } from "./errors";

/**
 * Bits per element of each safetensors dtype (spec: huggingface/safetensors, `Dtype` in safetensors/src/tensor.rs).
 * Sub-byte float types (F4, F6_*) pack elements; their byte counts are rounded up per tensor.
 */
export const SAFETENSORS_DTYPE_BITS: Readonly<Record<string, number>> = Object.freeze({
  BOOL: 8,
  U8: 8,
  I8: 8,
  F8_E4M3: 8,
  F8_E5M2: 8,
  F8_E8M0: 8,
  F4: 4,
  F6_E2M3: 6,
  F6_E3M2: 6,
  I16: 16,
  U16: 16,
  F16: 16,
  BF16: 16,
  I32: 32,
  U32: 32,
  F32: 32,
  I64: 64,
  U64: 64,
  F64: 64,
  C64: 64,
});

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

// Header size cap from the safetensors spec: a header larger than 100 MB is rejected.
const MAX_HEADER = 100_000_000;

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
 * Parses the header of a safetensors file from its first bytes (the whole file works too).
 * @throws {HeaderError} `HEADER_TRUNCATED` (the message says how many bytes to pass), `HEADER_INVALID`
 *   for malformed JSON, unknown dtypes, or offsets that disagree with shape × dtype.
 * @example readSafetensorsHeader(firstBytes).tensors.length
 */
export function readSafetensorsHeader(input: Uint8Array | ArrayBuffer): SafetensorsHeader {
  const bytes = toBytes(input);
  if (bytes.length < 8) {
    throw new HeaderError(
      "safetensors",
      "HEADER_TRUNCATED",
      `need at least 8 bytes for the header length, got ${bytes.length}`,
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const length64 = view.getBigUint64(0, true);
  if (length64 > BigInt(MAX_HEADER)) {
    throw new HeaderError(
      "safetensors",
      "HEADER_INVALID",
      `header length ${length64} exceeds the spec's 100 MB limit`,
    );
  }
  const headerLength = Number(length64);
  if (bytes.length < 8 + headerLength) {
    throw new HeaderError(
      "safetensors",
      "HEADER_TRUNCATED",
      `header is ${headerLength} bytes, so pass at least ${8 + headerLength} bytes; got ${bytes.length}`,
    );
  }
  const text = new TextDecoder("utf-8", { fatal: false }).decode(bytes.subarray(8, 8 + headerLength));
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new HeaderError(
      "safetensors",
      "HEADER_INVALID",
      `header is not valid JSON (${(e as Error).message})`,
    );
  }
  if (json === null || typeof json !== "object" || Array.isArray(json)) {
    throw new HeaderError("safetensors", "HEADER_INVALID", "header JSON must be an object of tensor entries");
  }
  const metadata: Record<string, string> = {};
  const tensors: SafetensorsTensor[] = [];
  for (const [name, raw] of Object.entries(json as Record<string, unknown>)) {
    if (name === "__metadata__") {
      if (raw === null || typeof raw !== "object") {
        throw new HeaderError("safetensors", "HEADER_INVALID", "__metadata__ must be an object of strings");
      }
      for (const [k, v] of Object.entries(raw as Record<string, unknown>)) metadata[k] = String(v);
      continue;
    }
    tensors.push(parseEntry(name, raw));
  }
  // Spec: the data buffer is fully indexed, without holes or overlaps.
  const sorted = [...tensors].sort((a, b) => a.dataOffsets[0] - b.dataOffsets[0]);
  let cursor = 0;
  for (const t of sorted) {
    if (t.dataOffsets[0] !== cursor) {
      throw new HeaderError(
        "safetensors",
        "HEADER_INVALID",
        `tensor "${t.name}" starts at byte ${t.dataOffsets[0]} but the previous tensor ends at ${cursor} (holes and overlaps are not allowed)`,
      );
    }
    cursor = t.dataOffsets[1];
  }
  return { headerLength, metadata, tensors, dataBytes: cursor };
}

function parseEntry(name: string, raw: unknown): SafetensorsTensor {
  const bad = (why: string) => new HeaderError("safetensors", "HEADER_INVALID", `tensor "${name}": ${why}`);
  if (raw === null || typeof raw !== "object") throw bad("entry must be an object");
  const { dtype, shape, data_offsets } = raw as { dtype?: unknown; shape?: unknown; data_offsets?: unknown };
  if (typeof dtype !== "string" || !(dtype in SAFETENSORS_DTYPE_BITS)) {
    throw bad(
      `unknown dtype ${JSON.stringify(dtype)}; known: ${Object.keys(SAFETENSORS_DTYPE_BITS).join(", ")}`,
    );
  }
  if (
    !Array.isArray(shape) ||
    shape.some((s) => typeof s !== "number" || !Number.isSafeInteger(s) || s < 0)
  ) {
    throw bad(`shape ${JSON.stringify(shape)} must be an array of non-negative integers`);
  }
  if (
    !Array.isArray(data_offsets) ||
    data_offsets.length !== 2 ||
    data_offsets.some((o) => typeof o !== "number" || !Number.isSafeInteger(o) || o < 0)
  ) {
    throw bad(`data_offsets ${JSON.stringify(data_offsets)} must be [start, end] byte offsets`);
  }
  const [start, end] = data_offsets as [number, number];
  const numel = (shape as number[]).reduce((p, s) => p * s, 1);
  const bits = SAFETENSORS_DTYPE_BITS[dtype] ?? 8;
  const expected = Math.ceil((numel * bits) / 8);
  if (end - start !== expected) {
    throw bad(
      `data_offsets [${start}, ${end}] hold ${end - start} bytes, but shape [${(shape as number[]).join(", ")}] of ${dtype} needs ${expected}`,
    );
  }
  return { name, dtype, shape: shape as number[], numel, bytes: end - start, dataOffsets: [start, end] };
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
