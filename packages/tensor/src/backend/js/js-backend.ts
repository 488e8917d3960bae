// The reference backend: every kernel of the interface, on the plain-JS loops in src/kernels/* (cache-
// blocked matmul, im2col conv, float64 accumulation for sums and softmax). Other backends fall back to
// it kernel by kernel. Deliberately no size heuristics and no allocation beyond what the kernels need.

import { conv2dBackwardInput, conv2dBackwardWeight, conv2dForward } from "../../kernels/conv2d";
import {
  absKernel,
  addKernel,
  type BinaryKernel,
  divKernel,
  expKernel,
  logKernel,
  mulKernel,
  negKernel,
  reluKernel,
  sigmoidKernel,
  sqrtKernel,
  subKernel,
  tanhKernel,
  type UnaryKernel,
} from "../../kernels/elementwise";
import { matmulDotKernel, matmulKernel } from "../../kernels/matmul";
import { avgPool2dBackward, avgPool2dForward } from "../../kernels/pool-avg2d";
import { maxPool2dBackward, maxPool2dForward } from "../../kernels/pool-max2d";
import { softmaxKernel } from "../../kernels/softmax";
import type {
  AdamKernelOptions,
  BiasActivation,
  BinaryKernelOp,
  Kernels,
  MatrixView,
  ResolvedBackend,
  SgdKernelOptions,
  UnaryKernelOp,
} from "../backend";

const UNARY: Record<UnaryKernelOp, UnaryKernel> = {
  neg: negKernel,
  abs: absKernel,
  sqrt: sqrtKernel,
  exp: expKernel,
  log: logKernel,
  tanh: tanhKernel,
  relu: reluKernel,
  sigmoid: sigmoidKernel,
};

const BINARY: Record<BinaryKernelOp, BinaryKernel> = {
  add: addKernel,
  sub: subKernel,
  mul: mulKernel,
  div: divKernel,
};

const ACTIVATION: Record<Exclude<BiasActivation, "identity">, UnaryKernel> = {
  relu: reluKernel,
  tanh: tanhKernel,
  sigmoid: sigmoidKernel,
};

/** One 2-d product into out at cOff (zeroed first), reading both operands in place where a loop order allows. */
function matmul2d(
  a: MatrixView,
  aOff: number,
  b: MatrixView,
  bOff: number,
  m: number,
  k: number,
  n: number,
  out: Float32Array,
  cOff: number,
): void {
  out.fill(0, cOff, cOff + m * n);
  // A size-1 dim's stride is irrelevant: treat it as whatever lets the operand be read in place.
  const bcs = n === 1 ? 1 : b.cs;
  const brs = k === 1 ? 1 : b.rs;
  const acs = k === 1 ? 1 : a.cs;
  if (bcs === 1) {
    matmulKernel(a.data, aOff, a.rs, a.cs, b.data, bOff, brs, out, cOff, m, k, n);
  } else if (brs === 1 && acs === 1) {
    matmulDotKernel(a.data, aOff, a.rs, b.data, bOff, bcs, out, cOff, m, k, n);
  } else {
    // B with neither contiguous rows nor columns: copy it row-major.
    const dense = new Float32Array(k * n);
    for (let p = 0; p < k; p++)
      for (let j = 0; j < n; j++) dense[p * n + j] = b.data[bOff + p * b.rs + j * b.cs]!;
    matmulKernel(a.data, aOff, a.rs, a.cs, dense, 0, n, out, cOff, m, k, n);
  }
}

function sgdUpdate(p: Float32Array, g: Float32Array, vel: Float32Array | null, o: SgdKernelOptions): void {
  const keep = o.firstStep ? 0 : o.momentum;
  const damp = o.firstStep ? 1 : 1 - o.dampening;
  for (let i = 0; i < p.length; i++) {
    const pv = p[i]!;
    let gv = Math.fround(g[i]! + Math.fround(o.weightDecay * pv));
    if (o.momentum !== 0 && vel) {
      const vv = Math.fround(keep * vel[i]! + damp * gv);
      vel[i] = vv;
      gv = o.nesterov ? Math.fround(gv + o.momentum * vv) : vv;
    }
    p[i] = pv - o.lr * gv;
  }
}

