// The safetensors dtype table: every dtype name the format defines, its bit width and its rank in the
// reference enum (writers sort by it). It does not convert values: decoding lives with the callers.

/**
 * Every dtype the format defines, in the order of the reference `Dtype` enum ("increasing alignment
 * order"); writers sort tensors by this rank, descending, then by name.
 * Source: huggingface/safetensors, safetensors/src/tensor.rs, `enum Dtype` and `Dtype::bitsize`.
 */
export const SAFETENSORS_DTYPES = [
  "BOOL",
  "F4",
  "F6_E2M3",
  "F6_E3M2",
  "U8",
  "I8",
  "F8_E5M2",
  "F8_E4M3",
  "F8_E8M0",
  "I16",
  "U16",
  "F16",
  "BF16",
  "I32",
  "U32",
  "F32",
  "C64",
  "F64",
  "I64",
  "U64",
] as const;

export type SafetensorsDtype = (typeof SAFETENSORS_DTYPES)[number];

/**
 * Bits per element (4 and 6 for the packed micro-scaling floats, whose byte counts must come out whole).
 * Source: huggingface/safetensors, safetensors/src/tensor.rs, `Dtype::bitsize`.
 */
export const SAFETENSORS_DTYPE_BITS: Readonly<Record<SafetensorsDtype, number>> = Object.freeze({
  BOOL: 8,
  F4: 4,
  F6_E2M3: 6,
  F6_E3M2: 6,
  U8: 8,
  I8: 8,
  F8_E5M2: 8,
  F8_E4M3: 8,
  F8_E8M0: 8,
  I16: 16,
  U16: 16,
  F16: 16,
  BF16: 16,
  I32: 32,
  U32: 32,
  F32: 32,
  C64: 64,
  F64: 64,
  I64: 64,
  U64: 64,
});

const RANK = new Map<string, number>(SAFETENSORS_DTYPES.map((d, i) => [d, i]));

export function isSafetensorsDtype(name: unknown): name is SafetensorsDtype {
  return typeof name === "string" && RANK.has(name);
}

/** Bits per element of a dtype. */
export function dtypeBits(dtype: SafetensorsDtype): number {
  return SAFETENSORS_DTYPE_BITS[dtype];
}

/** Position in the reference enum; writers put higher ranks first. */
export function dtypeRank(dtype: SafetensorsDtype): number {
  return RANK.get(dtype) ?? 0;
}
