// f32x4 approximations of exp, log and tanh (Cephes single-precision polynomials, ~1e-7 relative error)
// plus the op codes shared by the unary, activation and fused bias+activation kernels.
// Source of the polynomials: Cephes Math Library, S. L. Moshier, expf.c / logf.c / tanhf.c
// (https://www.netlib.org/cephes/), the same coefficients as sse_mathfun and XNNPACK's reference code.
// Deliberately not here: correctly rounded results; these are within a few ulp, not exact.

// Unary op codes (keep in sync with src/backend/wasm/op-codes.ts).
export const OP_IDENTITY: i32 = 0;
export const OP_RELU: i32 = 1;
export const OP_NEG: i32 = 2;
export const OP_ABS: i32 = 3;
export const OP_SQRT: i32 = 4;
export const OP_SQUARE: i32 = 5;
export const OP_EXP: i32 = 6;
export const OP_LOG: i32 = 7;
export const OP_TANH: i32 = 8;
export const OP_SIGMOID: i32 = 9;
export const OP_GELU: i32 = 10;

// exp(x) = 2^n · exp(r), n = round(x·log2 e), r = x − n·ln 2 (ln 2 split in two for exactness).
@inline
export function expV(x: v128): v128 {
  // Beyond these bounds the result is 0 / +inf anyway; clamping keeps n inside the exponent range.
  x = f32x4.min(f32x4.max(x, f32x4.splat(-104.0)), f32x4.splat(100.0));
  const fx = f32x4.nearest(f32x4.mul(x, f32x4.splat(1.44269504088896341)));
  let r = f32x4.sub(x, f32x4.mul(fx, f32x4.splat(0.693359375)));
  r = f32x4.sub(r, f32x4.mul(fx, f32x4.splat(-2.12194440e-4)));
  const z = f32x4.mul(r, r);
  let y = f32x4.splat(1.9875691500e-4);
  y = f32x4.add(f32x4.mul(y, r), f32x4.splat(1.3981999507e-3));
  y = f32x4.add(f32x4.mul(y, r), f32x4.splat(8.3334519073e-3));
  y = f32x4.add(f32x4.mul(y, r), f32x4.splat(4.1665795894e-2));
  y = f32x4.add(f32x4.mul(y, r), f32x4.splat(1.6666665459e-1));
  y = f32x4.add(f32x4.mul(y, r), f32x4.splat(5.0000001201e-1));
  y = f32x4.add(f32x4.add(f32x4.mul(y, z), r), f32x4.splat(1.0));
  // 2^n applied as 2^(n>>1) · 2^(n−(n>>1)) so both factors stay normal for n in [−150, 145]:
  // results near the overflow and underflow edges are then right instead of saturated.
  const n = i32x4.trunc_sat_f32x4_s(fx);
  const n1 = i32x4.shr_s(n, 1);
  const n2 = i32x4.sub(n, n1);
  const bias = i32x4.splat(127);
  y = f32x4.mul(y, i32x4.shl(i32x4.add(n1, bias), 23));
  return f32x4.mul(y, i32x4.shl(i32x4.add(n2, bias), 23));
}