function adamUpdate(
  p: Float32Array,
  g: Float32Array,
  m: Float32Array,
  v: Float32Array,
  o: AdamKernelOptions,
): void {
  const bc1 = 1 - o.beta1 ** o.step;
  const bc2 = 1 - o.beta2 ** o.step;
  const stepSize = o.lr / bc1;
  const invSqrtBc2 = 1 / Math.sqrt(bc2);
  const decay = o.decoupled ? 1 - o.lr * o.weightDecay : 1;
  const l2 = o.decoupled ? 0 : o.weightDecay;
  for (let i = 0; i < p.length; i++) {
    const pv = p[i]!;
    const gv = Math.fround(g[i]! + l2 * pv);
    const mv = Math.fround(o.beta1 * m[i]! + (1 - o.beta1) * gv);
    const vv = Math.fround(o.beta2 * v[i]! + (1 - o.beta2) * gv * gv);
    m[i] = mv;
    v[i] = vv;
    p[i] = Math.fround(pv * decay) - stepSize * (mv / (Math.sqrt(vv) * invSqrtBc2 + o.eps));
  }
}

export const jsKernels: Kernels = {
  unary: (op, x, out) => UNARY[op](out, 0, x, 0, 1, x.length),
  binary: (op, a, b, out) => BINARY[op](out, 0, a, 0, 1, b, 0, 1, a.length),
  binaryScalar: (op, a, s, reversed, out) => {
    const sv = Float32Array.of(s);
    if (reversed) BINARY[op](out, 0, sv, 0, 0, a, 0, 1, a.length);
    else BINARY[op](out, 0, a, 0, 1, sv, 0, 0, a.length);
  },
  binaryRow: (op, a, row, rows, cols, reversed, out) => {
    const kernel = BINARY[op];
    for (let r = 0, o = 0; r < rows; r++, o += cols) {
      if (reversed) kernel(out, o, row, 0, 1, a, o, 1, cols);
      else kernel(out, o, a, o, 1, row, 0, 1, cols);
    }
  },
  sumLastAxis: (x, rows, cols, out) => {
    for (let r = 0, o = 0; r < rows; r++, o += cols) {
      let s = 0; // float64 accumulator
      for (let c = 0; c < cols; c++) s += x[o + c]!;
      out[r] = s;
    }
  },
  maxLastAxis: (x, rows, cols, out) => {
    for (let r = 0, o = 0; r < rows; r++, o += cols) {
      let best = Number.NEGATIVE_INFINITY;
      for (let c = 0; c < cols; c++) {
        const v = x[o + c]!;
        if (v > best || Number.isNaN(v)) best = v;
        if (Number.isNaN(v)) break;
      }
      out[r] = best;
    }
  },
  matmul: (a, b, m, k, n, out, cOff) => matmul2d(a, a.off, b, b.off, m, k, n, out, cOff),
  batchedMatmul: (a, b, batch, m, k, n, out) => {
    for (let t = 0; t < batch; t++)
      matmul2d(a, a.off + t * a.bs, b, b.off + t * b.bs, m, k, n, out, t * m * n);
  },
  conv2dForward,
  conv2dBackwardInput,
  conv2dBackwardWeight,
  maxPool2dForward,
  maxPool2dBackward,
  avgPool2dForward,
  avgPool2dBackward,
  softmax: (x, rows, cols, log, out) => softmaxKernel(x, [rows, cols], [cols, 1], 0, 1, out, log),
  softmaxCrossEntropy: (x, targets, rows, cols, gradScale, ignoreIndex, losses, dlogits) => {
    for (let r = 0, o = 0; r < rows; r++, o += cols) {
      const t = targets[r]!;
      if (t === ignoreIndex) {
        losses[r] = 0;
        dlogits?.fill(0, o, o + cols);
        continue;
      }
      let mx = Number.NEGATIVE_INFINITY;
      for (let c = 0; c < cols; c++) if (x[o + c]! > mx) mx = x[o + c]!;
      let s = 0;
      for (let c = 0; c < cols; c++) s += Math.exp(x[o + c]! - mx);
      const lse = mx + Math.log(s);
      losses[r] = lse - x[o + t]!;
      if (dlogits) {
        for (let c = 0; c < cols; c++) dlogits[o + c] = gradScale * Math.exp(x[o + c]! - lse);
        dlogits[o + t] = gradScale * (Math.exp(x[o + t]! - lse) - 1);
      }
    }
  },
  biasActivation: (x, bias, rows, cols, act, out) => {
    for (let r = 0, o = 0; r < rows; r++, o += cols) addKernel(out, o, x, o, 1, bias, 0, 1, cols);
    if (act !== "identity") ACTIVATION[act](out, 0, out, 0, 1, rows * cols);
  },
  sgdUpdate,
  adamUpdate,
};

/** The reference backend, complete. */
export const jsBackend: ResolvedBackend = { name: "js", ...jsKernels };
