// How work is cut into one contiguous part per thread: ranges aligned to the GEMM micro-tile, and row
// bands that never send a thread fewer rows than the micro-tile (which would change the summation order).

const MR = 4; // GEMM micro-tile rows (assembly/gemm.ts)

/** Splits [0, total) into `parts` contiguous ranges whose starts are multiples of `align`. */
export function splitRange(total: number, parts: number, align: number): [number, number][] {
  const blocks = Math.ceil(total / align);
  const out: [number, number][] = [];
  let start = 0;
  for (let p = 0; p < parts; p++) {
    const end = Math.min(total, Math.round((blocks * (p + 1)) / parts) * align);
    if (end > start) out.push([start, end]);
    start = Math.max(start, end);
  }
  return out;
}

/**
 * Row bands of a GEMM's C for `parts` threads: starts on multiples of the micro-tile height, and no band
 * shorter than it unless all of C is (a short last band joins the one before). The GEMM sends fewer than
 * MR rows to its unpacked small-m loop, which sums in another order: a 2-row band would then differ from
 * the same rows computed by one call, and split results must equal one thread's bit for bit.
 */
export function splitRows(total: number, parts: number): [number, number][] {
  const ranges = splitRange(total, parts, MR);
  const last = ranges.at(-1);
  if (ranges.length > 1 && last !== undefined && last[1] - last[0] < MR) {
    ranges.pop();
    ranges[ranges.length - 1]![1] = last[1];
  }
  return ranges;
}
