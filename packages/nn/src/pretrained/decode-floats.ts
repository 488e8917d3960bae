// Little-endian F32 / F16 / BF16 bytes → Float32Array (the dtypes checkpoints store weights in). Other
// dtypes are refused by the caller. BF16 is the top half of an f32 (exact); F16 follows IEEE 754 binary16
// (subnormals, ±inf, NaN). It does not keep half precision: the engine computes in float32.

export type FloatDtype = "F32" | "F16" | "BF16";

export const BYTES_PER: Record<FloatDtype, number> = { F32: 4, F16: 2, BF16: 2 };

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Whether F32 bytes can be read straight into a Float32Array's memory (a little-endian machine). */
export const F32_IS_NATIVE = LITTLE_ENDIAN;

/** float16 bits → the float32 value (exact). */
export function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >> 10) & 0x1f;
  const frac = h & 0x3ff;
  if (exp === 0) return sign * frac * 2 ** -24; // subnormal (or zero)
  if (exp === 31) return frac === 0 ? sign * Number.POSITIVE_INFINITY : Number.NaN;
  return sign * (1 + frac / 1024) * 2 ** (exp - 15);
}

/** Decodes `count` values of `dtype` from bytes into out (length count). */
export function decodeFloats(bytes: Uint8Array, dtype: FloatDtype, out: Float32Array): Float32Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n = out.length;
  if (dtype === "F32") {
    for (let i = 0; i < n; i++) out[i] = view.getFloat32(4 * i, true);
  } else if (dtype === "BF16") {
    const bits = new Uint32Array(out.buffer, out.byteOffset, n);
    for (let i = 0; i < n; i++) bits[i] = view.getUint16(2 * i, true) << 16;
  } else {
    for (let i = 0; i < n; i++) out[i] = halfToFloat(view.getUint16(2 * i, true));
  }
  return out;
}
