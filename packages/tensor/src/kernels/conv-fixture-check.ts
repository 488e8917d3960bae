// Test support for the conv and pool kernels: the PyTorch fixture types and an allclose check that
// reports the worst element. Test-only; it reads no files (the tests load fixtures/conv-pool.json).

export interface ConvCase {
  name: string;
  xShape: number[];
  wShape: number[];
  yShape: number[];
  stride: [number, number];
  padding: [number, number];
  dilation: [number, number];
  outputPadding?: [number, number];
  groups: number;
  x: number[];
  w: number[];
  b: number[] | null;
  y: number[];
  dy: number[];
  dx: number[];
  dw: number[];
  db: number[] | null;
}

export interface PoolCase {
  name: string;
  xShape: number[];
  yShape: number[];
  kernel: [number, number];
  stride: [number, number];
  padding: [number, number];
  countIncludePad?: boolean;
  x: number[];
  y: number[];
  indices?: number[];
  dy: number[];
  dx: number[];
}

export interface ConvPoolFixtures {
  torch: string;
  conv2d: ConvCase[];
  convTranspose2d: ConvCase[];
  maxPool2d: PoolCase[];
  avgPool2d: PoolCase[];
}

/** Returns null when |a − b| ≤ atol + rtol·|b| everywhere, else a message naming the worst element. */
export function allcloseReport(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  atol = 1e-4,
  rtol = 1e-4,
): string | null {
  if (actual.length !== expected.length) return `length ${actual.length} ≠ expected ${expected.length}`;
  let worst = -1;
  let worstExcess = 0;
  for (let i = 0; i < actual.length; i++) {
    const excess = Math.abs(actual[i]! - expected[i]!) - (atol + rtol * Math.abs(expected[i]!));
    if (excess > worstExcess || Number.isNaN(excess)) {
      worst = i;
      worstExcess = excess;
    }
  }
  return worst < 0 ? null : `element ${worst}: got ${actual[worst]}, expected ${expected[worst]}`;
}
