// Partial-vector helpers: load/store the first `rem` (1..3) f32 lanes at p, so loop tails reuse the same
// f32x4 code as the body (identical results in body and tail, no scalar copy of every formula).

@inline
export function loadTail(p: usize, rem: i32): v128 {
  let v = f32x4.splat(0);
  v = f32x4.replace_lane(v, 0, load<f32>(p));
  if (rem > 1) v = f32x4.replace_lane(v, 1, load<f32>(p, 4));
  if (rem > 2) v = f32x4.replace_lane(v, 2, load<f32>(p, 8));
  return v;
}

@inline
export function storeTail(p: usize, v: v128, rem: i32): void {
  store<f32>(p, f32x4.extract_lane(v, 0));
  if (rem > 1) store<f32>(p, f32x4.extract_lane(v, 1), 4);
  if (rem > 2) store<f32>(p, f32x4.extract_lane(v, 2), 8);
}

/** Horizontal sum of four lanes. */
@inline
export function hsum(v: v128): f32 {
  const s = f32x4.add(v, f32x4.shuffle(v, v, 2, 3, 0, 1));
  return f32x4.extract_lane(s, 0) + f32x4.extract_lane(s, 1);
}

/** Horizontal max of four lanes (NaN-propagating, like f32x4.max). */
@inline
export function hmax(v: v128): f32 {
  const s = f32x4.max(v, f32x4.shuffle(v, v, 2, 3, 0, 1));
  return max(f32x4.extract_lane(s, 0), f32x4.extract_lane(s, 1));
}