// log(x) = e·ln 2 + log(m), m in [√½, √2). Handles subnormals, 0 (→ −inf), +inf, negatives and NaN (→ NaN).
@inline
export function logV(x0: v128): v128 {
  // Subnormals: scale by 2^23 first so the exponent field is meaningful.
  const tiny = f32x4.lt(x0, f32x4.splat(1.17549435e-38));
  const x = v128.bitselect(f32x4.mul(x0, f32x4.splat(8388608.0)), x0, tiny);
  let e = f32x4.convert_i32x4_s(i32x4.sub(i32x4.shr_u(x, 23), i32x4.splat(126)));
  e = f32x4.sub(e, v128.and(tiny, f32x4.splat(23.0)));
  // Mantissa in [0.5, 1).
  let m = v128.or(v128.and(x, i32x4.splat(0x807fffff)), i32x4.splat(0x3f000000));
  const small = f32x4.lt(m, f32x4.splat(0.707106781186547524));
  e = f32x4.sub(e, v128.and(small, f32x4.splat(1.0)));
  m = f32x4.sub(f32x4.add(m, v128.and(small, m)), f32x4.splat(1.0));
  const z = f32x4.mul(m, m);
  let y = f32x4.splat(7.0376836292e-2);
  y = f32x4.add(f32x4.mul(y, m), f32x4.splat(-1.1514610310e-1));
  y = f32x4.add(f32x4.mul(y, m), f32x4.splat(1.1676998740e-1));
  y = f32x4.add(f32x4.mul(y, m), f32x4.splat(-1.2420140846e-1));
  y = f32x4.add(f32x4.mul(y, m), f32x4.splat(1.4249322787e-1));
  y = f32x4.add(f32x4.mul(y, m), f32x4.splat(-1.6668057665e-1));
  y = f32x4.add(f32x4.mul(y, m), f32x4.splat(2.0000714765e-1));
  y = f32x4.add(f32x4.mul(y, m), f32x4.splat(-2.4999993993e-1));
  y = f32x4.add(f32x4.mul(y, m), f32x4.splat(3.3333331174e-1));
  y = f32x4.mul(f32x4.mul(y, m), z);
  y = f32x4.add(y, f32x4.mul(e, f32x4.splat(-2.12194440e-4)));
  y = f32x4.sub(y, f32x4.mul(z, f32x4.splat(0.5)));
  let r = f32x4.add(f32x4.add(m, y), f32x4.mul(e, f32x4.splat(0.693359375)));
  // Special values: x = 0 → −inf, x = +inf → +inf, x < 0 or NaN → NaN.
  r = v128.bitselect(f32x4.splat(-Infinity), r, f32x4.eq(x0, f32x4.splat(0)));
  r = v128.bitselect(f32x4.splat(Infinity), r, f32x4.eq(x0, f32x4.splat(Infinity)));
  const bad = v128.not(f32x4.ge(x0, f32x4.splat(0)));
  return v128.bitselect(f32x4.splat(NaN), r, bad);
}

// tanh: odd polynomial for |x| < 0.625, else sign(x)·(1 − 2/(exp(2|x|) + 1)).
@inline
export function tanhV(x: v128): v128 {
  const ax = f32x4.abs(x);
  const z = f32x4.mul(x, x);
  let p = f32x4.splat(-5.70498872745e-3);
  p = f32x4.add(f32x4.mul(p, z), f32x4.splat(2.06390887954e-2));
  p = f32x4.add(f32x4.mul(p, z), f32x4.splat(-5.37397155531e-2));
  p = f32x4.add(f32x4.mul(p, z), f32x4.splat(1.33314422036e-1));
  p = f32x4.add(f32x4.mul(p, z), f32x4.splat(-3.33332819422e-1));
  const small = f32x4.add(f32x4.mul(f32x4.mul(p, z), x), x);
  const e = expV(f32x4.add(ax, ax));
  let big = f32x4.sub(f32x4.splat(1.0), f32x4.div(f32x4.splat(2.0), f32x4.add(e, f32x4.splat(1.0))));
  big = v128.or(big, v128.and(x, i32x4.splat(0x80000000)));
  return v128.bitselect(small, big, f32x4.lt(ax, f32x4.splat(0.625)));
}

// sigmoid(x) = 1/(1 + e) for x ≥ 0 and e/(1 + e) for x < 0, e = exp(−|x|): never overflows, so the
// left tail keeps its (subnormal) values instead of flushing to 0.
@inline
export function sigmoidV(x: v128): v128 {
  const e = expV(f32x4.neg(f32x4.abs(x)));
  const s = f32x4.div(f32x4.splat(1.0), f32x4.add(f32x4.splat(1.0), e));
  return v128.bitselect(s, f32x4.mul(e, s), f32x4.ge(x, f32x4.splat(0)));
}

