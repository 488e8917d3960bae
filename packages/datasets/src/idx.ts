// Parser and writer for the IDX file format used by MNIST and Fashion-MNIST, on plain bytes (gzip or
// raw). Browser-safe: it never touches the file system — see node.ts for reading files.
// Format (http://yann.lecun.com/exdb/mnist/, "THE IDX FILE FORMAT"): two zero bytes, a dtype byte,
// a byte with the number of dimensions, one big-endian uint32 per dimension, then the data, big-endian.
import { gunzipSync } from "fflate";
import { crc32 } from "./crc32";
import { DatasetError } from "./errors";

export type IdxDtype = "uint8" | "int8" | "int16" | "int32" | "float32" | "float64";
export type IdxData = Uint8Array | Int8Array | Int16Array | Int32Array | Float32Array | Float64Array;

export interface IdxArray {
  readonly dtype: IdxDtype;
  /** e.g. [60000, 28, 28] for an image file, [60000] for a label file. */
  readonly dims: readonly number[];
  readonly data: IdxData;
}

const DTYPE_BYTES: Record<IdxDtype, number> = {
  uint8: 1,
  int8: 1,
  int16: 2,
  int32: 4,
  float32: 4,
  float64: 8,
};

const DTYPE_CODES: Record<IdxDtype, number> = {
  uint8: 0x08,
  int8: 0x09,
  int16: 0x0b,
  int32: 0x0c,
  float32: 0x0d,
  float64: 0x0e,
};

// dtype byte → dtype, the inverse of DTYPE_CODES.
const DTYPE_BY_CODE = new Map(Object.entries(DTYPE_CODES).map(([dtype, code]) => [code, dtype as IdxDtype]));

/** True when `bytes` starts with the gzip magic number 1f 8b (RFC 1952 §2.3.1). */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/**
 * Default cap on a gzip member's decompressed size: 512 MiB, ten times Fashion-MNIST's largest file
 * (train-images-idx3-ubyte, 47,040,016 bytes). Pass `maxBytes` to change it.
 */
export const DEFAULT_MAX_GUNZIP_BYTES = 512 * 1024 * 1024;

/**
 * DEFLATE cannot expand data more than 1032:1 (a 258-byte match per 2 bits at best; zlib's FAQ, "the limit
 * is 1032:1"), so an ISIZE trailer above that ratio is a lie, refused before any allocation.
 */
const MAX_DEFLATE_RATIO = 1032;

export interface GunzipOptions {
  /** refuse members whose trailer declares more decompressed bytes than this (default 512 MiB) */
  maxBytes?: number;
}

/**
 * Returns `bytes` gunzipped if they carry the gzip magic number, unchanged otherwise. The trailer is
 * checked (RFC 1952 §2.3.1): its ISIZE against `maxBytes` and DEFLATE's ratio limit before decompressing,
 * then the output's length and CRC-32 against ISIZE and CRC32, so a flipped bit never decodes silently.
 */
