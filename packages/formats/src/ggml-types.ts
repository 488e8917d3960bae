// The ggml tensor type table GGUF files refer to by id: name, elements per block and bytes per block. Ids
// that ggml removed (4, 5, 31–33, 36–38) are absent, so a reader rejects them as llama.cpp does (their
// block size is 0 there). It does not dequantise anything.

/**
 * ggml tensor types: id → [name, elements per block, bytes per block].
 * Source: ggml/src/ggml.c `type_traits` (blck_size, type_size) and ggml/include/ggml.h `enum ggml_type`
 * (GGML_TYPE_COUNT = 40).
 */
export const GGML_TYPES: Readonly<Record<number, readonly [string, number, number]>> = Object.freeze({
  0: ["F32", 1, 4],
  1: ["F16", 1, 2],
  2: ["Q4_0", 32, 18],
  3: ["Q4_1", 32, 20],
  6: ["Q5_0", 32, 22],
  7: ["Q5_1", 32, 24],
  8: ["Q8_0", 32, 34],
  9: ["Q8_1", 32, 36],
  10: ["Q2_K", 256, 84],
  11: ["Q3_K", 256, 110],
  12: ["Q4_K", 256, 144],
  13: ["Q5_K", 256, 176],
  14: ["Q6_K", 256, 210],
  15: ["Q8_K", 256, 292],
  16: ["IQ2_XXS", 256, 66],
  17: ["IQ2_XS", 256, 74],
  18: ["IQ3_XXS", 256, 98],
  19: ["IQ1_S", 256, 50],
  20: ["IQ4_NL", 32, 18],
  21: ["IQ3_S", 256, 110],
  22: ["IQ2_S", 256, 82],
  23: ["IQ4_XS", 256, 136],
  24: ["I8", 1, 1],
  25: ["I16", 1, 2],
  26: ["I32", 1, 4],
  27: ["I64", 1, 8],
  28: ["F64", 1, 8],
  29: ["IQ1_M", 256, 56],
  30: ["BF16", 1, 2],
  34: ["TQ1_0", 256, 54],
  35: ["TQ2_0", 256, 66],
  39: ["MXFP4", 32, 17],
});

/**
 * GGUF metadata value types: id → name and fixed byte size (0 for string and array).
 * Source: ggml docs/gguf.md, `enum gguf_metadata_value_type`.
 */
export const GGUF_VALUE_TYPES: readonly (readonly [string, number])[] = [
  ["UINT8", 1],
  ["INT8", 1],
  ["UINT16", 2],
  ["INT16", 2],
  ["UINT32", 4],
  ["INT32", 4],
  ["FLOAT32", 4],
  ["BOOL", 1],
  ["STRING", 0],
  ["ARRAY", 0],
  ["UINT64", 8],
  ["INT64", 8],
  ["FLOAT64", 8],
];