// GELU, tanh approximation as used by GPT-2: 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))).
// Source: Hendrycks & Gimpel, "Gaussian Error Linear Units (GELUs)", arXiv:1606.08415, eq. in §2.
@inline
export function geluV(x: v128): v128 {
  const x3 = f32x4.mul(f32x4.mul(x, x), x);
  const inner = f32x4.mul(f32x4.splat(0.7978845608028654), f32x4.add(x, f32x4.mul(f32x4.splat(0.044715), x3)));
  return f32x4.mul(f32x4.mul(f32x4.splat(0.5), x), f32x4.add(f32x4.splat(1.0), tanhV(inner)));
}

// d gelu/dx = 0.5(1 + t) + 0.5·x·(1 − t²)·√(2/π)(1 + 3·0.044715·x²), t = tanh(inner).
@inline
export function geluGradV(x: v128): v128 {
  const x2 = f32x4.mul(x, x);
  const c = f32x4.splat(0.7978845608028654);
  const inner = f32x4.mul(c, f32x4.add(x, f32x4.mul(f32x4.splat(0.044715), f32x4.mul(x2, x))));
  const t = tanhV(inner);
  const half = f32x4.splat(0.5);
  const one = f32x4.splat(1.0);
  const dInner = f32x4.mul(c, f32x4.add(one, f32x4.mul(f32x4.splat(0.134145), x2)));
  const left = f32x4.mul(half, f32x4.add(one, t));
  const right = f32x4.mul(f32x4.mul(f32x4.mul(half, x), f32x4.sub(one, f32x4.mul(t, t))), dInner);
  return f32x4.add(left, right);
}

/** Applies unary op `op` to four lanes. `op` is a constant after inlining, so the switch folds away. */
@inline
export function unaryV(op: i32, x: v128): v128 {
  switch (op) {
    case OP_RELU:
      return f32x4.max(x, f32x4.splat(0));
    case OP_NEG:
      return f32x4.neg(x);
    case OP_ABS:
      return f32x4.abs(x);
    case OP_SQRT:
      return f32x4.sqrt(x);
    case OP_SQUARE:
      return f32x4.mul(x, x);
    case OP_EXP:
      return expV(x);
    case OP_LOG:
      return logV(x);
    case OP_TANH:
      return tanhV(x);
    case OP_SIGMOID:
      return sigmoidV(x);
    case OP_GELU:
      return geluV(x);
    default:
      return x;
  }
}

/** dx = dy · f'(x) for unary op `op`, given its input x and output y = f(x). */
@inline
export function unaryGradV(op: i32, x: v128, y: v128, dy: v128): v128 {
  const one = f32x4.splat(1.0);
  switch (op) {
    case OP_RELU:
      return v128.and(dy, f32x4.gt(x, f32x4.splat(0)));
    case OP_NEG:
      return f32x4.neg(dy);
    case OP_ABS: {
      // sign(x)·dy, 0 at x = 0 (PyTorch's convention).
      const pos = v128.and(dy, f32x4.gt(x, f32x4.splat(0)));
      const neg = v128.and(f32x4.neg(dy), f32x4.lt(x, f32x4.splat(0)));
      return v128.or(pos, neg);
    }
    case OP_SQRT:
      return f32x4.div(f32x4.mul(dy, f32x4.splat(0.5)), y);
    case OP_SQUARE:
      return f32x4.mul(dy, f32x4.add(x, x));
    case OP_EXP:
      return f32x4.mul(dy, y);
    case OP_LOG:
      return f32x4.div(dy, x);
    case OP_TANH:
      return f32x4.mul(dy, f32x4.sub(one, f32x4.mul(y, y)));
    case OP_SIGMOID:
      return f32x4.mul(dy, f32x4.mul(y, f32x4.sub(one, y)));
    case OP_GELU:
      return f32x4.mul(dy, geluGradV(x));
    default:
      return dy;
  }
}
