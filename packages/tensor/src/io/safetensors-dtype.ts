// The float16/bfloat16 bit conversions used to read and write safetensors data, beside the dtype table
// (names, bit widths, the writer's sort rank) re-exported from @paramlens/formats. It does not decide which
// dtypes map to which typed array: the reader and writer do that.

export {
  dtypeBits,
  dtypeRank,
  isSafetensorsDtype,
  SAFETENSORS_DTYPES,
  type SafetensorsDtype,
} from "@paramlens/formats";

// Scratch views for bit casts: one shared 4-byte buffer, so no allocation per element.
const scratchF32 = new Float32Array(1);
const scratchU32 = new Uint32Array(scratchF32.buffer);

/** float32 → IEEE binary16 bits, round to nearest even; NaN → quiet NaN, overflow → ±Inf. */
export function float32ToF16Bits(x: number): number {
  scratchF32[0] = x;
  const u = scratchU32[0]!;
  const sign = (u >>> 16) & 0x8000;
  const exp = (u >>> 23) & 0xff;
  const mant = u & 0x7fffff;
  if (exp === 0xff) return sign | (mant !== 0 ? 0x7e00 : 0x7c00);
  const e = exp - 112; // re-biased exponent: 127 → 15
  if (e >= 1) {
    // normal half: keep 10 mantissa bits, round the 13 dropped ones; a carry bumps the exponent
    let h = (e << 10) | (mant >>> 13);
    const rem = mant & 0x1fff;
    if (rem > 0x1000 || (rem === 0x1000 && (h & 1) === 1)) h += 1;
    return sign | Math.min(h, 0x7c00); // past the largest finite half → Inf
  }
  // subnormal half (or zero): count of 2^-24 units = full mantissa >> (14 - e)
  const shift = 14 - e;
  if (shift > 25) return sign;
  const m = mant | 0x800000;
  let q = m >>> shift;
  const rem = m & ((1 << shift) - 1);
  const half = 1 << (shift - 1);
  if (rem > half || (rem === half && (q & 1) === 1)) q += 1;
  return sign | q;
}

let f16Table: Float32Array | undefined;

/** IEEE binary16 bits → number (exact); a 64 K-entry table built on first use. */
export function f16BitsToFloat32(h: number): number {
  if (f16Table === undefined) {
    f16Table = new Float32Array(65536);
    for (let i = 0; i < 65536; i++) {
      const sign = i & 0x8000 ? -1 : 1;
      const exp = (i >>> 10) & 0x1f;
      const mant = i & 0x3ff;
      if (exp === 0) f16Table[i] = sign * mant * 2 ** -24;
      else if (exp === 31) f16Table[i] = mant === 0 ? sign * Number.POSITIVE_INFINITY : Number.NaN;
      else f16Table[i] = sign * (1 + mant / 1024) * 2 ** (exp - 15);
    }
  }
  return f16Table[h & 0xffff]!;
}

/** float32 → bfloat16 bits, round to nearest even; every NaN → 0x7FC0 (as PyTorch's c10::BFloat16). */
export function float32ToBf16Bits(x: number): number {
  scratchF32[0] = x;
  if (Number.isNaN(scratchF32[0]!)) return 0x7fc0;
  const u = scratchU32[0]!;
  return ((u + 0x7fff + ((u >>> 16) & 1)) >>> 16) & 0xffff;
}

/** bfloat16 bits → number (exact: bfloat16 is the top half of a float32). */
export function bf16BitsToFloat32(b: number): number {
  scratchU32[0] = (b & 0xffff) << 16;
  return scratchF32[0]!;
}