export function maybeGunzip(bytes: Uint8Array, what = "input", options: GunzipOptions = {}): Uint8Array {
  if (!isGzip(bytes)) return bytes;
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_GUNZIP_BYTES;
  // 10-byte header + at least 2 bytes of DEFLATE data (an empty final block) + 8-byte trailer
  if (bytes.length < 20) {
    throw new DatasetError(
      "GZIP_CORRUPT",
      `${what}: starts with the gzip magic 1f 8b but is ${bytes.length} bytes long; a gzip member needs at least 20 (header, data, CRC32 and ISIZE trailer)`,
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const crcStored = view.getUint32(bytes.length - 8, true);
  const isize = view.getUint32(bytes.length - 4, true);
  if (isize > maxBytes) {
    throw new DatasetError(
      "GZIP_CORRUPT",
      `${what}: the gzip trailer declares ${isize} decompressed bytes, more than the ${maxBytes}-byte limit (pass maxBytes to raise it)`,
    );
  }
  if (isize > (bytes.length - 18) * MAX_DEFLATE_RATIO) {
    throw new DatasetError(
      "GZIP_CORRUPT",
      `${what}: the gzip trailer declares ${isize} decompressed bytes, impossible from ${bytes.length} compressed bytes (DEFLATE expands at most ${MAX_DEFLATE_RATIO}:1)`,
    );
  }
  let out: Uint8Array;
  try {
    // one byte more than declared, so output longer than ISIZE shows instead of being cut to fit
    out = gunzipSync(bytes, { out: new Uint8Array(isize + 1) });
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new DatasetError(
      "GZIP_CORRUPT",
      `${what}: starts with the gzip magic 1f 8b but cannot be decompressed (${bytes.length} bytes): ${reason.slice(0, 100)}`,
    );
  }
  if (out.length !== isize) {
    throw new DatasetError(
      "GZIP_CORRUPT",
      `${what}: decompressed to ${out.length > isize ? `more than ${isize}` : out.length} bytes but the gzip trailer (ISIZE) says ${isize}`,
    );
  }
  const crc = crc32(out);
  if (crc !== crcStored) {
    throw new DatasetError(
      "GZIP_CORRUPT",
      `${what}: CRC-32 of the decompressed data is ${hex(crc)} but the gzip trailer says ${hex(crcStored)} (corrupt download?)`,
    );
  }
  return out;
}

function hex(n: number): string {
  return `0x${n.toString(16).padStart(8, "0")}`;
}

/**
 * Parses an IDX file (optionally gzipped; see {@link maybeGunzip} for the trailer checks and `maxBytes`).
 * `what` names the source (usually the path) in error messages. The dims' size claim is compared with
 * the bytes present before anything is allocated. Data is copied into a fresh typed array in host byte order.
 */
export function parseIdx(input: Uint8Array, what = "IDX input", options: GunzipOptions = {}): IdxArray {
  const bytes = maybeGunzip(input, what, options);
  if (bytes.length < 4) {
    throw new DatasetError(
      "IDX_TRUNCATED",
      `${what}: expected at least a 4-byte IDX magic number, got ${bytes.length} bytes`,
    );
  }
  const magicHex = Array.from(bytes.subarray(0, 4), (b) => b.toString(16).padStart(2, "0")).join(" ");
  if (bytes[0] !== 0 || bytes[1] !== 0) {
    throw new DatasetError(
      "IDX_BAD_MAGIC",
      `${what}: not an IDX file: magic number ${magicHex} should start with 00 00 (e.g. 00 00 08 03 for images)`,
    );
  }
  const dtype = DTYPE_BY_CODE.get(bytes[2]!);
  if (dtype === undefined) {
    throw new DatasetError(
      "IDX_BAD_DTYPE",
      `${what}: unknown IDX dtype byte 0x${bytes[2]!.toString(16).padStart(2, "0")} in magic ${magicHex}; ` +
        "expected one of 08 (uint8), 09 (int8), 0b (int16), 0c (int32), 0d (float32), 0e (float64)",
    );
  }
  const ndim = bytes[3]!;
  const headerBytes = 4 + 4 * ndim;
  if (bytes.length < headerBytes) {
    throw new DatasetError(
      "IDX_TRUNCATED",
      `${what}: header declares ${ndim} dimensions (${headerBytes} header bytes) but the file has ${bytes.length} bytes`,
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const dims: number[] = [];
  for (let d = 0; d < ndim; d++) dims.push(view.getUint32(4 + 4 * d, false));
  const count = dims.reduce((a, b) => a * b, 1);
  const expected = count * DTYPE_BYTES[dtype];
  const got = bytes.length - headerBytes;
  if (got < expected) {
    throw new DatasetError(
      "IDX_TRUNCATED",
      `${what}: truncated: dims [${dims.join(", ")}] of ${dtype} need ${expected} bytes after the ` +
        `${headerBytes}-byte header, got ${got}`,
    );
  }
  if (got > expected) {
    throw new DatasetError(
      "IDX_TRAILING_BYTES",
      `${what}: dims [${dims.join(", ")}] of ${dtype} need ${expected} bytes after the ` +
        `${headerBytes}-byte header, got ${got} (${got - expected} extra)`,
    );
  }
  return { dtype, dims, data: readData(view, headerBytes, dtype, count) };
}

function readData(view: DataView, offset: number, dtype: IdxDtype, count: number): IdxData {
  const bytes = new Uint8Array(view.buffer, view.byteOffset + offset, count * DTYPE_BYTES[dtype]);
  switch (dtype) {
    case "uint8":
      return bytes.slice();
    case "int8":
      return new Int8Array(bytes.slice().buffer);
    case "int16": {
      const out = new Int16Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getInt16(offset + 2 * i, false);
      return out;
    }
    case "int32": {
      const out = new Int32Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getInt32(offset + 4 * i, false);
      return out;
    }
    case "float32": {
      const out = new Float32Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getFloat32(offset + 4 * i, false);
      return out;
    }
    case "float64": {
      const out = new Float64Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getFloat64(offset + 8 * i, false);
      return out;
    }
  }
}

const INT_RANGES: Partial<Record<IdxDtype, [number, number]>> = {
  uint8: [0, 255],
  int8: [-128, 127],
  int16: [-32768, 32767],
  int32: [-2147483648, 2147483647],
};

/** Encodes an array as an (uncompressed) IDX file. The inverse of `parseIdx`. */
export function encodeIdx(array: IdxArray): Uint8Array {
  const { dtype, dims, data } = array;
  const count = dims.reduce((a, b) => a * b, 1);
  if (data.length !== count) {
    throw new DatasetError(
      "SHAPE_MISMATCH",
      `encodeIdx: dims [${dims.join(", ")}] hold ${count} values but data has ${data.length}`,
    );
  }
  if (dims.length > 255) {
    throw new DatasetError("INVALID_ARGUMENT", `encodeIdx: IDX allows at most 255 dims, got ${dims.length}`);
  }
  const header = 4 + 4 * dims.length;
  const size = DTYPE_BYTES[dtype];
  const out = new Uint8Array(header + count * size);
  const view = new DataView(out.buffer);
  out[2] = DTYPE_CODES[dtype];
  out[3] = dims.length;
  dims.forEach((d, i) => {
    if (!Number.isInteger(d) || d < 0 || d > 0xffffffff) {
      throw new DatasetError("INVALID_ARGUMENT", `encodeIdx: dim ${i} must be a uint32, got ${d}`);
    }
    view.setUint32(4 + 4 * i, d, false);
  });
  const range = INT_RANGES[dtype];
  for (let i = 0; i < count; i++) {
    const o = header + i * size;
    const v = data[i]!;
    // DataView setters wrap out-of-range integers silently; refuse instead.
    if (range !== undefined && !(Number.isInteger(v) && v >= range[0] && v <= range[1])) {
      throw new DatasetError("INVALID_ARGUMENT", `encodeIdx: value ${v} at index ${i} does not fit ${dtype}`);
    }
    if (dtype === "uint8") view.setUint8(o, v);
    else if (dtype === "int8") view.setInt8(o, v);
    else if (dtype === "int16") view.setInt16(o, v, false);
    else if (dtype === "int32") view.setInt32(o, v, false);
    else if (dtype === "float32") view.setFloat32(o, v, false);
    else view.setFloat64(o, v, false);
  }
  return out;
}
